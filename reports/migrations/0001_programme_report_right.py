"""The right to see the programme report, given to Event staff and Moderators (see events/editorial.py)."""

from django.db import migrations, models


def grant(apps, schema_editor):
    from events.editorial import ensure_editorial_groups

    ensure_editorial_groups(apps)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("events", "0014_translation_rights"),
        ("certificates", "0010_sealing_left_to_chunk_tasks"),
        ("courses", "0003_course_rule_bounds"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProgrammeReport",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))],
            options={
                "managed": False, "default_permissions": (),
                "permissions": [("view_programme_report", "Can view the programme report")],
                "verbose_name": "programme report",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
