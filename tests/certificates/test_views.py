"""The participant's and the public's side (download, verification, offline check) and the staff admin pages."""

import base64
import hashlib
import re
from dataclasses import replace
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext
from pypdf import PdfReader

from certificates import services, signing
from certificates.documents import period_text
from certificates.models import Certificate, CertificateDecision, CertificateTemplate
from certificates.placeholders import layout_errors, styles_errors
from certificates.selectors import claims_of
from events.editorial import ensure_editorial_groups
from lms.models import AuditEntry, OutgoingMail
from tests.certificates.legacy import claims_json, json_payload
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(finished_event, attended, participant) -> Certificate:
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    return Certificate.objects.get()


@pytest.fixture
def event_staff(db):
    from django.apps import apps

    ensure_editorial_groups(apps)
    user = ProfileFactory(user__is_staff=True).user
    user.groups.add(Group.objects.get(name="Event staff"))
    return user


def verify_url(certificate: Certificate, language: str = "en") -> str:
    return f"/{language}/certificates/verify/{certificate.code}/"


def test_my_certificates_lists_the_holders_certificate_with_links(client, certificate, participant):
    client.force_login(participant)

    page = client.get("/en/my/certificates/").content.decode()

    assert certificate.number in page
    assert reverse("certificate_download", args=[certificate.code]) in page
    assert verify_url(certificate, "en") in page


def test_every_download_serves_the_same_stored_bytes(client, certificate, participant):
    client.force_login(participant)

    first = client.get(f"/en/certificates/{certificate.code}/pdf/")
    second = client.get(f"/en/certificates/{certificate.code}/pdf/")

    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    assert hashlib.sha256(first.content).hexdigest() == certificate.sha256
    assert certificate.download_filename in first["Content-Disposition"]


def test_anonymous_download_goes_to_login_and_a_stranger_gets_not_found(client, certificate, other_participant):
    anonymous = client.get(f"/en/certificates/{certificate.code}/pdf/")
    client.force_login(other_participant)
    stranger = client.get(f"/en/certificates/{certificate.code}/pdf/")

    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert stranger.status_code == 404


def test_verification_page_shows_valid_with_what_and_when(client, certificate, participant):
    page = client.get(verify_url(certificate)).content.decode()

    assert "valid" in page and certificate.holder_name in page and certificate.title in page
    assert certificate.number in page
    assert participant.email not in page


def test_verification_page_gives_the_dates_in_the_readers_language(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(language="uk")
    certificate.refresh_from_db()

    polish = client.get(f"/pl/certificates/verify/{certificate.code}/").content.decode()

    assert period_text(certificate, "pl") in polish and period_text(certificate) not in polish


def test_qr_address_with_the_signed_payload_is_reported_genuine(client, certificate):
    page = client.get(verify_url(certificate), {"p": certificate.payload}).content.decode()

    assert "genuine and matches this certificate" in page


def headline(page: str) -> str:
    """The page's first heading, as a screen reader announces it."""
    return re.sub(r"<[^>]+>|\s+", " ", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL).group(1)).strip()


def assert_not_genuine(page: str) -> None:
    """Said first (in the alert around the page's heading); the record only 'for comparison', never 'valid'."""
    assert headline(page) == "This document is not genuine"
    alert = page.index('role="alert"')
    assert alert < page.index("<h1") < page.index("For comparison, the certificate with this code says:")
    assert "This certificate was issued by us and is valid." not in page
    assert "genuine and matches this certificate" not in page
    assert page.index("For comparison") < page.index("Issued to")


def forged(payload: str, **changes) -> str:
    """The payload's claims with ``changes``, under the original signature (either format)."""
    if "." in payload:
        body, signature = payload.split(".")
        claims = signing.Claims.from_json(signing._b64decode(body))
        return signing._b64encode(claims_json(replace(claims, **changes))) + "." + signature
    raw = base64.b32decode(payload + "=" * (-len(payload) % 8))
    claims = signing.Claims.from_packed(raw[:-64])
    return base64.b32encode(replace(claims, **changes).packed() + raw[-64:]).decode().rstrip("=")


def one_character_changed(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1:]


@pytest.fixture(params=["packed", "json"])
def payload(request, certificate) -> str:
    """The certificate's payload as issued today, or as a certificate printed before the packed format has it."""
    return certificate.payload if request.param == "packed" else json_payload(claims_of(certificate))


def test_a_genuine_qr_code_reads_as_valid_with_its_record(client, certificate, payload):
    page = client.get(verify_url(certificate), {"p": payload}).content.decode()

    assert headline(page) == "Certificate verification" and 'role="alert"' not in page
    assert "This certificate was issued by us and is valid." in page


def test_the_qr_codes_short_address_opens_the_verification_page_in_the_visitors_language(client, certificate):
    scanned = client.get(f"/v/{certificate.payload}", HTTP_ACCEPT_LANGUAGE="uk")
    lower_case = client.get(f"/v/{certificate.payload.lower()}", HTTP_ACCEPT_LANGUAGE="uk")

    assert scanned.status_code == 302
    assert scanned["Location"] == f"{verify_url(certificate, 'uk')}?p={certificate.payload}"
    assert lower_case["Location"] == f"{verify_url(certificate, 'uk')}?p={certificate.payload.lower()}"
    ukrainian = client.get(scanned["Location"])
    assert ukrainian.status_code == 200 and certificate.holder_name in ukrainian.content.decode()
    english = client.get(f"/v/{certificate.payload}", HTTP_ACCEPT_LANGUAGE="en", follow=True).content.decode()
    assert "This certificate was issued by us and is valid." in english


def test_a_forged_short_address_opens_the_named_certificate_as_not_genuine(client, certificate):
    page = client.get(f"/v/{forged(certificate.payload, holder_name='Jan Oszust')}", HTTP_ACCEPT_LANGUAGE="en",
                      follow=True).content.decode()

    assert_not_genuine(page)
    assert "Invalid signature." in page


@pytest.mark.parametrize("payload_text", ["AAAA", "not-a-payload", "A" * 120, "W10.AAAA"])  # W10: JSON "[]"
def test_a_short_address_without_a_readable_payload_says_so_with_the_look_up_form(client, payload_text):
    response = client.get(f"/v/{payload_text}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "The QR code cannot be read" in response.content.decode()
    assert 'name="code"' in response.content.decode()  # the look-up form, to type the code instead


@pytest.mark.parametrize("tamper", [
    lambda payload: forged(payload, holder_name="Jan Oszust"),  # another name re-encoded
    lambda payload: one_character_changed(payload, 20),  # in the signed data
    lambda payload: one_character_changed(payload, len(payload) - 20),  # in the signature
], ids=["name re-encoded", "data", "signature"])
def test_a_tampered_qr_code_reads_as_not_genuine_first(client, certificate, payload, tamper):
    page = client.get(verify_url(certificate), {"p": tamper(payload)}).content.decode()

    assert_not_genuine(page)
    assert "Invalid signature." in page
    assert "Jan Oszust" not in page and certificate.holder_name in page  # the record, for comparison


def test_another_certificates_genuine_qr_code_does_not_match_this_one(client, finished_event, attended, participant,
                                                                       other_participant):
    attended(finished_event, participant, 90)
    attended(finished_event, other_participant, 90)
    services.issue_for_event(event=finished_event)
    mine, theirs = (Certificate.objects.get(holder=user) for user in (participant, other_participant))

    page = client.get(verify_url(theirs), {"p": mine.payload}).content.decode()

    assert_not_genuine(page)
    assert "The QR code does not match this certificate." in page and "Invalid signature." not in page


def test_a_validly_signed_payload_with_this_code_but_another_name_does_not_match(client, certificate):
    claims = replace(claims_of(certificate), holder_name="Jan Oszust")

    page = client.get(verify_url(certificate), {"p": signing.sign(claims)}).content.decode()

    assert_not_genuine(page)
    assert "The QR code does not match this certificate." in page


def test_revoked_and_superseded_certificates_say_so(client, certificate, participant, event_staff):
    new = services.correct(certificate=certificate, actor=event_staff, holder_name="Olena Nowak", reason="Nazwisko")
    superseded_page = client.get(verify_url(certificate)).content.decode()
    services.revoke(certificate=new, actor=event_staff, category="other", reason="Uczestnik nie był obecny")
    revoked_page = client.get(verify_url(new)).content.decode()

    assert "superseded" in superseded_page and new.number in superseded_page
    assert "revoked" in revoked_page and "Revocation category: other reason" in revoked_page
    assert "Uczestnik nie był obecny" not in revoked_page  # the reason stays with staff


def test_unknown_code_gets_a_friendly_not_found_page(client, db):
    response = client.get("/en/certificates/verify/no-such-code/")

    assert response.status_code == 404
    assert "Certificate not found" in response.content.decode()


def test_lookup_form_accepts_a_code_or_a_whole_address(client, certificate):
    by_code = client.get("/en/certificates/verify/", {"code": f"  {certificate.code} "})
    by_url = client.get("/en/certificates/verify/", {"code": f"https://x.example/pl/certificates/verify/{certificate.code}/?p=abc"})
    empty = client.get("/en/certificates/verify/", {"code": ""})

    assert by_code["Location"] == verify_url(certificate) == by_url["Location"]
    assert empty.status_code == 200 and "This field is required" in empty.content.decode()


def test_lookup_form_explains_that_a_printed_number_is_not_the_code(client, certificate):
    response = client.get("/en/certificates/verify/", {"code": certificate.number})

    assert response.status_code == 200
    assert "This is the certificate&#x27;s number" in response.content.decode()


def test_a_pdf_missing_from_storage_is_reported_not_a_server_error(client, certificate, participant, caplog):
    certificate.pdf.storage.delete(certificate.pdf.name)
    client.force_login(participant)

    with translation.override("en"):  # the English page, whatever language an earlier test left active
        response = client.get(reverse("certificate_download", args=[certificate.code]))

    assert response.status_code == 503
    assert "cannot be downloaded right now" in response.content.decode()
    assert f"certificate {certificate.number}: stored PDF unreadable" in caplog.text


def test_published_public_key_verifies_the_payload(client, certificate):
    pem = client.get("/certificates/public-key.pem").content.decode()

    claims = signing.verify(certificate.payload, public_keys=[signing.load_public_key(pem)])

    assert claims.number == certificate.number


def test_verify_certificate_command_checks_a_pdf_offline(certificate, tmp_path):
    pdf_path = tmp_path / "certificate.pdf"
    with certificate.pdf.open("rb") as handle:
        pdf_path.write_bytes(handle.read())
    key_path = tmp_path / "public-key.pem"
    key_path.write_text(signing.public_key_pem())
    out = StringIO()

    call_command("verify_certificate", str(pdf_path), "--public-key", str(key_path), stdout=out)

    assert "Signature: valid" in out.getvalue() and certificate.number in out.getvalue()
    assert "Status:     valid" in out.getvalue()


@pytest.mark.parametrize("address", [
    lambda certificate, payload: f"http://127.0.0.1:8000/v/{payload}",  # the QR code today
    lambda certificate, payload: f"http://127.0.0.1:8000/pl/certificates/verify/{certificate.code}/?p={payload}",
    lambda certificate, payload: payload,
], ids=["short address", "verification page", "payload"])
def test_verify_certificate_command_checks_either_format_from_an_address_or_alone(certificate, payload, address):
    out = StringIO()

    call_command("verify_certificate", address(certificate, payload), "--offline", stdout=out)

    assert "Signature: valid" in out.getvalue()
    assert f"Holder:     {certificate.holder_name}" in out.getvalue()


def test_verify_certificate_command_takes_the_short_address_in_upper_case_as_some_scanners_give_it(certificate):
    out = StringIO()

    call_command("verify_certificate", f"HTTP://127.0.0.1:8000/V/{certificate.payload}", "--offline", stdout=out)

    assert "Signature: valid" in out.getvalue() and certificate.number in out.getvalue()


def test_verify_certificate_command_rejects_a_tampered_payload_and_another_key(certificate, tmp_path):
    tampered = certificate.payload[:-3] + ("AAA" if not certificate.payload.endswith("AAA") else "BBB")
    other_key = tmp_path / "other.pem"
    other_key.write_text(_other_public_key())

    with pytest.raises(SystemExit) as tampered_exit:
        call_command("verify_certificate", tampered, stderr=StringIO())
    with pytest.raises(SystemExit) as other_exit:
        call_command("verify_certificate", certificate.payload, "--public-key", str(other_key), stderr=StringIO())

    assert tampered_exit.value.code == 1 and other_exit.value.code == 1


def test_verify_certificate_command_refuses_signed_data_that_differ_from_the_record(certificate):
    renamed = signing.sign(replace(claims_of(certificate), holder_name="Jan Oszust"))
    errors = StringIO()

    with pytest.raises(SystemExit) as mismatch_exit:
        call_command("verify_certificate", renamed, stdout=StringIO(), stderr=errors)

    assert mismatch_exit.value.code == 1
    assert f"NOT GENUINE: the signed data do not match this site's record of certificate {certificate.number}" in (
        errors.getvalue())


@pytest.fixture
def rotated_key(settings, certificate) -> str:
    """The site moves to a new signing key after ``certificate`` was issued, the old key's public half listed
    as retired exactly as the command prints it; returns that printout."""
    out = StringIO()
    call_command("certificate_signing_key", "--public", stdout=out)
    new_key = StringIO()
    call_command("certificate_signing_key", stdout=new_key)
    settings.CERTIFICATE_SIGNING_KEY = new_key.getvalue()
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = out.getvalue()
    return out.getvalue()


def test_certificates_signed_before_a_key_rotation_still_verify(client, certificate, rotated_key, settings):
    page = client.get(verify_url(certificate), {"p": certificate.payload}).content.decode()
    new_payload = signing.sign(signing.verify(certificate.payload))

    assert "genuine and matches this certificate" in page
    assert new_payload != certificate.payload
    with pytest.raises(signing.InvalidPayload):  # new payloads are signed with the new key only
        signing.verify(new_payload, public_keys=signing.load_public_keys(rotated_key))
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = ""
    with pytest.raises(signing.InvalidPayload):  # and the old key is what kept the old certificate valid
        signing.verify(certificate.payload)


def test_published_key_list_has_the_current_and_the_retired_keys(client, certificate, rotated_key, tmp_path):
    listing = client.get("/certificates/public-keys.pem").content.decode()
    current = signing.load_public_key(client.get("/certificates/public-key.pem").content.decode())
    keys_file = tmp_path / "public-keys.pem"
    keys_file.write_text(listing)
    out = StringIO()

    call_command("verify_certificate", certificate.payload, "--public-key", str(keys_file), "--offline", stdout=out)

    retired_id = signing.key_id(signing.load_public_keys(rotated_key)[0])
    assert f"Certificate signing key {signing.key_id(current)} (current)" in listing
    assert f"Certificate signing key {retired_id} (retired)" in listing
    assert [signing.key_id(key) for key in signing.load_public_keys(listing)] == [signing.key_id(current), retired_id]
    assert "Signature: valid" in out.getvalue()


def test_certificates_of_a_withdrawn_key_are_reissued_with_the_new_key(certificate, participant, settings):
    new_key = StringIO()
    call_command("certificate_signing_key", stdout=new_key)
    settings.CERTIFICATE_SIGNING_KEY = new_key.getvalue()  # the old key withdrawn: not listed as retired
    listed = StringIO()
    call_command("reissue_certificates", "--dry-run", stdout=listed)
    with pytest.raises(CommandError):
        call_command("reissue_certificates", stdout=StringIO())  # a reason is required
    out = StringIO()

    call_command("reissue_certificates", "--reason", "Klucz wycofany", stdout=out)

    certificate.refresh_from_db()
    new = certificate.superseded_by
    assert certificate.number in listed.getvalue() and "1 certificate(s) re-issued" in out.getvalue()
    assert certificate.status == "superseded" and new.is_sealed and new.holder == participant
    assert new.holder_name == certificate.holder_name and new.correction_reason == "Klucz wycofany"
    assert signing.verify(new.payload).number == new.number
    assert OutgoingMail.objects.filter(to=[participant.email]).count() == 2  # the first issue, then the new one
    assert AuditEntry.objects.filter(action="certificate.corrected", data__reason="Klucz wycofany").exists()
    again = StringIO()
    call_command("reissue_certificates", "--dry-run", stdout=again)
    assert "0 certificate(s)" in again.getvalue()


def test_unreadable_key_settings_are_reported_by_the_system_checks(settings, tmp_path):
    from certificates.checks import signing_keys_readable

    assert signing_keys_readable(None) == []
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----"
    settings.CERTIFICATE_SIGNING_KEY = "nonsense"
    assert [error.id for error in signing_keys_readable(None)] == ["certificates.E001", "certificates.E002"]
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS, settings.CERTIFICATE_SIGNING_KEY = "", ""
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS_FILE = str(tmp_path / "missing.pem")
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "missing-key.pem")
    settings.DEBUG = False
    assert [error.id for error in signing_keys_readable(None)] == ["certificates.E001", "certificates.E002"]


def _other_public_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _template_form(**overrides) -> dict:
    data = {
        "name": "Nowy wzór", "layout": "<h1>{{ participant_name }}</h1><p>{{ title }}</p>", "styles": "",
        "page_size": "A4", "orientation": "landscape", "background_image": "",
        "logos-TOTAL_FORMS": "0", "logos-INITIAL_FORMS": "0", "logos-MIN_NUM_FORMS": "0", "logos-MAX_NUM_FORMS": "1000",
        "signatures-TOTAL_FORMS": "0", "signatures-INITIAL_FORMS": "0", "signatures-MIN_NUM_FORMS": "0",
        "signatures-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_admin_rejects_a_template_with_an_unknown_placeholder(client, home_pages, admin_user):
    client.force_login(admin_user)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:add")

    bad = client.post(url, _template_form(layout="<h1>{{ participant_name }}</h1>{{ particpant_email }}"))
    good = client.post(url, _template_form())

    assert bad.status_code == 200
    with translation.override("pl"):  # the admin speaks the default language here
        (message,) = layout_errors("<h1>{{ participant_name }}</h1>{{ particpant_email }}")
    assert "{{ particpant_email }}" in str(message) and escape(message) in bad.content.decode()
    assert good.status_code == 302
    assert list(CertificateTemplate.objects.values_list("name", flat=True)) == ["Nowy wzór"]


def test_layout_images_need_a_text_alternative():
    with translation.override("en"):
        (message,) = layout_errors('<img src="asset:logo-0" alt=" "><h1>{{ participant_name }}</h1>'
                                   '<img src="asset:logo-1" alt="Urząd">{{ logos }}')

    assert "text alternative" in message and '<img src="asset:logo-0">' in message and "logo-1" not in message


def test_a_misspelt_placeholder_with_a_space_is_reported_not_printed():
    with translation.override("en"):
        (message,) = layout_errors("<h1>{{ participant_name }}</h1><p>{{ participant name }}</p>")

    assert "{{ participant name }}" in message


@pytest.mark.parametrize("layout", [
    '<img src="https://example.org/logo.png" alt="Logo">',
    '<img src="file:///etc/passwd" alt="x">',
    '<div style="background: url(http://example.org/bg.jpg)"></div>',
    '<style>@import "https://example.org/fonts.css";</style>',
])
def test_a_layout_loading_from_other_addresses_is_refused(layout):
    with translation.override("en"):
        errors = layout_errors(f"<h1>{{{{ participant_name }}}}</h1>{layout}")

    assert len(errors) == 1 and "cannot load anything from other addresses" in errors[0]


def test_embedded_images_and_template_assets_are_fine_in_layout_and_styles():
    assert layout_errors('<h1>{{ participant_name }}</h1><img src="data:image/png;base64,AAAA" alt="x">'
                         '<img src="asset:logo-0" alt="Logo">') == []
    assert styles_errors(".sheet { background: url('data:image/png;base64,AAAA'); }") == []
    assert styles_errors("h1 { background: url(https://example.org/x.png) }")


def test_admin_preview_renders_a_pdf_with_sample_data(client, home_pages, admin_user):
    client.force_login(admin_user)
    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_add")

    checked = client.post(url, _template_form())
    preview = client.get(url)

    assert checked.json()["is_valid"] is True
    assert preview["Content-Type"] == "application/pdf"
    from io import BytesIO

    assert "Олена Ковальчук-Wiśniewska" in PdfReader(BytesIO(preview.content)).pages[0].extract_text()


def test_staff_page_lists_candidates_and_bulk_issue_creates_certificates(client, finished_event, attended,
                                                                        participant, other_participant,
                                                                        event_staff):
    attended(finished_event, participant, 90)
    attended(finished_event, other_participant, 20)
    client.force_login(event_staff)
    url = reverse("certificates_for", args=["event", finished_event.pk])

    page = client.get(url).content.decode()
    issued = client.post(reverse("certificates_issue", args=["event", finished_event.pk]))

    with translation.override("pl"):  # the admin speaks the default language here
        button = ngettext("Issue %(counter)s certificate now", "Issue %(counter)s certificates now", 1) % {"counter": 1}
    assert participant.email in page and other_participant.email in page and button in page
    assert issued.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.holder == participant and certificate.issued_by == event_staff


def test_staff_grant_with_a_reason_then_issue(client, finished_event, attended, other_participant, event_staff):
    attended(finished_event, other_participant, 20)
    client.force_login(event_staff)
    decide_url = reverse("certificates_decide", args=["event", finished_event.pk, other_participant.pk, "grant"])

    missing_reason = client.post(decide_url, {"reason": ""})
    assert missing_reason.status_code == 400 and not CertificateDecision.objects.exists()
    granted = client.post(decide_url, {"reason": "Łącze zawiodło, obecność potwierdzona telefonicznie"})
    client.post(reverse("certificates_issue", args=["event", finished_event.pk]))

    assert granted.status_code == 302
    assert Certificate.objects.get().holder == other_participant
    assert AuditEntry.objects.filter(action="certificate.grant", actor=event_staff).exists()


def test_clearing_a_refusal_lets_the_completion_rule_issue_again(client, finished_event, attended, participant,
                                                                   event_staff):
    attended(finished_event, participant, 95)
    services.decide(participant=participant, actor=event_staff, decision="refuse", reason="Nie zaliczył testu",
                    event=finished_event)
    client.force_login(event_staff)
    clear_url = reverse("certificates_decide", args=["event", finished_event.pk, participant.pk, "clear"])

    question = client.get(clear_url)
    cleared = client.post(clear_url)
    client.post(reverse("certificates_issue", args=["event", finished_event.pk]))

    assert question.status_code == 200  # a GET only asks
    assert cleared.status_code == 302 and not CertificateDecision.objects.exists()
    assert Certificate.objects.get().holder == participant
    entry = AuditEntry.objects.get(action="certificate.decision_cleared")
    assert entry.actor == event_staff and entry.data == {"participant": participant.pk, "was": "refuse"}
    assert client.post(clear_url, follow=True).status_code == 404  # nothing left to clear


def test_decisions_only_for_the_events_participants(client, finished_event, event_staff, other_participant):
    client.force_login(event_staff)

    response = client.get(reverse("certificates_decide", args=["event", finished_event.pk, other_participant.pk,
                                                                 "grant"]), follow=True)

    assert response.status_code == 404


def test_staff_revoke_and_correct_from_the_admin(client, certificate, event_staff):
    client.force_login(event_staff)

    no_reason = client.post(reverse("certificate_revoke", args=[certificate.pk]), {"reason": ""})
    corrected = client.post(reverse("certificate_correct", args=[certificate.pk]),
                            {"holder_name": "Olena Kowalczuk-Nowak", "reason": "Błąd w nazwisku"})
    new = Certificate.objects.exclude(pk=certificate.pk).get()
    revoked = client.post(reverse("certificate_revoke", args=[new.pk]),
                          {"category": "issued_in_error", "reason": "Wydane omyłkowo"})

    assert no_reason.status_code == 400
    assert corrected.status_code == 302 and revoked.status_code == 302
    certificate.refresh_from_db()
    new.refresh_from_db()
    assert certificate.status == "superseded" and new.status == "revoked"


def test_staff_send_a_certificate_again_and_nobody_else_can(client, certificate, event_staff, participant):
    client.force_login(participant)
    refused = client.post(reverse("certificate_resend", args=[certificate.pk]))
    assert refused.status_code == 302 and OutgoingMail.objects.filter(to=[participant.email]).count() == 1

    client.force_login(event_staff)
    confirm_page = client.get(reverse("certificate_resend", args=[certificate.pk])).content.decode()
    sent = client.post(reverse("certificate_resend", args=[certificate.pk]))

    assert participant.email in confirm_page and certificate.number in confirm_page
    assert sent.status_code == 302
    (again,) = OutgoingMail.objects.filter(to=[participant.email]).order_by("-pk")[:1]
    assert OutgoingMail.objects.filter(to=[participant.email]).count() == 2
    assert again.attachments[-1]["name"] == certificate.pdf.name  # the sealed file, read when sent
    assert AuditEntry.objects.filter(action="certificate.resent", actor=event_staff,
                                     data__to=participant.email).exists()

    services.revoke(certificate=certificate, actor=event_staff, category="other", reason="Błąd")
    mails_after_revocation = OutgoingMail.objects.filter(to=[participant.email]).count()  # the notice came too
    after_revocation = client.post(reverse("certificate_resend", args=[certificate.pk]))

    assert after_revocation.status_code == 409
    assert OutgoingMail.objects.filter(to=[participant.email]).count() == mails_after_revocation


def test_participants_and_moderators_cannot_issue(client, finished_event, attended, participant):
    from django.apps import apps

    attended(finished_event, participant, 90)
    ensure_editorial_groups(apps)
    moderator = ProfileFactory(user__is_staff=True).user
    moderator.groups.add(Group.objects.get(name="Moderators"))
    for user in (participant, moderator):
        client.force_login(user)
        response = client.post(reverse("certificates_issue", args=["event", finished_event.pk]))
        # Wagtail sends those without admin access to the sign-in, and those without the permission home.
        assert response.status_code == 302
        assert response["Location"] == "/admin/" or response["Location"].split("?")[0].endswith("/accounts/login/")
    assert not Certificate.objects.exists()


def test_event_staff_reach_an_events_certificates_page_from_its_listings(client, certificate, event_staff):
    client.force_login(event_staff)
    page_url = reverse("certificates_for", args=["event", certificate.event_id])

    registrations = client.get("/admin/registrations/", {"event": certificate.event_id}).content.decode()
    certificates = client.get("/admin/certificates/", {"event": certificate.event_id}).content.decode()
    unfiltered = client.get("/admin/certificates/").content.decode()

    assert f'href="{page_url}"' in registrations and f'href="{page_url}"' in certificates
    assert page_url not in unfiltered
    assert client.get(page_url).status_code == 200


def test_the_certificate_mail_goes_again_only_to_a_holder_with_an_address(certificate, event_staff, participant):
    with translation.override("en"):
        unrendered = Certificate.objects.get(pk=certificate.pk)
        unrendered.pdf = ""
        with pytest.raises(ValidationError) as not_issued:
            services.resend(certificate=unrendered, actor=event_staff)
        participant.email = ""
        participant.save()
        certificate.refresh_from_db()
        with pytest.raises(ValidationError) as no_address:
            services.resend(certificate=certificate, actor=event_staff)
        participant.delete()
        certificate.refresh_from_db()
        with pytest.raises(ValidationError) as no_account:
            services.resend(certificate=certificate, actor=event_staff)
    assert not_issued.value.messages == ["Only a valid certificate that has been issued can be sent again."]
    no_holder = ["The holder of this certificate has no account or e-mail address any more."]
    assert no_address.value.messages == no_account.value.messages == no_holder
    assert not AuditEntry.objects.filter(action="certificate.resent").exists()


def test_resending_is_audited_with_the_address_and_the_mail(certificate, event_staff, participant):
    services.resend(certificate=certificate, actor=event_staff)

    mail = OutgoingMail.objects.filter(to=[participant.email]).latest("pk")
    assert AuditEntry.objects.get(action="certificate.resent").data == {"to": participant.email, "mail": mail.pk}


def test_nobody_signed_out_may_download_and_unrendered_certificates_are_not_listed(certificate, participant):
    from django.contrib.auth.models import AnonymousUser

    from certificates.selectors import can_download, certificates_of

    assert not can_download(AnonymousUser(), certificate) and can_download(participant, certificate)
    assert list(certificates_of(participant)) == [certificate]
    Certificate.objects.filter(pk=certificate.pk).update(pdf="")
    assert not certificates_of(participant).exists()


def test_signed_hours_match_as_numbers_and_unreadable_hours_never_match(certificate):
    from certificates.selectors import claims_match

    claims = signing.verify(certificate.payload)

    assert claims_match(replace(claims, hours=f"{certificate.hours}0"), certificate)  # "2.0" and "2.00"
    assert not claims_match(replace(claims, hours="two"), certificate)
    assert not claims_match(replace(claims, hours=str(certificate.hours + 1)), certificate)
