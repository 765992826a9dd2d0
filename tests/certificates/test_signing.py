"""The signed payload of a certificate's QR code: compact, exact, and refused with a reason the verify_certificate
command prints (surviving mutants of certificates/signing.py pointed here)."""

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from django.core.exceptions import ImproperlyConfigured
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
    with pytest.raises(ValueError, match="not an Ed25519 public key"):
        signing.load_public_key(ec_public_pem)


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
    with pytest.raises(ValueError, match="no public key"):
        signing.load_public_keys("Certificate signing key (retired)\n")


def _new_public_pems(count: int) -> list[str]:
    return [signing.public_key_pem(signing._private_key_from(signing.new_private_key_pem()).public_key())
            for _ in range(count)]
