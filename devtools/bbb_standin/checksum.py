"""Checksum verification as bbb-web does it (``GetChecksum`` / ``GetChecksumValidator`` / ``ValidationService``).

The server hashes the query string exactly as received, still URL-encoded, with the ``checksum`` parameter cut out;
it never re-encodes or sorts, so a client must hash the very bytes it sends. Only when there is no query string at
all (a form POST) does it rebuild one from the parameters: sorted by name, values encoded like Java's
``URLEncoder``. The algorithm follows from the checksum's length, among the enabled ones."""

import hashlib
import hmac
from collections.abc import Container
from urllib.parse import quote_plus

from .replies import ApiError

ALGORITHMS = ("sha1", "sha256", "sha384", "sha512")
_ALGORITHM_BY_LENGTH = {40: "sha1", 64: "sha256", 96: "sha384", 128: "sha512"}

MISSING = ApiError("checksumError", "You must provide the checksum")
MISMATCH = ApiError("checksumError", "You did not pass the checksum security check")


def verify(
    call: str,
    raw_query: str,
    params: list[tuple[str, str]],
    secret: str,
    enabled: Container[str],
) -> None:
    """Raise ``ApiError`` unless the request's checksum is right; ``params`` are URL and form parameters merged."""
    checksum = next((value for name, value in params if name == "checksum"), "")
    if not checksum:
        raise MISSING
    algorithm = _ALGORITHM_BY_LENGTH.get(len(checksum))
    if algorithm is None or algorithm not in enabled:
        raise MISMATCH
    signed = _without_checksum(raw_query or _rebuilt_query(params), checksum)
    expected = hashlib.new(algorithm, (call + signed + secret).encode()).hexdigest()
    if not hmac.compare_digest(expected.encode(), checksum.lower().encode()):
        raise MISMATCH


def _without_checksum(query: str, checksum: str) -> str:
    """The three substring removals of ``GetChecksum.removeChecksumFromQueryString``, in its order."""
    query = query.replace("&checksum=" + checksum, "")
    query = query.replace("checksum=" + checksum + "&", "")
    return query.replace("checksum=" + checksum, "")


def _rebuilt_query(params: list[tuple[str, str]]) -> str:
    """``ValidationService.buildQueryStringFromParamsMap``: sorted names, every value of each, checksum left out."""
    pairs = sorted((pair for pair in params if pair[0] != "checksum"), key=lambda pair: pair[0])
    return "&".join(f"{name}={java_url_encode(value)}" for name, value in pairs)


def java_url_encode(value: str) -> str:
    """``java.net.URLEncoder.encode(value, "UTF-8")``: like ``quote_plus``, except that ``*`` stays and ``~`` is
    encoded."""
    return quote_plus(value, safe="*").replace("~", "%7E")
