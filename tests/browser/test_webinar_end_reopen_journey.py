"""Staff end a running webinar only after confirming, reopen it, and a participant joins the new session.
The stand-in is a real HTTP server; nothing is mocked."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Meeting
from events.services.registration import register
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_end_after_confirming_reopen_and_the_participant_joins_again(
    live_server, standin, settings, make_event, signed_in_page, assert_accessible  # noqa: F811
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    start = timezone.now() - timedelta(minutes=5)
    webinar = make_event("Webinar: karta pobytu", start=start, end=start + timedelta(minutes=60))
    participant = ProfileFactory(user__first_name="Olena", user__last_name="Kowalczuk").user
    register(event=webinar, participant=participant, now=start - timedelta(days=1))
    staff = ProfileFactory(user__is_superuser=True, user__is_staff=True).user

    olena = signed_in_page(participant)
    olena.goto(f"{live_server.url}{webinar.url}")
    olena.get_by_role("button", name=re.compile("Dołącz do webinaru|Join webinar")).click()
    expect(olena.get_by_text("Olena Kowalczuk")).to_be_visible()

    ewa = signed_in_page(staff)
    ewa.goto(f"{live_server.url}{webinar.url}")
    ewa.get_by_role("link", name=re.compile("Zakończ webinar dla wszystkich|End the webinar for everyone")).click()
    expect(ewa.get_by_role("heading", level=1)).to_contain_text("Webinar: karta pobytu")
    expect(ewa.get_by_text(re.compile("1 osoba jest teraz w pokoju|1 person is in the room now"))).to_be_visible()
    assert_accessible(ewa, "the question before ending a webinar")
    assert Meeting.objects.get().state != "ended"  # asking wrote nothing

    ewa.get_by_role("button", name=re.compile("Zakończ webinar dla wszystkich|End the webinar for everyone")).click()
    expect(ewa.get_by_text(re.compile("Webinar zakończył się wcześniej|The webinar ended early"))).to_be_visible()
    assert Meeting.objects.get().state == "ended"

    ewa.get_by_role("button", name=re.compile("Otwórz webinar ponownie|Reopen the webinar")).click()
    expect(ewa.get_by_text(re.compile("został ponownie otwarty|has been reopened")).first).to_be_visible()

    olena.goto(f"{live_server.url}{webinar.url}")
    expect(olena.get_by_text(re.compile("został ponownie otwarty|has been reopened"))).to_be_visible()
    olena.get_by_role("button", name=re.compile("Dołącz do webinaru|Join webinar")).click()
    expect(olena.get_by_text("Olena Kowalczuk")).to_be_visible()
    meeting = Meeting.objects.get()
    (room,) = [m for m in olena.request.get(f"{standin.url}_stub/state").json()["meetings"] if not m["ended"]]
    assert room["internalMeetingID"] == meeting.internal_meeting_id and meeting.bbb_sessions.count() == 2
    assert [a["userID"] for a in room["attendees"]] == [str(participant.pk)]
