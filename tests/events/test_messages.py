"""Messages from staff to an event's participants: who gets them, in which language, audited, never twice; the
staff page (write, preview, send) and what participants see."""

import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from events.editorial import ensure_editorial_groups
from events.models import Attendance, EventMessage, Registration
from events.services.attendance import correct_attendance
from events.services.messages import (
    EventMessageError, audience_registrations, audience_sizes, preview_event_message, send_event_message,
)
from events.services.registration import register
from lms.models import AuditEntry, OutgoingMail
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

ROOM_CHANGE = "Zmiana sali: spotykamy się w sali 204 na drugim piętrze."


@pytest.fixture
def staff(db):
    ensure_editorial_groups(apps)
    user = ProfileFactory(user__first_name="Ewa", user__last_name="Biurowa").user
    user.groups.add(Group.objects.get(name="Event staff"))
    return user


@pytest.fixture
def people(make_event):
    """A full event of two: a Polish and a Ukrainian participant confirmed, an English one waiting."""
    event = make_event(capacity=2)
    polish = register(event=event, participant=ProfileFactory(language="pl", user__first_name="Anna").user)
    ukrainian = register(event=event, participant=ProfileFactory(language="uk", user__first_name="Oksana").user)
    waiting = register(event=event, participant=ProfileFactory(language="en", user__first_name="John").user)
    assert waiting.state == Registration.State.WAITING
    OutgoingMail.objects.all().delete()  # the registration mails
    return event, polish, ukrainian, waiting


def send(event, actor, *, audience="confirmed", subject="Zmiana sali", body=ROOM_CHANGE, token=None):
    return send_event_message(event=event, audience=audience, subject=subject, body=body, actor=actor,
                              token=token or uuid.uuid4())


def test_each_confirmed_person_gets_the_message_in_their_own_language(people, staff):
    event, polish, ukrainian, _waiting = people

    message, sent_now = send(event, staff)

    assert sent_now and message.recipient_count == 2
    assert set(message.recipients.all()) == {polish.participant, ukrainian.participant}
    mails = {mail.to[0]: mail for mail in OutgoingMail.objects.all()}
    assert set(mails) == {polish.participant.email, ukrainian.participant.email}
    to_polish, to_ukrainian = mails[polish.participant.email], mails[ukrainian.participant.email]
    assert to_polish.subject == to_ukrainian.subject == "Zmiana sali"  # the staff's own words, as written
    assert ROOM_CHANGE in to_polish.body_text and ROOM_CHANGE in to_ukrainian.body_text
    assert to_polish.body_text.startswith("Dzień dobry, Anna,")
    assert to_ukrainian.body_text.startswith("Доброго дня, Oksana!")
    assert f"Організатори заходу «{event.title}»" in to_ukrainian.body_text
    assert event.url in to_polish.body_text


def test_the_text_is_kept_with_plain_line_breaks(people, staff):
    event, *_ = people

    message, _ = send(event, staff, body="  Sala 204.\r\nWinda przy wejściu.\r\n")  # as a browser sends a textarea

    assert message.body == "Sala 204.\nWinda przy wejściu."
    bodies = OutgoingMail.objects.values_list("body_text", flat=True)
    assert all("Sala 204.\nWinda przy wejściu.\n" in body for body in bodies)


def test_the_waiting_list_and_those_who_attended_are_groups_of_their_own(people, staff):
    event, polish, _ukrainian, waiting = people
    # present for one minute is present
    correct_attendance(registration=polish, minutes=1, reason="Lista obecności", actor=staff)
    Attendance.objects.create(registration=_ukrainian, minutes_present=0, source=Attendance.Source.POLLING)

    assert audience_sizes(event=event) == {"confirmed": 2, "waiting": 1, "attended": 1}
    to_waiting, _ = send(event, staff, audience="waiting")
    to_attended, _ = send(event, staff, audience="attended", subject="Materiały", body="Prezentacja w załączniku.")

    assert list(to_waiting.recipients.all()) == [waiting.participant]
    assert list(to_attended.recipients.all()) == [polish.participant]
    assert OutgoingMail.objects.filter(to=[waiting.participant.email]).get().body_text.startswith("Hello John")


def test_sending_is_audited_with_the_count_and_the_text(people, staff):
    event, *_ = people

    message, _ = send(event, staff)

    entry = AuditEntry.objects.get(action="event.message_sent")
    assert entry.actor == staff and entry.target_id == str(message.pk)
    assert entry.data == {"event": event.pk, "audience": "confirmed", "recipients": 2, "subject": "Zmiana sali",
                          "body": ROOM_CHANGE}
    message.refresh_from_db()
    assert message.sent_by == staff


def test_a_ukrainian_recipient_gets_the_ukrainian_page(people, staff):
    event, _polish, ukrainian, _waiting = people
    translation = event.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True)
    translation.title = "Вебінар для роботодавців"
    translation.save_revision().publish()

    send(event, staff)

    body = OutgoingMail.objects.get(to=[ukrainian.participant.email]).body_text
    assert "Організатори заходу «Вебінар для роботодавців»" in body
    assert translation.specific.url in body


def test_the_preview_shows_the_mail_of_the_first_person_by_surname_then_first_name(make_event, staff):
    event = make_event()
    for first_name, last_name in [("Zenon", "Abacki"), ("Adam", "Kowalski"), ("Bartosz", "Abacki")]:
        register(event=event, participant=ProfileFactory(user__first_name=first_name, user__last_name=last_name).user)

    preview = preview_event_message(event=event, audience="confirmed", subject="Sala", body=ROOM_CHANGE)

    assert (preview.recipient.first_name, preview.recipient.last_name, preview.recipient_count) == (
        "Bartosz", "Abacki", 3)
    assert preview.mail.body.startswith("Dzień dobry, Bartosz,")


def test_an_unknown_audience_is_a_programming_error_that_names_it(event):
    with pytest.raises(ValueError) as error:
        audience_registrations(event=event, audience="everyone")

    assert str(error.value) == "Unknown audience: 'everyone'"


@pytest.mark.parametrize(("fields", "code"), [
    ({"subject": "  "}, "empty_subject"),
    ({"body": " \n "}, "empty_body"),
])
def test_an_empty_subject_or_body_writes_nothing(people, staff, fields, code):
    event, *_ = people

    with pytest.raises(EventMessageError) as refusal:
        send(event, staff, **fields)

    assert refusal.value.code == code
    assert not EventMessage.objects.exists() and not OutgoingMail.objects.exists()
    assert not AuditEntry.objects.filter(action="event.message_sent").exists()


def test_a_group_with_nobody_in_it_writes_nothing(people, staff):
    event, *_ = people

    with pytest.raises(EventMessageError) as refusal:
        send(event, staff, audience="attended")

    assert refusal.value.code == "nobody" and refusal.value.field == "audience"
    assert not EventMessage.objects.exists() and not OutgoingMail.objects.exists()


def test_the_same_form_sent_twice_sends_one_message(people, staff):
    event, *_ = people
    token = uuid.uuid4()

    first, first_sent = send(event, staff, token=token)
    again, again_sent = send(event, staff, token=token)

    assert (first_sent, again_sent) == (True, False) and again == first
    assert EventMessage.objects.count() == 1 and OutgoingMail.objects.count() == 2


def test_the_same_text_again_within_minutes_is_refused(people, staff):
    event, *_ = people
    send(event, staff)

    with pytest.raises(EventMessageError) as refusal:
        send(event, staff)  # a new form, the same words

    assert refusal.value.code == "repeated"
    assert EventMessage.objects.count() == 1 and OutgoingMail.objects.count() == 2


def test_only_the_same_text_to_the_same_group_of_the_same_event_within_minutes_is_a_repeat(people, staff, make_event):
    event, *_ = people
    other_event = make_event("Inny webinar")
    register(event=other_event, participant=ProfileFactory().user)
    first, _ = send(event, staff)

    sent = [
        send(other_event, staff)[1],
        send(event, staff, audience="waiting")[1],
        send(event, staff, subject="Zmiana sali – uwaga")[1],
        send(event, staff, body=ROOM_CHANGE + " Winda działa.")[1],
    ]
    EventMessage.objects.filter(pk=first.pk).update(sent_at=first.sent_at - timedelta(minutes=11))
    sent.append(send(event, staff)[1])

    assert sent == [True] * 5


def test_mails_survive_an_outage_in_the_queue(people, staff, django_capture_on_commit_callbacks, mailoutbox):
    event, *_ = people

    with django_capture_on_commit_callbacks(execute=True):
        send(event, staff)

    assert sorted(mail.subject for mail in mailoutbox) == ["Zmiana sali", "Zmiana sali"]
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {OutgoingMail.State.SENT}


# The staff page

def page_url(event):
    return reverse("event_message", args=[event.pk])


def form_data(**fields):
    return {"audience": "confirmed", "subject": "Zmiana sali", "body": ROOM_CHANGE, "token": str(uuid.uuid4()),
            **fields}


def test_staff_write_preview_and_send(client, people, staff):
    event, polish, _ukrainian, _waiting = people
    client.force_login(staff)

    form = client.get(page_url(event))
    assert form.status_code == 200
    assert "(2 " in form.content.decode()  # the confirmed group says how many it reaches

    data = form_data()
    preview = client.post(page_url(event), {**data, "preview": ""})
    html = preview.content.decode()
    assert preview.status_code == 200 and ROOM_CHANGE in html
    assert preview.context["preview"].recipient_count == 2
    assert not EventMessage.objects.exists() and not OutgoingMail.objects.exists()

    sent = client.post(page_url(event), {**data, "send": ""})
    assert sent.status_code == 302 and sent["Location"] == page_url(event)
    assert EventMessage.objects.get().recipient_count == 2 and OutgoingMail.objects.count() == 2

    again = client.post(page_url(event), {**data, "send": ""}, follow=True)  # a double click
    assert EventMessage.objects.count() == 1 and OutgoingMail.objects.count() == 2
    # The first send's "success" was never shown (its redirect was not followed); the second click says "info".
    assert [message.level_tag for message in again.context["messages"]] == ["success", "info"]
    assert "Zmiana sali" in again.content.decode()  # the list of messages sent


@pytest.mark.parametrize(("fields", "field"), [
    ({"subject": ""}, "subject"),
    ({"body": "   "}, "body"),
    ({"audience": "attended"}, "audience"),
])
def test_the_page_refuses_with_a_field_error(client, people, staff, fields, field):
    event, *_ = people
    client.force_login(staff)

    for step in ("preview", "send"):
        response = client.post(page_url(event), {**form_data(**fields), step: ""})
        assert response.status_code == 400
        assert response.context["form"].errors[field]
    assert not EventMessage.objects.exists() and not OutgoingMail.objects.exists()


def test_a_translations_id_leads_to_the_default_language_page(client, people, staff):
    event, *_ = people
    client.force_login(staff)
    translated = event.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True)

    response = client.get(page_url(translated))

    assert response.status_code == 302 and response["Location"] == page_url(event)


@pytest.mark.parametrize("role", ["participant", "moderator"])
def test_others_cannot_open_or_send(client, request, people, role):
    event, *_ = people
    if role == "moderator":
        ensure_editorial_groups(apps)
        user = ProfileFactory().user
        user.groups.add(Group.objects.get(name="Moderators"))
    else:
        user = request.getfixturevalue("participant")
    client.force_login(user)

    page = client.get(page_url(event))
    send_ = client.post(page_url(event), {**form_data(), "send": ""})

    assert (page.status_code, send_.status_code) == (302, 302)
    assert not EventMessage.objects.exists() and not OutgoingMail.objects.exists()


# What participants see

def test_participants_see_only_messages_sent_to_them(client, people, staff, other_participant):
    event, polish, _ukrainian, waiting = people
    send(event, staff, subject="Zmiana sali")
    send(event, staff, audience="waiting", subject="Lista rezerwowa", body="Zwolniło się miejsce?")

    client.force_login(polish.participant)
    mine = client.get(reverse("my_registrations")).content.decode()
    on_page = client.get(event.url).content.decode()
    assert ROOM_CHANGE in mine and ROOM_CHANGE in on_page
    assert "Lista rezerwowa" not in mine and "Lista rezerwowa" not in on_page

    client.force_login(waiting.participant)
    assert "Lista rezerwowa" in client.get(reverse("my_registrations")).content.decode()
    assert ROOM_CHANGE not in client.get(reverse("my_registrations")).content.decode()

    client.force_login(other_participant)
    assert "Lista rezerwowa" not in client.get(reverse("my_registrations")).content.decode()
    assert ROOM_CHANGE not in client.get(event.url).content.decode()


def test_the_registrations_listing_and_the_page_editor_lead_to_the_message_page(client, people, staff,
                                                                                 administrator):
    event, *_ = people
    client.force_login(staff)
    listing = client.get(reverse("registrations:index"), {"event": event.pk}).content.decode()
    assert f'href="{page_url(event)}"' in listing

    client.force_login(administrator)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert f'href="{page_url(event)}"' in editor
