"""An editor publishes an event in the Wagtail admin; two participants fill its only seat and its waiting list;
the first cancels and the second is promoted at once. axe checks the listing, event page and form."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import EventPage, Registration
from tests.events.conftest import event_index, location  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Webinar: zatrudnianie cudzoziemców krok po kroku"


@pytest.fixture
def editor(english_admin_user):
    return english_admin_user("Moderators", username="redaktorka", first_name="Ewa")


def type_date(tab, label: str, value) -> None:
    """Type a date and close its picker. The picker opens 100 ms after the field gets focus; closed before that, it
    would open later over the form and swallow the next click, so it is closed once it is seen open."""
    field = tab.get_by_role("textbox", name=label)
    field.fill(value.strftime("%Y-%m-%d %H:%M"))
    pickers = tab.locator(".xdsoft_datetimepicker:visible")
    expect(pickers).to_have_count(1)
    field.blur()  # the picker closes when its field loses focus
    expect(pickers).to_have_count(0)


def publish_event_in_admin(tab, live_server, parent) -> EventPage:
    tab.goto(f"{live_server.url}/admin/pages/{parent.pk}/add_subpage/")
    start = (timezone.localtime() + timedelta(days=3)).replace(hour=10, minute=0)
    tab.get_by_role("textbox", name="Title*").fill(TITLE)
    tab.get_by_role("textbox", name="Summary*").fill("Jak legalnie zatrudnić cudzoziemca: zezwolenia, oświadczenia, obowiązki.")
    tab.get_by_role("combobox", name="Kind*").select_option(label="Webinar")
    tab.get_by_role("combobox", name="Format*").select_option(label="Online")
    type_date(tab, "Starts at*", start)
    type_date(tab, "Ends at*", start + timedelta(hours=1, minutes=30))
    tab.get_by_role("spinbutton", name="Seats*").fill("1")
    tab.get_by_role("button", name="More actions").click()
    tab.get_by_role("button", name="Publish").click()
    expect(tab.get_by_text(re.compile("created and published"))).to_be_visible()
    return EventPage.objects.live().get(title=TITLE)


def test_editor_publishes_then_waiting_list_fills_and_promotes(
    live_server, event_index, editor, signed_in_page, assert_accessible  # noqa: F811
):
    event = publish_event_in_admin(signed_in_page(editor), live_server, event_index)
    assert (event.capacity, event.format, event.kind) == (1, "online", "webinar")

    first = ProfileFactory(user__first_name="Anna", user__email="anna@example.org").user
    second = ProfileFactory(user__first_name="Bohdan", user__email="bohdan@example.org").user

    anna = signed_in_page(first)
    anna.goto(f"{live_server.url}/pl/wydarzenia/")
    assert_accessible(anna, "event listing")
    anna.get_by_role("link", name=TITLE).click()
    expect(anna.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(anna, "event page with registration form")
    anna.get_by_label("Tłumacz polskiego języka migowego (PJM)").check()
    anna.get_by_role("button", name="Zarejestruj się").click()
    expect(anna.get_by_text("Rejestracja na to wydarzenie jest potwierdzona.")).to_be_visible()
    assert_accessible(anna, "event page after registering")
    (confirmation,) = [message for message in mail.outbox if message.to == [first.email]]
    assert confirmation.attachments[0][0].endswith(".ics")
    assert Registration.objects.get(participant=first).access_needs == ["sign_language"]

    bohdan = signed_in_page(second)
    bohdan.goto(f"{live_server.url}{event.url}")
    bohdan.get_by_role("button", name="Zapisz się na listę rezerwową").click()
    expect(bohdan.get_by_text("Pozycja na liście rezerwowej: 1.")).to_be_visible()

    anna.get_by_role("button", name="Anuluj moją rejestrację").click()
    expect(anna.get_by_role("heading", level=1)).to_contain_text("Anulować rejestrację")  # asked first
    assert Registration.objects.get(participant=first).state == "confirmed"
    assert_accessible(anna, "cancellation question")
    anna.get_by_role("button", name="Anuluj moją rejestrację").click()
    expect(anna.get_by_role("status")).to_contain_text("Rejestracja została anulowana.")

    bohdan.reload()
    expect(bohdan.get_by_text("Rejestracja na to wydarzenie jest potwierdzona.")).to_be_visible()
    assert Registration.objects.get(participant=second).state == "confirmed"
    promoted = [message for message in mail.outbox if message.to == [second.email]]
    assert [message.subject.split(":")[0] for message in promoted] == ["Lista rezerwowa", "Zwolniło się miejsce"]
