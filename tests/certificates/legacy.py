"""Payloads in the first format (``base64url(JSON claims).base64url(signature)``), which the site no longer
signs but certificates printed before the packed format carry: made here, byte for byte as they were made."""

import json

from certificates import signing
from certificates.signing import Claims


def claims_json(claims: Claims) -> bytes:
    data = {"v": signing.JSON_VERSION, "n": claims.number, "c": claims.code, "h": claims.holder_name,
            "t": claims.title, "d": [claims.first_day, claims.last_day], "hrs": claims.hours, "i": claims.issued_on}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def signed_json(body: bytes) -> str:
    return f"{signing._b64encode(body)}.{signing._b64encode(signing.private_key().sign(body))}"


def json_payload(claims: Claims) -> str:
    """A first-format payload of ``claims`` signed with the site's current key."""
    return signed_json(claims_json(claims))
