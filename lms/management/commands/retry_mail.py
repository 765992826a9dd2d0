from django.core.management.base import BaseCommand

from lms.mail import retry_due_mail


class Command(BaseCommand):
    help = ("Queue again the e-mails whose next attempt is due (run_periodic does this every 5 minutes); "
            "--all also those still waiting out their delay, e.g. once the mail server is mended.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="Do not wait for each mail's next attempt time.")

    def handle(self, *args, all: bool, **options) -> None:
        count = retry_due_mail(including_not_yet_due=all)
        self.stdout.write(f"{count} e-mail(s) queued again.")
