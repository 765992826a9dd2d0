from django.core.management.base import BaseCommand

from certificates import signing


class Command(BaseCommand):
    help = "Print a new Ed25519 private key (PEM) for LMS_CERTIFICATE_SIGNING_KEY; keep it secret and backed up."

    def handle(self, *args, **options) -> None:
        self.stdout.write(signing.new_private_key_pem(), ending="")
