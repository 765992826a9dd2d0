"""The certificate path in Chromium: a participant attends a webinar (BBB stand-in on loopback), staff end it,
the analytics callback brings the attendance, the certificate is issued by the task that follows; the
participant finds it under "My certificates", downloads the PDF, and the address its QR code holds opens the
verification page, which says "valid"; the event page offers the same file."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate
from devtools.bbb_standin.server import StandIn
from events.editorial import ensure_editorial_groups
from tests.browser.test_webinar_attendance_journey import MovableClock
from tests.certificates.conftest import certificate_template  # noqa: F401  (fixture)
from tests.certificates.pdf_reading import pdf_text, read_qr_code
from tests.conftest import STANDIN_SECRET
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_attendee_downloads_the_certificate_and_its_qr_address_says_valid(
    live_server, settings, make_event, certificate_template, signed_in_page, assert_accessible  # noqa: F811
):
    webinar = make_event("Legalizacja pracy cudzoziemców", certificate_template=certificate_template,
                         start=timezone.now().replace(microsecond=0) + timedelta(minutes=5))
    webinar.end = webinar.start + timedelta(minutes=60)
    webinar.save_revision().publish()
    clock = MovableClock(webinar.start.timestamp())
    standin = StandIn(secret=STANDIN_SECRET, port=0, callback_delay=0.05, clock=clock).start()
    settings.BBB_URL, settings.BBB_SECRET = standin.url, STANDIN_SECRET
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    ensure_editorial_groups(apps)
    participant = ProfileFactory(user__first_name="Олександра", user__last_name="Żebrowska", language="en").user
    staff = ProfileFactory().user
    staff.groups.add(Group.objects.get(name="Event staff"))

    try:
        attendee = signed_in_page(participant)
        attendee.goto(f"{live_server.url}{webinar.url}")
        attendee.get_by_role("button", name="Zarejestruj się").click()
        attendee.get_by_role("button", name="Dołącz do webinaru").click()
        clock.advance(55)
        attendee.get_by_role("button", name="Leave").click()

        organiser = signed_in_page(staff)
        organiser.goto(f"{live_server.url}{webinar.url}")
        clock.advance(5)
        organiser.get_by_role("link", name="Zakończ webinar dla wszystkich").click()  # asks first
        organiser.get_by_role("button", name="Zakończ webinar dla wszystkich").click()
        standin.wait_for_callbacks(3, timeout=10)

        attendee.goto(f"{live_server.url}/en/")
        attendee.get_by_role("link", name="My certificates").click()
        row = attendee.locator("table tbody tr").filter(has_text="Legalizacja pracy cudzoziemców")
        expect(row).to_contain_text("valid")
        assert_accessible(attendee, "my certificates")
        with attendee.expect_download() as download_info:
            row.get_by_role("link", name="Download PDF").click()
        pdf = download_info.value.path().read_bytes()

        certificate = Certificate.objects.get(holder=participant)
        text = pdf_text(pdf)
        assert "Олександра Żebrowska" in text and certificate.number in text
        qr_address = read_qr_code(pdf)
        assert qr_address == f"{live_server.url}/v/{certificate.payload}"  # short, to scan from paper

        attendee.goto(qr_address)
        verification_page = f"{live_server.url}/en/certificates/verify/{certificate.code}/?p={certificate.payload}"
        expect(attendee).to_have_url(verification_page)
        expect(attendee.get_by_role("status")).to_contain_text("valid")
        expect(attendee.get_by_text("genuine and matches this certificate")).to_be_visible()
        assert_accessible(attendee, "verification page")

        # One character of the signature changed: the first thing said (and announced) is that it is not genuine.
        at = len(qr_address) - 5
        attendee.goto(qr_address[:at] + ("A" if qr_address[at] != "A" else "B") + qr_address[at + 1:])
        expect(attendee.get_by_role("heading", level=1)).to_have_text("This document is not genuine")
        expect(attendee.get_by_role("alert")).to_contain_text("Invalid signature.")
        assert_accessible(attendee, "verification page of a tampered QR code")

        # A damaged address: said so, with the form to type the printed code instead.
        attendee.goto(f"{live_server.url}/v/{certificate.payload[:40]}")
        expect(attendee.get_by_role("heading", level=1)).to_have_text("The QR code cannot be read")
        expect(attendee.get_by_role("button", name="Check")).to_be_visible()
        assert_accessible(attendee, "unreadable QR address")

        # The event page (Polish) shows the certificate to its holder too, with the same file.
        attendee.goto(f"{live_server.url}{webinar.url}")
        section = attendee.get_by_role("region", name="Moje zaświadczenie")
        expect(section).to_contain_text(certificate.number)
        assert_accessible(attendee, "event page with the certificate")
        with attendee.expect_download() as again:
            section.get_by_role("link", name="Pobierz PDF").click()
        assert again.value.path().read_bytes() == pdf

        # On a phone both personal lists fit the screen: rows become labelled cards (WCAG 1.4.10, reflow).
        attendee.set_viewport_size({"width": 360, "height": 740})
        for path, name in [("/en/my/certificates/", "Download PDF"), ("/en/my/registrations/", webinar.title)]:
            attendee.goto(f"{live_server.url}{path}")
            assert attendee.evaluate("document.documentElement.scrollWidth") <= 360, path
            expect(attendee.get_by_role("link", name=name).first).to_be_in_viewport()
        assert_accessible(attendee, "my registrations on a phone")
    finally:
        standin.stop()
