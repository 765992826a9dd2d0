"""Event staff filter the registrations by an event found through a search in the filters, each event listed once."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from events.services.registration import register
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_choose_the_event_to_filter_by_through_a_search(live_server, make_event, signed_in_page,  # noqa: F811
                                                              english_admin_user):
    wanted = make_event("Webinar o składkach ZUS")
    other = make_event("Dzień otwarty")
    wanted.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True).save_revision().publish()
    register(event=wanted, participant=ProfileFactory(user__last_name="Składkowa").user)
    register(event=other, participant=ProfileFactory(user__last_name="Otwarta").user)
    staff = english_admin_user("Event staff")

    tab = signed_in_page(staff)
    tab.goto(f"{live_server.url}/admin/registrations/")
    tab.get_by_role("button", name="Filter").click()
    tab.get_by_role("button", name="Event", exact=True).click()
    tab.get_by_role("button", name="Choose an event").click()
    tab.get_by_role("textbox", name="Event title").fill("składk")
    expect(tab.get_by_role("link", name="Dzień otwarty")).to_have_count(0)
    expect(tab.get_by_role("link", name="Webinar o składkach ZUS")).to_have_count(1)  # once, not once per language
    tab.get_by_role("link", name="Webinar o składkach ZUS").click()

    expect(tab).to_have_url(re.compile(f"event={wanted.pk}"))
    listing = tab.get_by_role("table").first
    expect(listing).to_contain_text("Składkowa")
    expect(listing).not_to_contain_text("Otwarta")
