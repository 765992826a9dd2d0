"""A participant opens "My account" from the menu on a phone: upcoming and past events, certificates and the
address of their calendar, which they give a new one; axe checks the page."""

import pytest
from playwright.sync_api import expect

from events.services.registration import register
from participants.models import CalendarFeed
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_account_on_a_phone(live_server, signed_in_page, make_event, participant,  # noqa: F811
                               assert_accessible):
    register(event=make_event("Webinar o zezwoleniach"), participant=participant)
    page = signed_in_page(participant)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/pl/")

    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Moje konto").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Moje konto")
    expect(page.get_by_role("link", name="Webinar o zezwoleniach")).to_be_visible()
    address = page.get_by_label("Adres kalendarza")
    first = address.input_value()
    assert first.endswith(f"/calendar/{CalendarFeed.objects.get(user=participant).token}.ics")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "My account at 360 px")

    page.get_by_role("button", name="Nadaj kalendarzowi nowy adres").click()

    expect(page.get_by_role("status")).to_contain_text("Kalendarz ma nowy adres")
    assert page.get_by_label("Adres kalendarza").input_value() != first
