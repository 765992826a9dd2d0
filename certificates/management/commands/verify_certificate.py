"""Check a certificate offline: the signature of its QR payload against the public key.

    manage.py verify_certificate certificate.pdf
    manage.py verify_certificate '<payload>' --public-key public-keys.pem
    manage.py verify_certificate 'https://…/v/<payload>'   (what the QR code holds)
    manage.py verify_certificate 'https://…/certificates/verify/<code>/?p=<payload>'   (QR codes printed before)

Exit status 0 when the signature is good, 1 when it is not (tampered, or not one of ours) or, unless --offline,
when the signed data differ from the site's record of the certificate with that code."""

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.core.management.base import BaseCommand, CommandError

from certificates import rendering, signing
from certificates.models import Certificate
from certificates.selectors import claims_match

# The packed format (base32) and the JSON one before it (base64url, a dot, base64url).
PAYLOAD_SHAPE = re.compile(r"[A-Za-z2-7]+|[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
SCANNED_PATH = re.compile(r"/v/([^/]+)", re.IGNORECASE)


def payload_from(source: str) -> str:
    """A PDF file (its CertificatePayload entry), the QR code's address (``/v/<payload>``), a verification page's
    address (its ``p`` parameter) or the payload. A file comes first: "certificate.pdf" has a payload's shape."""
    if os.path.isfile(source):  # False, not an error, for a name too long to be a file's (a payload)
        try:
            metadata = rendering.read_metadata(Path(source).read_bytes())
        except rendering.InvalidPdf as error:
            raise CommandError(f"{source} is not a PDF.") from error
        if "CertificatePayload" not in metadata:
            raise CommandError(f"{source} carries no certificate payload.")
        return metadata["CertificatePayload"]
    if PAYLOAD_SHAPE.fullmatch(source.strip()):
        return source.strip()
    if source.lower().startswith(("http://", "https://")):
        address = urlsplit(source.strip())
        values = parse_qs(address.query).get("p") or SCANNED_PATH.findall(address.path)[-1:]
        if not values:
            raise CommandError("The address has no signed payload (parameter p).")
        return values[0]
    raise CommandError(f"{source} is neither a file, a verification address nor a payload.")


class Command(BaseCommand):
    help = "Verify a certificate's Ed25519 signature offline (PDF file, verification URL or payload)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="a certificate PDF, the address from its QR code, or the payload")
        parser.add_argument("--public-key", help="PEM file with one or more public keys, such as the site's "
                            "/certificates/public-keys.pem (default: this site's current and retired keys)")
        parser.add_argument("--offline", action="store_true", help="do not look the certificate up in the database")

    def handle(self, *args, source: str, public_key: str | None, offline: bool, **options) -> None:
        try:
            keys = signing.load_public_keys(Path(public_key).read_text()) if public_key else None
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read public keys from {public_key}: {error}") from error
        try:
            claims = signing.verify(payload_from(source), public_keys=keys)
        except signing.InvalidPayload as error:
            self.stderr.write(self.style.ERROR(f"INVALID: {error}"))
            raise SystemExit(1) from error
        self.stdout.write(self.style.SUCCESS("Signature: valid"))
        self.stdout.write(f"Number:     {claims.number}")
        self.stdout.write(f"Holder:     {claims.holder_name}")
        self.stdout.write(f"Training:   {claims.title}")
        self.stdout.write(f"Dates:      {claims.first_day} – {claims.last_day} ({claims.hours} h)")
        self.stdout.write(f"Issued on:  {claims.issued_on}")
        if offline:
            return
        certificate = Certificate.objects.filter(code=claims.code).first()
        if certificate is None:
            self.stdout.write("Status:     not found in this site's records")
        elif not claims_match(claims, certificate):
            # Signed by us, yet not what we recorded under its code: a copy that must not be trusted.
            self.stderr.write(self.style.ERROR(
                f"NOT GENUINE: the signed data do not match this site's record of certificate {certificate.number} "
                f"(issued to {certificate.holder_name})."))
            raise SystemExit(1)
        else:
            self.stdout.write(f"Status:     {certificate.status}")
