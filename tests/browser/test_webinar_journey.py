"""A participant registered for a webinar joins it from the event page, lands in the (stand-in) BBB room,
leaves and comes back to the event page. The stand-in is a real HTTP server; nothing is mocked."""

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


def test_participant_joins_the_webinar_and_leaves_back_to_the_event(
    live_server, standin, settings, make_event, signed_in_page, assert_accessible  # noqa: F811
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # logout URL and callbacks point at this test server
    webinar = make_event("Webinar: legalizacja pobytu", start=timezone.now() + timedelta(minutes=5))
    participant = ProfileFactory(user__first_name="Olena", user__last_name="Kowalczuk").user
    register(event=webinar, participant=participant)

    tab = signed_in_page(participant)
    tab.goto(f"{live_server.url}{webinar.url}")
    assert_accessible(tab, "event page with the join button")
    tab.get_by_role("button", name=re.compile("Dołącz do webinaru|Join webinar")).click()

    expect(tab).to_have_url(re.compile(re.escape(standin.url) + "client/"))
    expect(tab.get_by_text("Olena Kowalczuk")).to_be_visible()
    meeting = Meeting.objects.get()
    state = tab.request.get(f"{standin.url}_stub/state").json()
    (attendee,) = state["meetings"][0]["attendees"]
    assert attendee["userID"] == str(participant.pk) and attendee["role"] == "VIEWER"

    tab.get_by_role("button", name="Leave").click()
    expect(tab).to_have_url(re.compile(re.escape(webinar.url) + "$"))
    assert meeting.bbb_meeting_id
