"""Who may register, in Chromium: an internal event for office staff shows a person who only says they are staff
why they cannot register, and a member of "Office staff" registers; an open event for employers tells a foreign
national it is meant for others and registers them all the same. axe checks both pages."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events.editorial import OFFICE_STAFF_GROUP, ensure_editorial_groups
from events.models import Registration
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = {"audience": "staff", "department": "Wydział Spraw Cudzoziemców"}


def test_internal_event_refuses_a_self_declared_member_of_staff_and_registers_a_confirmed_one(
    live_server, make_event, signed_in_page, assert_accessible  # noqa: F811
):
    ensure_editorial_groups(apps)  # the live server's flush took the groups with it
    event = make_event("Narada wewnętrzna", audience="staff", restricted_to_audience=True)
    claims = ProfileFactory(user__email="mowi.ze.pracuje@example.org", **STAFF).user
    confirmed = ProfileFactory(user__email="ewa@example.org", **STAFF).user
    confirmed.groups.add(Group.objects.get(name=OFFICE_STAFF_GROUP))

    outsider = signed_in_page(claims)
    outsider.goto(f"{live_server.url}{event.url}")
    expect(outsider.get_by_text("Tylko pracownicy urzędu potwierdzeni przez urząd.")).to_be_visible()
    expect(outsider.get_by_text("Rejestracja jest otwarta tylko dla pracowników urzędu")).to_be_visible()
    expect(outsider.get_by_role("button", name="Zarejestruj się")).to_have_count(0)
    assert_accessible(outsider, "internal event refusing a registration")

    staff = signed_in_page(confirmed)
    staff.goto(f"{live_server.url}{event.url}")
    staff.get_by_role("button", name="Zarejestruj się").click()
    expect(staff.get_by_text("Rejestracja na to wydarzenie jest potwierdzona.")).to_be_visible()
    assert list(Registration.objects.values_list("participant__email", flat=True)) == ["ewa@example.org"]


def test_an_open_event_for_employers_tells_others_and_registers_them(
    live_server, make_event, signed_in_page, assert_accessible  # noqa: F811
):
    event = make_event("Dzień otwarty dla pracodawców", audience="employer")
    person = ProfileFactory(user__email="olena@example.org").user  # a foreign national

    tab = signed_in_page(person)
    tab.goto(f"{live_server.url}{event.url}")
    expect(tab.get_by_text("W profilu wskazano inną grupę, ale rejestracja jest możliwa.")).to_be_visible()
    assert_accessible(tab, "event page noting another audience")
    tab.get_by_role("button", name="Zarejestruj się").click()
    expect(tab.get_by_text("Rejestracja na to wydarzenie jest potwierdzona.")).to_be_visible()
    assert Registration.objects.get(participant=person).state == "confirmed"
