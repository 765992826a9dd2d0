"""Ed25519 signatures for the QR payload, so a certificate can be checked offline with the public key.

A payload is ``base64url(JSON claims) + "." + base64url(signature)``; the claims say who, what, when and
which certificate (number and verification code)."""

import base64
import json
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


def public_key_pem() -> str:
    return private_key().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def load_public_key(pem: str) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def sign(claims: Claims) -> str:
    body = claims.as_json()
    return _b64encode(body) + "." + _b64encode(private_key().sign(body))


def verify(payload: str, *, public_key: Ed25519PublicKey | None = None) -> Claims:
    """The claims of a payload whose signature is good; InvalidPayload otherwise."""
    key = public_key or private_key().public_key()
    try:
        body_text, signature_text = payload.strip().split(".")
        body, signature = _b64decode(body_text), _b64decode(signature_text)
    except ValueError as error:  # wrong shape or not base64
        raise InvalidPayload("malformed payload") from error
    try:
        key.verify(signature, body)
    except _CryptoInvalidSignature as error:
        raise InvalidPayload("invalid signature") from error
    try:
        return Claims.from_json(body)
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidPayload("malformed claims") from error
