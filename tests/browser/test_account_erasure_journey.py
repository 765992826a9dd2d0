"""A participant deletes their account from "My account": the page says which registration is cancelled first and
that the certificates stay verifiable; a wrong password is a field error; the right one erases the account, gives the
seat to the waiting person and signs the participant out. axe checks both pages."""

import pytest
from playwright.sync_api import expect

from events.models import Registration
from events.services.registration import register
from lms.models import User
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import TEST_PASSWORD, ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_deletes_their_account(live_server, signed_in_page, make_event, participant,  # noqa: F811
                                             assert_accessible):
    event = make_event("Webinar o zezwoleniach", capacity=1)
    mine = register(event=event, participant=participant)
    waiting = register(event=event, participant=ProfileFactory().user)
    page = signed_in_page(participant)
    page.goto(f"{live_server.url}/pl/my/account/")

    page.get_by_role("link", name="Usunięcie konta").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Usunięcie konta")
    expect(page.get_by_role("main").get_by_role("listitem").filter(has_text="Webinar o zezwoleniach")).to_be_visible()
    assert_accessible(page, "the account deletion page")

    page.get_by_label("Hasło").fill("nie-to-haslo")
    page.get_by_role("button", name="Usuń konto na stałe").click()

    expect(page.locator(".field__error")).to_have_text("Hasło jest nieprawidłowe.")
    assert_accessible(page, "the account deletion page with an error")
    assert User.objects.get(pk=participant.pk).is_active

    page.get_by_label("Hasło").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Usuń konto na stałe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Konto zostało usunięte")
    expect(page.get_by_role("main")).to_contain_text("Webinar o zezwoleniach")
    assert_accessible(page, "the confirmation of the deleted account")
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.state, waiting.state) == (Registration.State.CANCELLED, Registration.State.CONFIRMED)
    assert not User.objects.get(pk=participant.pk).is_active
    page.goto(f"{live_server.url}/pl/my/account/")
    expect(page).to_have_url(f"{live_server.url}/pl/accounts/login/?next=/pl/my/account/")
