"""After a room change, a member of Event staff writes to the confirmed participants from the event's
registrations: write, preview (as the first recipient gets it), send. The confirmed participant gets one mail and
sees the message on "My registrations"; the person on the waiting list gets nothing. axe checks the form and the
preview."""

import pytest
from playwright.sync_api import expect

from events.models import EventMessage, Registration
from events.services.registration import register
from lms.models import OutgoingMail
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOM_CHANGE = "We meet in room 204 on the second floor.\nThe lift is next to the entrance."


def test_staff_write_to_the_confirmed_participants_preview_and_send(
    live_server, make_event, signed_in_page, assert_accessible, english_admin_user  # noqa: F811
):
    training = make_event("Szkolenie: prawo pracy cudzoziemców", capacity=1)
    participant = ProfileFactory(user__first_name="Olena", user__last_name="Kowalczuk").user
    register(event=training, participant=participant)
    waiting = register(event=training, participant=ProfileFactory(user__first_name="Ivan").user)
    assert waiting.state == Registration.State.WAITING
    OutgoingMail.objects.all().delete()
    staff = english_admin_user("Event staff", first_name="Ewa", last_name="Bramkowa")

    ewa = signed_in_page(staff)
    ewa.goto(f"{live_server.url}/admin/registrations/?event={training.pk}")
    ewa.get_by_role("link", name="Message to participants").click()
    expect(ewa.get_by_role("heading", level=2, name=training.title)).to_be_visible()
    ewa.get_by_label("Confirmed participants (1 person)").check()
    ewa.get_by_label("Subject").fill("Room change")
    ewa.get_by_label("Message").fill(ROOM_CHANGE)
    assert_accessible(ewa, "message form")

    ewa.get_by_role("button", name="Preview").click()
    expect(ewa.get_by_text("Confirmed participants: 1 person receives this message")).to_be_visible()
    expect(ewa.get_by_text("as Olena Kowalczuk receives it")).to_be_visible()
    expect(ewa.locator(".message-preview")).to_contain_text("Dzień dobry, Olena,")  # her language, not the admin's
    expect(ewa.locator(".message-preview")).to_contain_text("The lift is next to the entrance.")
    assert not OutgoingMail.objects.exists()
    assert_accessible(ewa, "message preview")

    ewa.get_by_role("button", name="Send to 1 person").click()
    expect(ewa.get_by_text("The message was sent to 1 person.")).to_be_visible()
    expect(ewa.get_by_role("table").locator("tbody tr")).to_have_count(1)
    (mail,) = OutgoingMail.objects.all()
    assert mail.to == [participant.email] and ROOM_CHANGE in mail.body_text
    assert EventMessage.objects.get().recipient_count == 1

    olena = signed_in_page(participant)
    olena.goto(f"{live_server.url}/pl/my/registrations/")
    expect(olena.get_by_role("heading", name="Room change")).to_be_visible()
    expect(olena.get_by_text("The lift is next to the entrance.")).to_be_visible()
