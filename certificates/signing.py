"""Ed25519 signatures for the QR payload, so a certificate can be checked offline with the public key.

The claims say who, what, when and which certificate (number and verification code). A payload is
``base32(claims packed in binary + the raw 64-byte signature)``, without padding: 200 to 350 characters, all of
them in the QR code's alphanumeric set (5.5 bits a character instead of 8), so the code stays small enough to
scan from paper; the signed bytes start with a format byte. Certificates issued before (format 1) carry
``base64url(JSON claims) + "." + base64url(signature)`` and still verify. Base45 (RFC 9285, as in the EU COVID
certificate) would be 6 % shorter, but its space, "%" and "/" cannot stand in an address's path.

Keys can be rotated: the site signs with its current key, and verifies with it and with the public halves of the
keys it signed with before (``LMS_CERTIFICATE_RETIRED_PUBLIC_KEYS``), so certificates already issued stay
verifiable. All of them are published; a payload is checked against each (there are few, and Ed25519 checks
take microseconds)."""

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

JSON_VERSION = 1  # base64url(JSON).base64url(signature): certificates issued before the packed format
PACKED_VERSION = 2  # the first byte of the signed bytes
SIGNATURE_LENGTH = 64  # Ed25519
_DAY_ZERO = date(2000, 1, 1)


class InvalidPayload(ValueError):
    """Not a payload of ours, or its signature does not match: the certificate must not be trusted."""


@dataclass(frozen=True)
class Claims:
    number: str
    code: str
    holder_name: str
    title: str
    first_day: str  # ISO dates
    last_day: str
    hours: str
    issued_on: str

    def packed(self) -> bytes:
        """The format byte, the texts as UTF-8 with their lengths, the days since 2000-01-01 and the tenths of
        an hour as unsigned LEB128 numbers (one byte up to 127, two up to 16383)."""
        tenths = Decimal(self.hours) * 10
        if tenths != tenths.to_integral_value():
            raise ValueError(f"hours {self.hours!r} are not in tenths")
        texts = (self.number, self.code, self.holder_name, self.title)
        days = (date.fromisoformat(day) - _DAY_ZERO for day in (self.first_day, self.last_day, self.issued_on))
        return bytes([PACKED_VERSION]) + b"".join(
            [*(_varint(len(raw)) + raw for raw in (text.encode() for text in texts)),
             *(_varint(delta.days) for delta in days), _varint(int(tenths))])

    @classmethod
    def from_packed(cls, raw: bytes) -> "Claims":
        if raw[:1] != bytes([PACKED_VERSION]):
            raise InvalidPayload("unknown payload version")
        reader = _Reader(raw, 1)
        number, code, holder_name, title = (reader.text() for _ in range(4))
        first_day, last_day, issued_on = ((_DAY_ZERO + timedelta(days=reader.number())).isoformat() for _ in range(3))
        tenths = reader.number()
        if reader.offset != len(raw):
            raise ValueError("bytes after the claims")
        return cls(number=number, code=code, holder_name=holder_name, title=title, first_day=first_day,
                   last_day=last_day, hours=f"{tenths // 10}.{tenths % 10}", issued_on=issued_on)

    @classmethod
    def from_json(cls, raw: bytes) -> "Claims":
        data = json.loads(raw)
        if data.get("v") != JSON_VERSION:
            raise InvalidPayload("unknown payload version")
        first_day, last_day = data["d"]
        return cls(number=data["n"], code=data["c"], holder_name=data["h"], title=data["t"], first_day=first_day,
                   last_day=last_day, hours=data["hrs"], issued_on=data["i"])


def _varint(value: int) -> bytes:
    if value < 0:
        raise ValueError("negative number")
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


class _Reader:
    def __init__(self, raw: bytes, offset: int) -> None:
        self.raw, self.offset = raw, offset

    def number(self) -> int:
        value = shift = 0
        while True:
            byte = self.raw[self.offset]  # IndexError when cut short
            self.offset += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    def text(self) -> str:
        length = self.number()
        end = self.offset + length
        if end > len(self.raw):
            raise ValueError("text cut short")
        text, self.offset = self.raw[self.offset:end].decode(), end
        return text


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@cache
def _private_key_from(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("The certificate signing key must be an Ed25519 key.")
    return key


def _configured_pem() -> str:
    if settings.CERTIFICATE_SIGNING_KEY:
        return settings.CERTIFICATE_SIGNING_KEY
    path = Path(settings.CERTIFICATE_SIGNING_KEY_FILE) if settings.CERTIFICATE_SIGNING_KEY_FILE else None
    if path is None:
        raise ImproperlyConfigured("Set LMS_CERTIFICATE_SIGNING_KEY or LMS_CERTIFICATE_SIGNING_KEY_FILE.")
    if not path.exists():
        if not settings.DEBUG:
            raise ImproperlyConfigured(f"The certificate signing key file {path} does not exist.")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_private_key_pem())
        path.chmod(0o600)
    return path.read_text()


def new_private_key_pem() -> str:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def private_key() -> Ed25519PrivateKey:
    return _private_key_from(_configured_pem())


def public_key_pem(key: Ed25519PublicKey | None = None) -> str:
    """``key`` (default: the current key's public half) as PEM."""
    key = key or private_key().public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def described_public_key(key: Ed25519PublicKey, status: str) -> str:
    """A PEM block after a comment line naming the key (PEM allows text between blocks)."""
    return f"Certificate signing key {key_id(key)} ({status})\n{public_key_pem(key)}"


def load_public_key(pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


_PUBLIC_KEY_PEM = re.compile(r"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----", re.DOTALL)


def load_public_keys(text: str) -> list[Ed25519PublicKey]:
    """Every public key in a text of PEM blocks (such as the published key list, with its comment lines)."""
    blocks = _PUBLIC_KEY_PEM.findall(text)
    if not blocks:
        raise ValueError("no public key (PEM) found")
    return [load_public_key(block) for block in blocks]


def key_id(key: Ed25519PublicKey) -> str:
    """A short fingerprint to tell keys apart in the published list and in the operators' notes."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return _b64encode(hashlib.sha256(raw).digest()[:9])


@cache
def _retired_from(text: str) -> tuple[Ed25519PublicKey, ...]:
    return tuple(load_public_keys(text)) if text.strip() else ()


def retired_public_keys() -> tuple[Ed25519PublicKey, ...]:
    """Checked when the site starts (``certificates.checks``), so a broken setting is found there."""
    text = settings.CERTIFICATE_RETIRED_PUBLIC_KEYS
    if settings.CERTIFICATE_RETIRED_PUBLIC_KEYS_FILE:
        text += "\n" + Path(settings.CERTIFICATE_RETIRED_PUBLIC_KEYS_FILE).read_text()
    return _retired_from(text)


def verification_keys() -> dict[str, Ed25519PublicKey]:
    """The current key first, then the retired ones, by key id."""
    current = private_key().public_key()
    keys = {key_id(current): current}
    for key in retired_public_keys():
        keys.setdefault(key_id(key), key)
    return keys


def public_keys_pem() -> str:
    """The published key list: the current key, then the retired ones."""
    current, *retired = verification_keys().values()
    return described_public_key(current, "current") + "".join(described_public_key(key, "retired") for key in retired)


def sign(claims: Claims) -> str:
    body = claims.packed()
    return base64.b32encode(body + private_key().sign(body)).decode("ascii").rstrip("=")


def verify(payload: str, *, public_keys: Sequence[Ed25519PublicKey] | None = None) -> Claims:
    """The claims of a payload (either format) signed by one of ``public_keys`` (default: this site's current
    and retired keys); InvalidPayload otherwise."""
    keys = list(verification_keys().values()) if public_keys is None else public_keys
    body, signature, from_bytes = _parts(payload)
    if not any(_signed_by(key, signature, body) for key in keys):
        raise InvalidPayload("invalid signature")
    return _read(from_bytes, body)


def unverified_claims(payload: str) -> Claims:
    """The claims of a payload without checking its signature: only to find the certificate it names, whose
    page then checks the signature and says when the document is not genuine."""
    body, _, from_bytes = _parts(payload)
    return _read(from_bytes, body)


def _read(from_bytes: Callable[[bytes], Claims], body: bytes) -> Claims:
    try:
        return from_bytes(body)
    # Unsigned bytes can be anything: JSON that is not an object, a day count past the year 9999...
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, OverflowError) as error:
        raise InvalidPayload("malformed claims") from error


def _parts(payload: str) -> tuple[bytes, bytes, Callable[[bytes], Claims]]:
    """Signed bytes, signature and the reader of the claims, by the payload's format."""
    payload = payload.strip()
    try:
        if "." in payload:
            body_text, signature_text = payload.split(".")
            return _b64decode(body_text), _b64decode(signature_text), Claims.from_json
        # Scanners and people may hand it over in lower case.
        raw = base64.b32decode(payload.upper() + "=" * (-len(payload) % 8))
    except (ValueError, binascii.Error) as error:  # wrong shape, or not base64 / base32
        raise InvalidPayload("malformed payload") from error
    if len(raw) <= SIGNATURE_LENGTH:
        raise InvalidPayload("malformed payload")
    return raw[:-SIGNATURE_LENGTH], raw[-SIGNATURE_LENGTH:], Claims.from_packed


def _signed_by(key: Ed25519PublicKey, signature: bytes, body: bytes) -> bool:
    try:
        key.verify(signature, body)
    except _CryptoInvalidSignature:
        return False
    return True
