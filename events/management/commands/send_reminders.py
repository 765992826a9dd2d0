from django.core.management.base import BaseCommand

from events.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the 24-hour and 1-hour event reminders that are due. Safe to run as often as you like."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{send_due_reminders()} reminder(s) queued.")
