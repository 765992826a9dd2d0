"""Ed25519 signatures for the QR payload, so a certificate can be checked offline with the public key.

A payload is ``base64url(JSON claims) + "." + base64url(signature)``; the claims say who, what, when and
which certificate (number and verification code).

Keys can be rotated: the site signs with its current key, and verifies with it and with the public halves of the
keys it signed with before (``LMS_CERTIFICATE_RETIRED_PUBLIC_KEYS``), so certificates already issued stay
verifiable. All of them are published; a payload is checked against each (there are few, and Ed25519 checks
take microseconds)."""

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PAYLOAD_VERSION = 1


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

    def as_json(self) -> bytes:
        data = {"v": PAYLOAD_VERSION, "n": self.number, "c": self.code, "h": self.holder_name, "t": self.title,
                "d": [self.first_day, self.last_day], "hrs": self.hours, "i": self.issued_on}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "Claims":
        data = json.loads(raw)
        if data.get("v") != PAYLOAD_VERSION:
            raise InvalidPayload("unknown payload version")
        first_day, last_day = data["d"]
        return cls(number=data["n"], code=data["c"], holder_name=data["h"], title=data["t"], first_day=first_day,
                   last_day=last_day, hours=data["hrs"], issued_on=data["i"])


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
    body = claims.as_json()
    return _b64encode(body) + "." + _b64encode(private_key().sign(body))


def verify(payload: str, *, public_keys: Sequence[Ed25519PublicKey] | None = None) -> Claims:
    """The claims of a payload signed by one of ``public_keys`` (default: this site's current and retired
    keys); InvalidPayload otherwise."""
    keys = list(verification_keys().values()) if public_keys is None else public_keys
    try:
        body_text, signature_text = payload.strip().split(".")
        body, signature = _b64decode(body_text), _b64decode(signature_text)
    except ValueError as error:  # wrong shape or not base64
        raise InvalidPayload("malformed payload") from error
    if not any(_signed_by(key, signature, body) for key in keys):
        raise InvalidPayload("invalid signature")
    try:
        return Claims.from_json(body)
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidPayload("malformed claims") from error


def _signed_by(key: Ed25519PublicKey, signature: bytes, body: bytes) -> bool:
    try:
        key.verify(signature, body)
    except _CryptoInvalidSignature:
        return False
    return True
