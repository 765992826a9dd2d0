"""Filter sets of the admin listings."""

import django_filters
import django_filters.fields
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from wagtail.admin.filters import WagtailFilterSet

from lms.converters import is_database_id


class RowChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of row by id that turns away ids no integer column can hold (``?event=²``, twenty nines) as an
    invalid choice, rather than passing them to the database driver, which fails on them."""

    def to_python(self, value):
        if value not in self.empty_values and not is_database_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def filtered_id(request: HttpRequest, name: str) -> int | None:
    """The id a listing is filtered by (``?event=12``), or None when there is none or it is unusable."""
    value = request.GET.get(name, "")
    return int(value) if is_database_id(value) else None


class RowChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RowChoiceField


class AdminFilterSet(WagtailFilterSet):
    """Wagtail's filter set, with foreign keys filtered through ``RowChoiceFilter``."""

    FILTER_DEFAULTS = {
        **WagtailFilterSet.FILTER_DEFAULTS,
        **{field: {**WagtailFilterSet.FILTER_DEFAULTS[field], "filter_class": RowChoiceFilter}
           for field in (models.ForeignKey, models.OneToOneField)},
    }
