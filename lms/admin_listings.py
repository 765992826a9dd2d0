"""Admin listings of records nobody edits by hand (registrations, attendance, certificates, the audit log), and
their CSV/XLSX exports, readable as staff read the listings themselves."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet


def local_wall_time(value: datetime.datetime) -> datetime.datetime:
    """Office time to the second, without a zone (a spreadsheet cell holds none): not UTC with microseconds."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.replace(tzinfo=None, microsecond=0)


class ReadableExportIndexView(IndexView):
    """Exports times in the office's time zone and choices by their labels ("potwierdzona", not "confirmed")."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {IndexView.FORMAT_CSV: local_wall_time, IndexView.FORMAT_XLSX: local_wall_time},
    }

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for name in row:
            try:
                field = item._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.choices:
                row[name] = getattr(item, f"get_{name}_display")()
        return row


class ReadOnlyModelViewSet(ModelViewSet):
    """Listing, filters, export and inspect, without add, edit or delete."""

    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ReadableExportIndexView

    def get_form_class(self, for_update=False):
        return None  # there are no add/edit views to use a form

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in {"add", "edit", "delete"}]
