"""Admin listings of records nobody edits by hand (registrations, attendance, certificates, the audit log), and
their CSV/XLSX exports, readable as staff read the listings themselves and safe to open in a spreadsheet program."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet


def local_wall_time(value: datetime.datetime) -> datetime.datetime:
    """Office time to the second, without a zone (a spreadsheet cell holds none): not UTC with microseconds."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.replace(tzinfo=None, microsecond=0)


# A spreadsheet program runs a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_csv_cell(value):
    """Text that would start a formula, with a ' before it so that it is shown as typed; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class ReadableExportIndexView(IndexView):
    """Exports times in the office's time zone and choices by their labels ("potwierdzona", not "confirmed").

    CSV cells never start a formula (names, access needs and answers are typed by anyone who signs up), and the file
    starts with a byte order mark, without which spreadsheet programs misread Polish letters. XLSX needs neither:
    Wagtail stores every cell there as text, never as a formula."""

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

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({
            field: inert_csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        })

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


class ReadableInspectView(InspectView):
    """Times in the office's zone, as the listing shows them (Wagtail's inspect view printed UTC), and a dash for
    nothing rather than "None"."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
        if value is None or value == "":
            return "—"
        return value


class ReadOnlyModelViewSet(ModelViewSet):
    """Listing, filters, export and inspect, without add, edit or delete."""

    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ReadableExportIndexView
    inspect_view_class = ReadableInspectView

    def get_form_class(self, for_update=False):
        return None  # there are no add/edit views to use a form

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in {"add", "edit", "delete"}]
