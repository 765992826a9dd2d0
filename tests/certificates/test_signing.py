"""The signed payload of a certificate's QR code: compact, exact, and refused with a reason the verify_certificate
command prints (surviving mutants of certificates/signing.py pointed here). Payloads of the first format (JSON)
still verify."""

import base64
import json
import re
from dataclasses import replace
from datetime import date

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from django.core.exceptions import ImproperlyConfigured
from hypothesis import example, given
from hypothesis import strategies as st

from certificates import signing
from certificates.signing import Claims, InvalidPayload
from tests.certificates.legacy import claims_json, json_payload, signed_json

CLAIMS = Claims(number="I3/2026/000123", code="AbC123", holder_name="Олександра Żebrowska", title="Webinar",
                first_day="2026-05-01", last_day="2026-05-02", hours="2.0", issued_on="2026-05-03")


def b32decode(payload: str) -> bytes:
    return base64.b32decode(payload + "=" * (-len(payload) % 8))


def test_claims_are_packed_with_a_format_byte_so_the_qr_code_stays_small():
    name = "Олександра Żebrowska".encode()

    assert CLAIMS.packed() == (
        b"\x02" + b"\x0eI3/2026/000123" + b"\x06AbC123" + bytes([len(name)]) + name + b"\x07Webinar"
        + b"\x91\x4b" + b"\x92\x4b" + b"\x93\x4b"  # days since 2000-01-01, LEB128: 9617, 9618, 9619
        + b"\x14"  # 20 tenths of an hour
    )
    assert Claims.from_packed(CLAIMS.packed()) == CLAIMS


def test_a_payload_is_base32_of_the_claims_and_the_raw_signature_all_in_the_qr_alphanumeric_set():
    payload = signing.sign(CLAIMS)
    raw = b32decode(payload)

    assert re.fullmatch(r"[A-Z2-7]+", payload)
    assert raw[:-64] == CLAIMS.packed()
    signing.private_key().public_key().verify(raw[-64:], CLAIMS.packed())
    # 215 characters of 5.5 bits in the QR code, where the JSON format took 293 of 8 bits (byte mode).
    assert (len(payload), len(json_payload(CLAIMS))) == (215, 293)


@given(number=st.text(max_size=200), name=st.text(max_size=300), tenths=st.integers(0, 99999),
       days=st.lists(st.dates(min_value=date(2000, 1, 1), max_value=date(2200, 1, 1)), min_size=3, max_size=3))
def test_packed_claims_round_trip(number, name, tenths, days):
    claims = Claims(number=number, code="c", holder_name=name, title=name * 2, first_day=days[0].isoformat(),
                    last_day=days[1].isoformat(), hours=f"{tenths // 10}.{tenths % 10}", issued_on=days[2].isoformat())

    assert Claims.from_packed(claims.packed()) == claims


def test_hours_finer_than_tenths_and_days_before_2000_cannot_be_packed():
    with pytest.raises(ValueError, match="not in tenths"):
        replace(CLAIMS, hours="1.25").packed()
    with pytest.raises(ValueError, match="negative"):
        replace(CLAIMS, first_day="1999-12-31").packed()


def test_first_format_claims_are_read_from_compact_utf8_json():
    assert claims_json(CLAIMS) == (
        '{"v":1,"n":"I3/2026/000123","c":"AbC123","h":"Олександра Żebrowska","t":"Webinar",'
        '"d":["2026-05-01","2026-05-02"],"hrs":"2.0","i":"2026-05-03"}'
    ).encode()
    assert Claims.from_json(claims_json(CLAIMS)) == CLAIMS


@given(data=st.binary(max_size=64))
@example(data=b"\x00\x00\x17")  # encodes as "AAAX": a last character that is not padding must stay
def test_base64_without_padding_round_trips(data):
    encoded = signing._b64encode(data)

    assert "=" not in encoded
    assert signing._b64decode(encoded) == data


def test_a_signed_payload_verifies_to_its_claims_in_either_format_and_case():
    assert signing.verify(signing.sign(CLAIMS)) == CLAIMS
    assert signing.verify(signing.sign(CLAIMS).lower()) == CLAIMS
    assert signing.verify(json_payload(CLAIMS)) == CLAIMS


@pytest.mark.parametrize(("payload", "reason"), [
    ("not-a-payload", "malformed payload"),
    ("a.b.c", "malformed payload"),
    ("AAAAA.AAAA", "malformed payload"),  # five base64 characters cannot be decoded
    ("A" * 100, "malformed payload"),  # 62 bytes: shorter than a signature
    ("A" * 103 + "1", "malformed payload"),  # not base32
])
def test_a_payload_of_the_wrong_shape_is_refused_as_malformed(payload, reason):
    with pytest.raises(InvalidPayload) as refusal:
        signing.verify(payload)

    assert str(refusal.value) == reason


def test_a_tampered_payload_is_refused_for_its_signature():
    raw = b32decode(signing.sign(CLAIMS))
    forged = replace(CLAIMS, holder_name="Someone Else").packed() + raw[-64:]
    _, json_signature = json_payload(CLAIMS).split(".")
    json_forged = f"{signing._b64encode(claims_json(replace(CLAIMS, holder_name='Someone Else')))}.{json_signature}"

    for payload in (base64.b32encode(forged).decode(), json_forged):
        with pytest.raises(InvalidPayload) as refusal:
            signing.verify(payload)
        assert str(refusal.value) == "invalid signature"


def signed_packed(body: bytes) -> str:
    return base64.b32encode(body + signing.private_key().sign(body)).decode()


def test_signed_data_that_are_not_our_claims_are_refused_with_the_reason():
    other_version = json.loads(claims_json(CLAIMS)) | {"v": signing.JSON_VERSION + 1}

    for payload, reason in ((signed_json(json.dumps(other_version).encode()), "malformed claims"),
                            (signed_json(b'{"v": %d}' % signing.JSON_VERSION), "malformed claims"),
                            (signed_json(b"not json"), "malformed claims"),
                            (signed_packed(b"\x03" + CLAIMS.packed()[1:]), "malformed claims"),  # a later format
                            (signed_packed(CLAIMS.packed()[:-1]), "malformed claims"),  # cut short
                            (signed_packed(CLAIMS.packed() + b"\x00"), "malformed claims"),  # bytes after
                            (signed_packed(b"\x02\x7fI3"), "malformed claims")):  # a text longer than the rest
        with pytest.raises(InvalidPayload) as refusal:
            signing.verify(payload)
        assert str(refusal.value) == reason

    with pytest.raises(InvalidPayload) as refusal:
        Claims.from_json(json.dumps(other_version).encode())
    assert str(refusal.value) == "unknown payload version"
    with pytest.raises(InvalidPayload, match="unknown payload version"):
        Claims.from_packed(b"\x01" + CLAIMS.packed()[1:])


@given(body=st.binary(max_size=80), text=st.text(max_size=120))
@example(body=b"\x02\x00\x00\x00\x00\xff\xff\xff\xff\x0f\x00\x00\x00", text="")  # a day past 9999
@example(body=b"[]", text="")  # JSON, not an object
def test_unsigned_junk_is_refused_as_invalid_payload_never_another_error(body, text):
    for payload in (base64.b32encode(body + bytes(64)).decode(), f"{signing._b64encode(body)}.AAAA", text):
        with pytest.raises(InvalidPayload):
            signing.unverified_claims(payload)


def test_unverified_claims_name_the_certificate_whatever_the_signature():
    raw = b32decode(signing.sign(CLAIMS))
    forged = base64.b32encode(replace(CLAIMS, holder_name="Someone Else").packed() + raw[-64:]).decode()

    assert signing.unverified_claims(forged).holder_name == "Someone Else"
    with pytest.raises(InvalidPayload, match="malformed claims"):
        signing.unverified_claims(signed_packed(b"\x02"))


def test_the_key_in_the_setting_wins_over_the_key_file(settings, tmp_path):
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")

    assert signing._configured_pem() == settings.CERTIFICATE_SIGNING_KEY
    assert not (tmp_path / "key.pem").exists()


def test_without_a_key_or_a_key_file_the_site_refuses_to_sign(settings):
    settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_KEY_FILE = "", ""

    with pytest.raises(ImproperlyConfigured, match="LMS_CERTIFICATE_SIGNING_KEY or LMS_CERTIFICATE_SIGNING_KEY_FILE"):
        signing.private_key()


def test_a_missing_key_file_is_an_error_in_production_and_nothing_is_written(settings, tmp_path):
    path = tmp_path / "keys" / "signing.pem"
    settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_KEY_FILE, settings.DEBUG = "", str(path), False

    with pytest.raises(ImproperlyConfigured, match=f"The certificate signing key file {path} does not exist."):
        signing.private_key()
    assert not path.parent.exists()


def test_in_development_a_missing_key_file_is_created_once_readable_only_by_its_owner(settings, tmp_path):
    path = tmp_path / "keys" / "signing.pem"
    settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_KEY_FILE, settings.DEBUG = "", str(path), True

    first = signing._configured_pem()
    again = signing._configured_pem()

    assert first == again == path.read_text()
    assert path.stat().st_mode & 0o777 == 0o600
    assert signing.verify(signing.sign(CLAIMS)) == CLAIMS


def test_a_key_of_another_kind_is_refused():
    ec_key = generate_private_key(SECP256R1())
    ec_private_pem = ec_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    ec_public_pem = ec_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    with pytest.raises(ImproperlyConfigured, match="must be an Ed25519 key"):
        signing._private_key_from(ec_private_pem)
    with pytest.raises(ValueError) as not_ed25519:
        signing.load_public_key(ec_public_pem)
    assert str(not_ed25519.value) == "not an Ed25519 public key"


def test_retired_keys_come_from_the_setting_and_the_file_together_after_the_current_key(settings, tmp_path):
    in_setting, in_file = _new_public_pems(2)
    keys_file = tmp_path / "retired.pem"
    keys_file.write_text(f"Certificate signing key (retired)\n{in_file}")
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = in_setting
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS_FILE = str(keys_file)
    current = signing.private_key().public_key()

    ids = list(signing.verification_keys())

    assert ids == [signing.key_id(current), *(signing.key_id(signing.load_public_key(pem)) for pem in (in_setting,
                                                                                                       in_file))]
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS, settings.CERTIFICATE_RETIRED_PUBLIC_KEYS_FILE = " \n", ""
    assert signing.retired_public_keys() == ()
    assert list(signing.verification_keys()) == [signing.key_id(current)]


def test_the_current_key_listed_as_retired_too_is_published_once(settings):
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = signing.public_key_pem()

    listing = signing.public_keys_pem()

    assert listing.count("BEGIN PUBLIC KEY") == 1 and "(current)" in listing and "(retired)" not in listing


def test_a_text_without_a_public_key_is_refused():
    with pytest.raises(ValueError) as refused:
        signing.load_public_keys("Certificate signing key (retired)\n")
    assert str(refused.value) == "no public key (PEM) found"


def _new_public_pems(count: int) -> list[str]:
    return [signing.public_key_pem(signing._private_key_from(signing.new_private_key_pem()).public_key())
            for _ in range(count)]
