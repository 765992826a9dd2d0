"""Event staff review and approve organisations (see events/editorial.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from events.editorial import ensure_editorial_groups

    ensure_editorial_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_organisations_rosters_invitations"),
        ("events", "0015_signed_ticket_codes"),
        ("reports", "0001_programme_report_right"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
