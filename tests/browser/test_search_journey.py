"""A visitor searches the event listing for a word as they think of it: in Ukrainian in its dictionary form, and in
Polish without Polish letters for the town where the event is held. axe checks the results."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from events.models import EventPage, Location
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_events_by_any_form_of_a_word(live_server, page, make_event, event_index,  # noqa: F811
                                                      assert_accessible):
    ukrainian = Locale.objects.get(language_code="uk")
    event_index.copy_for_translation(ukrainian, copy_parents=True).save_revision().publish()
    chelm = Location.objects.create(name="Urząd Miasta", street="ul. Lubelska 1", postal_code="22-100", city="Chełm")
    open_day = make_event("Dzień Otwarty dla pracodawców", format=EventPage.Format.IN_PERSON, location=chelm)
    translation = open_day.copy_for_translation(ukrainian, copy_parents=True)
    translation.title = "День відкритих дверей для роботодавців"
    translation.save_revision().publish()
    make_event("Składki pracownika z Ukrainy")

    page.goto(f"{live_server.url}/uk/wydarzenia/")
    page.get_by_role("textbox", name="Пошук").fill("роботодавець")
    page.get_by_role("button", name="Показати").click()

    results = page.get_by_role("main")
    expect(results.get_by_role("link", name="День відкритих дверей для роботодавців")).to_be_visible()
    expect(results).not_to_contain_text("Składki pracownika")
    assert_accessible(page, "the Ukrainian search results")

    page.goto(f"{live_server.url}/pl/wydarzenia/")
    page.get_by_role("textbox", name="Szukaj").fill("chelm")
    page.get_by_role("button", name="Pokaż").click()

    expect(results.get_by_role("link", name="Dzień Otwarty dla pracodawców")).to_be_visible()
    expect(results).not_to_contain_text("Składki pracownika")
