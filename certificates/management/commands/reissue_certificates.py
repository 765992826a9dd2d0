"""Re-issue the certificates no trusted key verifies any more, after a signing key was withdrawn.

    manage.py reissue_certificates --dry-run
    manage.py reissue_certificates --reason "Signing key withdrawn on 2026-11-25"

First remove the withdrawn key from LMS_CERTIFICATE_RETIRED_PUBLIC_KEYS (and set a new signing key): the
certificates it signed then show "invalid signature" when their QR code is scanned. This supersedes each
of them with a new certificate signed with the current key and mails it to its holder; the old ones stay on
record, verifiable as superseded."""

from django.core.management.base import BaseCommand, CommandError

from certificates import services


class Command(BaseCommand):
    help = "Re-issue every current certificate whose QR signature no trusted key verifies (after a key was withdrawn)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reason", help="kept with each new certificate and in the audit log")
        parser.add_argument("--dry-run", action="store_true", help="only list the certificates concerned")

    def handle(self, *args, reason: str | None, dry_run: bool, **options) -> None:
        certificates = services.unverifiable_certificates()
        for certificate in certificates:
            self.stdout.write(f"{certificate.number}  {certificate.holder_name}  {certificate.title}")
        if dry_run or not certificates:
            self.stdout.write(f"{len(certificates)} certificate(s) no trusted key verifies.")
            return
        if not reason or not reason.strip():
            raise CommandError("Give a --reason; it is kept with each new certificate and in the audit log.")
        report = services.reissue(certificates, reason=reason.strip())
        for certificate, problem in report.failed:
            self.stderr.write(self.style.ERROR(f"{certificate.number}: {problem}"))
        self.stdout.write(self.style.SUCCESS(f"{len(report.renewed)} certificate(s) re-issued and mailed."))
        if report.failed:
            raise SystemExit(1)
