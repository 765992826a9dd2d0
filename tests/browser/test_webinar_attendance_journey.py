"""The whole webinar path in Chromium against the BBB stand-in (a real HTTP server on loopback, with a clock the
test moves): register, join at join time, leave, staff end the meeting, the stand-in sends its callbacks to the
live site, and the participant and staff see the right minutes."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from devtools.bbb_standin.server import StandIn
from events.editorial import ensure_editorial_groups
from events.models import Attendance
from tests.conftest import STANDIN_SECRET
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class MovableClock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += minutes * 60


def test_join_leave_end_and_attendance_from_the_analytics_callback(
    live_server, settings, make_event, signed_in_page, assert_accessible  # noqa: F811
):
    webinar = make_event("Webinar: zatrudnianie cudzoziemców", start=timezone.now().replace(microsecond=0)
                         + timedelta(minutes=5), capacity=10)
    webinar.end = webinar.start + timedelta(minutes=60)
    webinar.save_revision().publish()
    clock = MovableClock(webinar.start.timestamp())
    standin = StandIn(secret=STANDIN_SECRET, port=0, callback_delay=0.05, clock=clock).start()
    settings.BBB_URL, settings.BBB_SECRET = standin.url, STANDIN_SECRET
    settings.WAGTAILADMIN_BASE_URL = live_server.url  # where the stand-in sends callbacks and "Leave" returns
    ensure_editorial_groups(apps)
    participant = ProfileFactory(user__first_name="Olena", user__last_name="Kowalczuk").user
    staff = ProfileFactory(user__first_name="Ewa", user__last_name="Urzędniczka").user
    staff.groups.add(Group.objects.get(name="Event staff"))

    try:
        olena = signed_in_page(participant)
        olena.goto(f"{live_server.url}{webinar.url}")
        olena.get_by_role("button", name="Zarejestruj się").click()
        olena.get_by_role("button", name="Dołącz do webinaru").click()
        expect(olena.get_by_text("Olena Kowalczuk")).to_be_visible()
        clock.advance(40)
        olena.get_by_role("button", name="Leave").click()
        expect(olena).to_have_url(re.compile(re.escape(webinar.url) + "$"))

        ewa = signed_in_page(staff)
        ewa.goto(f"{live_server.url}{webinar.url}")
        clock.advance(20)
        ewa.get_by_role("link", name="Zakończ webinar dla wszystkich").click()  # asks first
        ewa.get_by_role("button", name="Zakończ webinar dla wszystkich").click()
        expect(ewa.get_by_role("status")).to_contain_text("Webinar został zakończony")
        log = standin.wait_for_callbacks(3, timeout=10)
        assert {entry["kind"]: entry["status"] for entry in log} == {"end": 200, "recording_ready": 200, "analytics": 200}

        attendance = Attendance.objects.get(registration__participant=participant)
        assert (attendance.minutes_present, attendance.percent_present, attendance.source) == (40, 67, "analytics")
        olena.reload()
        expect(olena.get_by_text("Obecność: 40 min (67% zaplanowanego czasu).")).to_be_visible()
        expect(olena.get_by_role("link", name=re.compile("Nagranie"))).to_be_visible()
        assert_accessible(olena, "event page after the webinar")

        ewa.goto(f"{live_server.url}/admin/attendance/?event={webinar.pk}")
        row = ewa.locator("table tbody tr").filter(has_text="Olena Kowalczuk")
        expect(row).to_contain_text("40")
        expect(row).to_contain_text(re.compile("BBB analytics|analityka BBB"))
    finally:
        standin.stop()
