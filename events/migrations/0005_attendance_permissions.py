from django.db import migrations


def grant(apps, schema_editor):
    from events.editorial import ensure_editorial_groups

    ensure_editorial_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("events", "0004_attendance")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
