"""Staff side of certificates, in Chromium: after an in-person training, Event staff check one participant in
(which counts as full attendance and issues their certificate at once), grant a certificate with a reason to
another who was there but not checked in, and issue it from the event's certificates page. axe checks the page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate
from events.models import EventPage
from lms.models import AuditEntry
from tests.certificates.conftest import attended, certificate_template  # noqa: F401  (fixtures)
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_check_in_issues_a_certificate_and_staff_grant_one_with_a_reason(
    live_server, settings, make_event, certificate_template, attended, signed_in_page,  # noqa: F811
    assert_accessible, english_admin_user,
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    training = make_event("Szkolenie: obsługa klienta cudzoziemca", kind=EventPage.Kind.TRAINING,
                          format=EventPage.Format.IN_PERSON, certificate_template=certificate_template)
    start = timezone.now().replace(microsecond=0) - timedelta(hours=4)
    EventPage.objects.filter(pk=training.pk).update(start=start, end=start + timedelta(hours=3))
    training = EventPage.objects.get(pk=training.pk)
    olena = ProfileFactory(user__first_name="Olena", user__last_name="Kowalczuk").user
    ivan = ProfileFactory(user__first_name="Ivan", user__last_name="Petrenko").user
    attended(training, olena, None)
    attended(training, ivan, None)
    staff = english_admin_user("Event staff", first_name="Ewa", last_name="Bramkowa", is_staff=True)

    ewa = signed_in_page(staff)
    ewa.goto(f"{live_server.url}/admin/events/{training.pk}/check-in/")
    ewa.get_by_role("button", name="Check in Olena Kowalczuk").click()
    expect(ewa.get_by_text("Olena Kowalczuk is checked in.")).to_be_visible()
    olena_certificate = Certificate.objects.get(holder=olena)  # issued by the task the check-in set off

    ewa.goto(f"{live_server.url}/admin/certificates/for/event/{training.pk}/")
    rows = ewa.get_by_role("table", name="Participants with a confirmed place").locator("tbody tr")
    expect(rows.filter(has_text="Olena Kowalczuk")).to_contain_text(olena_certificate.number)
    expect(rows.filter(has_text="Ivan Petrenko")).to_contain_text("not met")
    assert_accessible(ewa, "certificates of an event")

    ewa.get_by_role("link", name="Grant Ivan Petrenko").click()
    ewa.get_by_role("button", name="Grant a certificate").click()
    expect(ewa.get_by_text("This field is required.")).to_be_visible()  # no reason, no decision
    ewa.get_by_label("Reason").fill("Obecny, lista podpisana odręcznie")
    ewa.get_by_role("button", name="Grant a certificate").click()
    expect(rows.filter(has_text="Ivan Petrenko")).to_contain_text("Obecny, lista podpisana odręcznie")
    ewa.get_by_role("button", name="Issue 1 certificate now").click()
    expect(ewa.get_by_text(re.compile("The certificates are being issued"))).to_be_visible()

    ivan_certificate = Certificate.objects.get(holder=ivan)
    assert ivan_certificate.issued_by == staff and ivan_certificate.is_sealed
    ewa.reload()
    expect(rows.filter(has_text="Ivan Petrenko")).to_contain_text(ivan_certificate.number)
    assert AuditEntry.objects.filter(action="certificate.grant", actor=staff).count() == 1

    # Revoking asks for the public category; the reason is said to stay with staff.
    ewa.goto(f"{live_server.url}/admin/certificates/{olena_certificate.pk}/revoke/")
    expect(ewa.get_by_text(re.compile("it is not published on the verification page"))).to_be_visible()
    assert_accessible(ewa, "revoking a certificate")
    ewa.get_by_role("textbox", name="Reason").fill("Podpis na liście złożony przez inną osobę")
    ewa.get_by_role("button", name="Revoke certificate").click()
    expect(ewa.get_by_text("This field is required.")).to_be_visible()  # no category, no revocation
    ewa.get_by_label("issued in error").check()
    ewa.get_by_role("button", name="Revoke certificate").click()
    expect(ewa.get_by_text(f"Certificate {olena_certificate.number} revoked.")).to_be_visible()
    olena_certificate.refresh_from_db()
    assert (olena_certificate.status, olena_certificate.revocation_category) == ("revoked", "issued_in_error")
