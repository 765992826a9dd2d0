from django.core.management.base import BaseCommand

from certificates import signing


class Command(BaseCommand):
    help = ("Print a new Ed25519 private key (PEM) for LMS_CERTIFICATE_SIGNING_KEY; keep it secret and backed up. "
            "With --public, print the public half of the key in use instead, for LMS_CERTIFICATE_RETIRED_PUBLIC_KEYS "
            "when the key is rotated.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--public", action="store_true", help="the public key of the key in use, with its id")

    def handle(self, *args, public: bool, **options) -> None:
        if public:
            self.stdout.write(signing.described_public_key(signing.private_key().public_key(), "in use"), ending="")
        else:
            self.stdout.write(signing.new_private_key_pem(), ending="")
