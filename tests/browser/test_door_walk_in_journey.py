"""A walk-in at the door, from the phone: staff open the walk-in form from the door page, mistype the address and
are told so at the field, correct it, and the person is registered and checked in; the event being full, staff
go over capacity with a reason. axe checks the form with its errors and after the registration."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Attendance, EventPage
from events.services.registration import register
from lms.models import AuditEntry
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_register_a_walk_in_over_capacity_with_a_reason_and_she_is_checked_in(
    live_server, make_event, signed_in_page, assert_accessible, english_admin_user  # noqa: F811
):
    start = timezone.now().replace(microsecond=0) + timedelta(minutes=30)
    open_day = make_event("Dzień otwarty: zatrudnianie cudzoziemców", kind=EventPage.Kind.TRAINING,
                          format=EventPage.Format.IN_PERSON, start=start, end=start + timedelta(hours=3), capacity=1)
    register(event=open_day, participant=ProfileFactory().user)
    staff = english_admin_user("Event staff", first_name="Ewa", last_name="Bramkowa")

    phone = signed_in_page(staff)
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.goto(f"{live_server.url}/admin/events/{open_day.pk}/door/")
    phone.get_by_role("link", name="Register a walk-in").click()
    expect(phone.get_by_role("heading", level=1, name="Register a walk-in")).to_be_visible()

    phone.get_by_label("First name").fill("Oksana")
    phone.get_by_label("Last name").fill("Melnyk")
    phone.get_by_label("E-mail", exact=True).fill("oksana.melnyk@")
    phone.get_by_label("Audience").select_option(label="Foreign national")
    phone.get_by_label("Polish Sign Language (PJM) interpreter").check()
    phone.get_by_role("button", name="Register and check in").click()
    expect(phone.locator("#id_email-errors")).to_have_text("Enter a valid email address.")
    expect(phone.get_by_label("E-mail", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(phone, "the walk-in form with an error")

    phone.get_by_label("E-mail", exact=True).fill("oksana.melnyk@example.org")
    phone.get_by_role("button", name="Register and check in").click()
    expect(phone.get_by_role("alert")).to_contain_text("The event is full.")

    phone.get_by_role("checkbox", name="Over capacity").check()
    phone.get_by_label("Reason for going over capacity").fill("Tłumaczka z ośrodka dla cudzoziemców")
    phone.get_by_role("button", name="Register and check in").click()
    result = phone.get_by_role("status")
    expect(result).to_contain_text("Oksana Melnyk is registered and checked in.")
    expect(result).to_contain_text("Polish Sign Language (PJM) interpreter")
    expect(phone.locator(".door-count__numbers")).to_have_text("1 / 2")
    assert_accessible(phone, "the walk-in form after a registration")

    attendance = Attendance.objects.get(registration__participant__email="oksana.melnyk@example.org")
    assert attendance.source == Attendance.Source.CHECKIN
    assert AuditEntry.objects.get(action="registration.walk_in").data["reason"] == "Tłumaczka z ośrodka dla cudzoziemców"
