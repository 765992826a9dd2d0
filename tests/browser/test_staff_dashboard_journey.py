"""Event staff sign in to the admin and land on the dashboard: today's training with its registered, waiting and
seats, and one click to its check-in. axe checks the dashboard with every table it can show staff (a webinar
running now, a failed certificate run)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import IssuingRun
from events.models import EventPage, Meeting
from events.services.registration import register
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_event_staff_land_on_todays_event_and_follow_the_link_to_check_in(
    live_server, make_event, signed_in_page, assert_accessible, english_admin_user  # noqa: F811
):
    # Started half an hour ago and still on: "today" in office time at any hour (starting in half an hour, it was
    # tomorrow's after 23:30).
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    training = make_event("Szkolenie: prawo pracy cudzoziemców", kind=EventPage.Kind.TRAINING,
                          format=EventPage.Format.IN_PERSON, start=start, end=start + timedelta(hours=3), capacity=2)
    for _number in range(3):
        register(event=training, participant=ProfileFactory().user, now=start - timedelta(days=1))
    now = timezone.now().replace(microsecond=0)
    webinar = make_event("Webinar dla pracodawców", start=now - timedelta(minutes=10), end=now + timedelta(hours=1))
    Meeting.objects.create(event=webinar, bbb_meeting_id="dashboard-webinar", state=Meeting.State.RUNNING,
                           people_in_room=4, people_counted_at=now)
    last_week = make_event("Webinar z zeszłego tygodnia", start=now - timedelta(days=8), end=now - timedelta(days=7))
    IssuingRun.objects.create(event=last_week, state=IssuingRun.State.FAILED, cause=IssuingRun.Cause.DISK_FULL)
    staff = english_admin_user("Event staff", first_name="Ewa", last_name="Bramkowa")

    ewa = signed_in_page(staff)
    ewa.goto(f"{live_server.url}/admin/")
    today = ewa.get_by_role("table", name="Today")
    row = today.get_by_role("row", name=training.title)
    cells = row.get_by_role("cell")
    expect(cells.nth(0)).to_have_text("2")  # registered
    expect(cells.nth(1)).to_have_text("1")  # waiting
    expect(cells.nth(2)).to_have_text("2")  # seats
    running = ewa.get_by_role("table", name="Webinars running now").get_by_role("row", name=webinar.title)
    expect(running.get_by_role("cell").first).to_contain_text("4")  # people in the room
    expect(ewa.get_by_role("table", name="Issuing that failed")).to_contain_text("the disk for certificates is full")
    assert_accessible(ewa, "staff dashboard")

    row.get_by_role("link", name=f"Check-in {training.title}").click()
    expect(ewa).to_have_url(f"{live_server.url}/admin/events/{training.pk}/check-in/")
    expect(ewa.get_by_role("heading", level=2, name=training.title)).to_be_visible()
