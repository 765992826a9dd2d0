"""Revoking a certificate: a public category on the verification page, the reason for staff only, the holder
told by e-mail in their language, and the revoked PDF no longer handed to the holder as if it were valid."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from certificates import services
from certificates.models import Certificate
from lms.models import AuditEntry, OutgoingMail
from tests.certificates.test_views import certificate, event_staff, verify_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

REASON = "Uczestniczka była na innym szkoleniu (zgłoszenie z 12 maja)"


@pytest.fixture
def revoked(certificate, event_staff) -> Certificate:  # noqa: F811
    return services.revoke(certificate=certificate, actor=event_staff, category="issued_in_error", reason=REASON)


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def revoked_on(certificate: Certificate, language: str) -> str:
    with translation.override(language):
        return formats.date_format(timezone.localtime(certificate.revoked_at), "DATE_FORMAT")


def test_the_holder_is_told_by_e_mail_in_their_language_without_the_reason(certificate, participant,  # noqa: F811
                                                                          event_staff):
    participant.profile.language = "uk"  # changed since the certificate was issued (in Polish)
    participant.profile.save()

    services.revoke(certificate=certificate, actor=event_staff, category="issued_in_error", reason=REASON)

    mail = OutgoingMail.objects.filter(to=[participant.email]).latest("pk")
    certificate.refresh_from_db()
    with translation.override("uk"):
        subject = gettext("Your certificate %(number)s has been revoked") % {"number": certificate.number}
        category = gettext("issued in error")
    assert mail.subject == subject and mail.attachments == []
    assert category in mail.body_text and revoked_on(certificate, "uk") in mail.body_text
    assert verify_url(certificate, "uk") in mail.body_text
    assert REASON not in mail.body_text
    entry = AuditEntry.objects.get(action="certificate.revoked")
    assert entry.data == {"category": "issued_in_error", "reason": REASON, "mail": mail.pk}


def test_the_verification_page_gives_date_and_category_never_the_reason(client, revoked):
    page = client.get(verify_url(revoked, "pl")).content.decode()

    assert in_language("pl", "This certificate was revoked on %(date)s.") % {"date": revoked_on(revoked, "pl")} in page
    assert in_language("pl", "Revocation category") + ": " + in_language("pl", "issued in error") in page
    assert REASON not in page


def test_my_certificates_shows_the_revocation_and_offers_no_pdf(client, revoked, participant):
    client.force_login(participant)

    page = client.get("/en/my/certificates/").content.decode()

    assert f"on {revoked_on(revoked, 'en')} (issued in error)" in page
    assert reverse("certificate_download", args=[revoked.code]) not in page
    assert verify_url(revoked) in page
    assert REASON not in page


def test_the_holder_is_refused_the_revoked_pdf_with_a_page_saying_why_and_staff_still_get_it(
    client, revoked, participant, event_staff,  # noqa: F811
):
    with translation.override("en"):  # the English page, whatever language an earlier test left active
        url = reverse("certificate_download", args=[revoked.code])
    client.force_login(participant)
    holder = client.get(url)
    client.force_login(event_staff)
    staff = client.get(url)

    assert holder.status_code == 403
    assert f"Certificate {revoked.number} was revoked on {revoked_on(revoked, 'en')}" in holder.content.decode()
    assert REASON not in holder.content.decode()
    assert staff.status_code == 200 and staff["Content-Type"] == "application/pdf"


def test_the_revoke_form_asks_for_the_category_and_says_the_reason_is_not_published(client, certificate,  # noqa: F811
                                                                                  event_staff):
    client.force_login(event_staff)
    url = reverse("certificate_revoke", args=[certificate.pk])

    form_page = client.get(url).content.decode()
    no_category = client.post(url, {"reason": REASON})
    done = client.post(url, {"category": "holder_request", "reason": REASON})

    with translation.override("pl"):  # the admin speaks the default language here
        assert escape(gettext("withdrawn at the holder's request")) in form_page
        assert gettext("Kept in the audit log and shown to staff only: it is not published on the verification "
                       "page, and the holder is not told it.") in form_page
    assert no_category.status_code == 400
    assert done.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.state, certificate.revocation_category, certificate.revocation_reason) == (
        "revoked", "holder_request", REASON)


def test_a_revocation_needs_a_known_category(certificate, event_staff):  # noqa: F811
    with pytest.raises(ValidationError):
        services.revoke(certificate=certificate, actor=event_staff, category="", reason=REASON)

    certificate.refresh_from_db()
    assert certificate.state == "valid" and not OutgoingMail.objects.filter(subject__contains="revoked").exists()


@pytest.mark.django_db(transaction=True)
def test_certificates_revoked_before_categories_existed_are_published_as_other_reason():
    before = ("certificates", "0004_signature_full_name")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    old_certificate = executor.loader.project_state([before]).apps.get_model("certificates", "Certificate")
    fields = {"title": "Szkolenie", "first_day": "2026-01-05", "last_day": "2026-01-05", "hours": "2.0",
              "language": "pl", "payload": "x.y"}
    old_certificate.objects.create(number="I3/2026/000001", code="revoked-one", holder_name="A", state="revoked",
                                   revocation_reason="Prywatny powód", **fields)
    old_certificate.objects.create(number="I3/2026/000002", code="valid-one", holder_name="B", **fields)

    executor = MigrationExecutor(connection)
    # Back to the latest of every app, for the tests after: going back also took the migrations that depend on
    # certificates' (reports, organisations), whose tables the later tests need.
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert dict(Certificate.objects.values_list("code", "revocation_category")) == {
        "revoked-one": "other", "valid-one": ""}
