"""At the door of an in-person training: the participant finds her ticket (QR code and code) on the event page, a
member of Event staff opens the check-in page in the Wagtail admin, types that code as one would from paper (lower
case, spaces), checks her in with one click, and the participant's event page then shows full attendance. axe
checks the ticket and the check-in page before and after."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Attendance, EventPage
from events.services.registration import register
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_check_in_a_ticket_code_and_the_participant_sees_full_attendance(
    live_server, make_event, signed_in_page, assert_accessible, english_admin_user  # noqa: F811
):
    start = timezone.now().replace(microsecond=0) + timedelta(minutes=30)  # doors are open an hour before
    training = make_event("Szkolenie: prawo pracy cudzoziemców", kind=EventPage.Kind.TRAINING,
                          format=EventPage.Format.IN_PERSON, start=start, end=start + timedelta(hours=3))
    participant = ProfileFactory(user__first_name="Olena", user__last_name="Kowalczuk").user
    someone_else = ProfileFactory(user__first_name="Ivan", user__last_name="Petrenko").user
    registration = register(event=training, participant=participant, access_needs=["step_free"])
    register(event=training, participant=someone_else)
    staff = english_admin_user("Event staff", first_name="Ewa", last_name="Bramkowa")

    olena = signed_in_page(participant)
    olena.set_viewport_size({"width": 360, "height": 740})  # a ticket is shown from a phone
    olena.goto(f"{live_server.url}{training.url}")
    ticket = olena.get_by_role("group", name="Bilet")
    expect(ticket.get_by_role("img", name=re.compile("Kod QR biletu"))).to_be_visible()
    code = ticket.locator(".ticket__code").inner_text()
    assert code == registration.ticket_code
    assert ticket.get_by_role("img").bounding_box()["width"] >= 150  # large enough to scan from the screen
    assert_accessible(olena, "the participant's ticket on the event page")

    ewa = signed_in_page(staff)
    ewa.goto(f"{live_server.url}/admin/events/{training.pk}/check-in/")
    expect(ewa.get_by_role("heading", level=2, name=training.title)).to_be_visible()
    expect(ewa.get_by_role("table", name="Confirmed registrations").locator("tbody tr")).to_have_count(2)
    assert_accessible(ewa, "check-in page")

    ewa.get_by_label("Search by name, e-mail or ticket code").fill(code.lower().replace("-", " "))
    ewa.get_by_label("Search by name, e-mail or ticket code").press("Enter")
    rows = ewa.get_by_role("table", name=re.compile("Confirmed registrations matching")).locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Olena Kowalczuk")
    expect(rows).to_contain_text("Matches the ticket code")
    check_in_button = ewa.get_by_role("button", name="Check in Olena Kowalczuk")
    expect(check_in_button).to_be_focused()  # one Enter or click away
    check_in_button.click()

    expect(ewa.get_by_text("Olena Kowalczuk is checked in.")).to_be_visible()
    expect(rows).to_contain_text(re.compile("Checked in at"))
    expect(ewa.get_by_role("button", name="Undo check-in of Olena Kowalczuk")).to_be_visible()
    expect(ewa.get_by_label("Search by name, e-mail or ticket code")).to_be_focused()  # ready for the next code
    # Wagtail's message fades in; axe measures the contrast of its colours half-way otherwise.
    ewa.wait_for_function(
        "document.querySelector('.messages').getAnimations({subtree: true}).every(a => a.playState !== 'running')"
    )
    assert_accessible(ewa, "check-in page after checking someone in")
    attendance = Attendance.objects.get(registration=registration)
    assert (attendance.source, attendance.minutes_present, attendance.percent_present) == ("checkin", 180, 100)

    olena.reload()
    expect(olena.get_by_text("Obecność: 180 min (100% zaplanowanego czasu).")).to_be_visible()
