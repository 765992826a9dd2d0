"""The signed payload of a certificate's QR code: compact, exact, and refused with a reason the verify_certificate
command prints (surviving mutants of certificates/signing.py pointed here)."""

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from certificates import signing
from certificates.signing import Claims, InvalidPayload

CLAIMS = Claims(number="I3/2026/000123", code="AbC123", holder_name="Олександра Żebrowska", title="Webinar",
                first_day="2026-05-01", last_day="2026-05-02", hours="2.0", issued_on="2026-05-03")


def test_claims_are_compact_utf8_json_so_the_qr_code_stays_small():
    assert CLAIMS.as_json() == (
        '{"v":%d,"n":"I3/2026/000123","c":"AbC123","h":"Олександра Żebrowska","t":"Webinar",'
        '"d":["2026-05-01","2026-05-02"],"hrs":"2.0","i":"2026-05-03"}' % signing.PAYLOAD_VERSION
    ).encode()
    assert Claims.from_json(CLAIMS.as_json()) == CLAIMS


@given(data=st.binary(max_size=64))
@example(data=b"\x00\x00\x17")  # encodes as "AAAX": a last character that is not padding must stay
def test_base64_without_padding_round_trips(data):
    encoded = signing._b64encode(data)

    assert "=" not in encoded
    assert signing._b64decode(encoded) == data


def test_a_signed_payload_verifies_to_its_claims():
    assert signing.verify(signing.sign(CLAIMS)) == CLAIMS


@pytest.mark.parametrize(("payload", "reason"), [
    ("not-a-payload", "malformed payload"),
    ("a.b.c", "malformed payload"),
    ("AAAAA.AAAA", "malformed payload"),  # five base64 characters cannot be decoded
])
def test_a_payload_of_the_wrong_shape_is_refused_as_malformed(payload, reason):
    with pytest.raises(InvalidPayload) as refusal:
        signing.verify(payload)

    assert str(refusal.value) == reason


def test_a_tampered_payload_is_refused_for_its_signature():
    body, signature = signing.sign(CLAIMS).split(".")
    forged = Claims(**{**CLAIMS.__dict__, "holder_name": "Someone Else"})

    with pytest.raises(InvalidPayload) as refusal:
        signing.verify(f"{signing._b64encode(forged.as_json())}.{signature}")

    assert str(refusal.value) == "invalid signature"


def signed(body: bytes) -> str:
    return f"{signing._b64encode(body)}.{signing._b64encode(signing.private_key().sign(body))}"


def test_signed_data_that_are_not_our_claims_are_refused_with_the_reason():
    other_version = json.loads(CLAIMS.as_json()) | {"v": signing.PAYLOAD_VERSION + 1}

    for body, reason in ((json.dumps(other_version).encode(), "malformed claims"),
                         (b'{"v": %d}' % signing.PAYLOAD_VERSION, "malformed claims"),
                         (b"not json", "malformed claims")):
        with pytest.raises(InvalidPayload) as refusal:
            signing.verify(signed(body))
        assert str(refusal.value) == reason

    with pytest.raises(InvalidPayload) as refusal:
        Claims.from_json(json.dumps(other_version).encode())
    assert str(refusal.value) == "unknown payload version"
