from django.core.management.base import BaseCommand

from lms.mail import retry_failed_mail


class Command(BaseCommand):
    help = "Queue again the e-mails that failed to send (run it periodically, e.g. every 5 minutes)."

    def handle(self, *args, **options) -> None:
        count = retry_failed_mail()
        self.stdout.write(f"{count} e-mail(s) queued again.")
