"""CSV/XLSX exports of the admin listings, readable as staff read the listings themselves."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from wagtail.admin.views.generic import IndexView


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
