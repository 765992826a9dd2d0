"""Filter sets of the admin listings."""

import re

import django_filters
import django_filters.fields
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.filters import WagtailFilterSet

from lms.converters import DatabaseIdConverter


class RowChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of row by id that turns away ids no integer column can hold (``?event=²``, twenty nines) as an
    invalid choice, rather than passing them to the database driver, which fails on them."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(DatabaseIdConverter.regex, str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RowChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RowChoiceField


class AdminFilterSet(WagtailFilterSet):
    """Wagtail's filter set, with foreign keys filtered through ``RowChoiceFilter``."""

    FILTER_DEFAULTS = {
        **WagtailFilterSet.FILTER_DEFAULTS,
        **{field: {**WagtailFilterSet.FILTER_DEFAULTS[field], "filter_class": RowChoiceFilter}
           for field in (models.ForeignKey, models.OneToOneField)},
    }
