"""The event listing on a phone: the filters fold behind a "Filters" button, which says how many are in use, so
the results come first; opened and closed again, nothing scrolls sideways; on a wide screen they stay open."""

import pytest
from playwright.sync_api import expect

from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_filters_fold_behind_a_button_on_a_phone(live_server, page, make_event, assert_accessible):  # noqa: F811
    make_event("Webinar dla pracodawców")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/pl/wydarzenia/")

    toggle = page.get_by_role("button", name="Filtry")
    search = page.get_by_role("textbox", name="Szukaj")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(search).to_be_hidden()
    expect(page.get_by_role("link", name="Webinar dla pracodawców")).to_be_in_viewport()
    assert_accessible(page, "the listing at 360 px, filters folded")

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(search).to_be_visible()
    assert sideways_overflow(page) <= 0
    assert_accessible(page, "the listing at 360 px, filters open")
    search.fill("pracodawca")
    page.get_by_role("button", name="Pokaż").click()

    expect(page.get_by_role("button", name="Filtry (1)")).to_have_attribute("aria-expanded", "false")
    page.get_by_role("button", name="Filtry (1)").click()
    expect(search).to_have_value("pracodawca")
    page.get_by_role("button", name="Filtry (1)").click()
    expect(search).to_be_hidden()
    assert sideways_overflow(page) <= 0


def test_on_a_wide_screen_the_filters_stay_open_without_a_button(live_server, page, make_event):  # noqa: F811
    make_event("Webinar dla pracodawców")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/pl/wydarzenia/")

    expect(page.get_by_role("textbox", name="Szukaj")).to_be_visible()
    expect(page.get_by_role("button", name="Filtry")).to_be_hidden()
