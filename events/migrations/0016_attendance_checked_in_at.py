from django.db import migrations, models
from django.db.models import F


def check_ins_came_when_last_saved(apps, schema_editor):
    """Until now the time of a check-in was its row's last save (which a check-in never repeats)."""
    Attendance = apps.get_model("events", "Attendance")
    Attendance.objects.filter(source="checkin").update(checked_in_at=F("updated_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0015_signed_ticket_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="checked_in_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="checked in at"),
        ),
        migrations.RunPython(check_ins_came_when_last_saved, migrations.RunPython.noop),
    ]
