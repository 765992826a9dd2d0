"""An editor with the admin in Polish copies last month's training for its next run: the copy form asks for the new
dates (an end before the start is refused, nothing copied), then the copy opens in the editor as a draft with its
Ukrainian translation along. axe checks the copy form."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale

from events.models import EventPage
from tests.browser.test_presenter_chooser_journey import polish_editor
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_copies_an_event_with_new_dates_and_its_translation(live_server, make_event,  # noqa: F811
                                                                      signed_in_page, assert_accessible):
    training = make_event("Szkolenie: legalizacja pobytu", start=timezone.now() - timedelta(days=30))
    training.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True).save_revision().publish()
    pages_before = EventPage.objects.count()

    tab = signed_in_page(polish_editor())
    tab.goto(f"{live_server.url}/admin/pages/{training.pk}/copy/")
    expect(tab.get_by_label("Tytuł kopii")).to_have_value("Szkolenie: legalizacja pobytu")
    assert_accessible(tab, "the event copy form")
    tab.get_by_label("Tytuł kopii").fill("Szkolenie: legalizacja pobytu – czerwiec")
    tab.get_by_label("Slug kopii").fill("legalizacja-czerwiec")
    tab.locator("#id_start").fill("2031-06-10 10:00")
    tab.locator("#id_end").fill("2031-06-10 09:00")
    tab.get_by_role("button", name="Kopiuj", exact=True).click()
    expect(tab.get_by_text("Koniec wydarzenia musi przypadać po jego początku.")).to_be_visible()
    assert EventPage.objects.count() == pages_before

    tab.locator("#id_end").fill("2031-06-10 14:00")
    tab.get_by_role("button", name="Kopiuj", exact=True).click()
    expect(tab.get_by_role("status")).to_contain_text("jako wersję roboczą z nowymi terminami")

    copy = EventPage.objects.get(slug="legalizacja-czerwiec", locale__language_code="pl")
    assert not copy.live and timezone.localtime(copy.start).strftime("%Y-%m-%d %H:%M") == "2031-06-10 10:00"
    assert copy.get_translations().filter(locale__language_code="uk", live=False).exists()
