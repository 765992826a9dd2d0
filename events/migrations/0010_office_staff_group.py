"""The "Office staff" group: the accounts the office confirmed as its own staff (see events/editorial.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from events.editorial import ensure_editorial_groups

    ensure_editorial_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("events", "0009_event_restricted_to_audience")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
