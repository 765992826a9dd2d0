"""At the door when the connection drops: the phone has loaded the event's list with the page; offline it checks in
two tickets typed from paper with the same messages as online, says that it is offline and how many check-ins wait,
keeps them across a reload-free wait, and sends them when the connection is back; the database then holds each
check-in once, at the time of its scan. axe checks the page in the offline state."""

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


def test_offline_check_ins_are_kept_on_the_phone_and_sent_once_when_the_connection_is_back(
    live_server, make_event, signed_in_page, assert_accessible, english_admin_user  # noqa: F811
):
    start = timezone.now().replace(microsecond=0) + timedelta(minutes=30)  # doors are open an hour before
    open_day = make_event("Dzień otwarty w piwnicy", kind=EventPage.Kind.TRAINING,
                          format=EventPage.Format.IN_PERSON, start=start, end=start + timedelta(hours=3))
    olena = register(event=open_day, access_needs=["sign_language"], participant=ProfileFactory(
        user__first_name="Olena", user__last_name="Kowalczuk", audience="employer").user)
    ivan = register(event=open_day, participant=ProfileFactory(user__first_name="Ivan", user__last_name="Petrenko").user)
    register(event=open_day, participant=ProfileFactory(user__first_name="Zofia", user__last_name="Żółkiewska").user)
    staff = english_admin_user("Event staff", first_name="Ewa", last_name="Bramkowa")

    phone = signed_in_page(staff)
    phone.set_viewport_size({"width": 360, "height": 740})
    with phone.expect_response(re.compile(r"/door/list/$")):
        phone.goto(f"{live_server.url}/admin/events/{open_day.pk}/door/")
    expect(phone.get_by_role("heading", level=1, name=open_day.title)).to_be_visible()

    phone.context.set_offline(True)
    before = timezone.now().replace(microsecond=0)
    result = phone.get_by_role("status")
    code = phone.get_by_label("Type the code")
    code.fill(olena.ticket_code.lower().replace("-", " "))
    phone.get_by_role("button", name="Check in", exact=True).click()
    expect(result).to_contain_text("Olena Kowalczuk is checked in.")
    expect(result).to_contain_text("Polish Sign Language (PJM) interpreter")
    code.fill(ivan.ticket_code)
    phone.get_by_role("button", name="Check in", exact=True).click()
    expect(result).to_contain_text("Ivan Petrenko is checked in.")
    # The same ticket again: the phone knows it let him in.
    phone.get_by_role("button", name="Check in", exact=True).click()
    expect(result).to_contain_text(re.compile(r"Ivan Petrenko was already checked in at \d\d:\d\d\."))

    banner = phone.locator("#door-connection")
    expect(banner).to_have_text("Offline — check-ins waiting to be sent: 2")
    expect(phone.locator(".door-count__numbers")).to_have_text("2 / 3")
    # A name typed without diacritics is found in the list the phone keeps.
    phone.get_by_label("Search by name or e-mail").fill("zolkiewska")
    phone.get_by_role("button", name="Search").click()
    expect(phone.get_by_role("list", name="People found")).to_contain_text("Zofia Żółkiewska")
    assert_accessible(phone, "the door page offline, with check-ins waiting")
    assert not Attendance.objects.exists()
    after = timezone.now()

    phone.context.set_offline(False)
    expect(banner).to_have_text("", timeout=10_000)
    expect(phone.locator(".door-count__numbers")).to_have_text("2 / 3")
    times = dict(Attendance.objects.filter(source=Attendance.Source.CHECKIN)
                 .values_list("registration", "checked_in_at"))
    assert set(times) == {olena.pk, ivan.pk}
    assert all(before <= at <= after for at in times.values()), times
    assert phone.evaluate(f"window.localStorage.getItem('door-check-ins-{open_day.pk}')") == "[]"
