from django.db import migrations


def grant(apps, schema_editor):
    from events.editorial import ensure_editorial_groups

    ensure_editorial_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial"), ("events", "0006_event_certificate_settings")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
