from django.db import migrations


class Migration(migrations.Migration):
    """Ticket codes are computed from the registration's id and the site's key (events.tickets) rather than stored:
    the stored random codes were never shown to participants, so no one holds one."""

    dependencies = [
        ("events", "0014_translation_rights"),
    ]

    operations = [
        migrations.RemoveField(model_name="registration", name="ticket_code"),
    ]
