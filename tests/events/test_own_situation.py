"""Mails and calendar files tell each person their own situation: one calendar entry per person and event, the
place in their language, a waiting person's change-of-time mail, and the access needs they asked for shown back
(and changeable)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Locale

from events.exceptions import RegistrationError
from events.models import EventPage, Registration
from events.services.registration import cancel, change_access_needs, register
from lms.models import AuditEntry
from tests.events.test_notifications import vevent
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def page_calendar(client, event) -> Calendar:
    response = client.get(f"{event.url}calendar/")
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def test_add_to_calendar_gives_a_registered_person_the_entry_their_mails_carry(
        client, event, participant, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event=event, participant=participant)
    (confirmation,) = mailoutbox
    client.force_login(participant)

    calendar = page_calendar(client, event)

    entry = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "PUBLISH"
    assert entry["UID"] == vevent(confirmation)["UID"]
    assert str(entry["UID"]).startswith(f"registration-{registration.uid}@")
    assert entry["SEQUENCE"] == vevent(confirmation)["SEQUENCE"]


def test_add_to_calendar_gives_visitors_and_cancelled_people_the_events_entry(
        client, event, participant, django_capture_on_commit_callbacks):
    event_uid = page_calendar(client, event).walk("VEVENT")[0]["UID"]
    assert str(event_uid).startswith(f"event-{event.translation_key}@")

    registration = register(event=event, participant=participant)
    cancel(registration=registration, actor=participant)
    client.force_login(participant)
    assert page_calendar(client, event).walk("VEVENT")[0]["UID"] == event_uid


@pytest.fixture
def in_person(make_event, location):
    ukrainian = location.copy_for_translation(Locale.objects.get(language_code="uk"))
    ukrainian.name, ukrainian.street = "Воєводське управління", "вул. Довга, 1"
    ukrainian.save()
    return make_event("Dzień otwarty", format=EventPage.Format.IN_PERSON, kind=EventPage.Kind.OPEN_DAY)


def test_a_ukrainian_calendar_entry_names_the_place_in_ukrainian(
        in_person, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        register(event=in_person, participant=ProfileFactory(language="uk").user)
        register(event=in_person, participant=ProfileFactory(language="pl").user)

    ukrainian, polish = mailoutbox
    assert str(vevent(ukrainian)["LOCATION"]).startswith("Воєводське управління, вул. Довга, 1")
    assert str(vevent(polish)["LOCATION"]).startswith("Urząd Wojewódzki, ul. Długa 1")


def test_the_page_calendar_names_the_place_in_the_pages_language(client, in_person):
    translated = in_person.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True)
    translated.title = "День відкритих дверей"
    translated.save_revision().publish()

    entry = page_calendar(client, translated).walk("VEVENT")[0]

    assert str(entry["LOCATION"]).startswith("Воєводське управління")
    assert str(entry["SUMMARY"]) == "День відкритих дверей"


def test_a_waiting_person_is_told_of_a_change_of_time_as_still_waiting_with_their_position(
        make_event, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event(capacity=1)
    confirmed_person, waiting_person = ProfileFactory(language="en").user, ProfileFactory(language="en").user
    register(event=event, participant=confirmed_person)
    register(event=event, participant=waiting_person)
    mailoutbox.clear()

    event.start += timedelta(hours=2)
    event.end += timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    by_person = {message.to[0]: message for message in mailoutbox}
    waiting_text = by_person[waiting_person.email].body
    assert "You are still on the waiting list, at position 1" in waiting_text
    assert "still on the waiting list" not in by_person[confirmed_person.email].body
    assert vevent(by_person[waiting_person.email])["STATUS"] == "TENTATIVE"


def test_the_confirmation_mail_shows_back_the_access_needs_in_the_persons_language(
        event, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        register(event=event, participant=ProfileFactory(language="pl").user,
                 access_needs=[Registration.AccessNeed.SIGN_LANGUAGE], access_needs_details="Miejsce blisko tłumacza")
        register(event=event, participant=ProfileFactory(language="en").user)

    asked, not_asked = mailoutbox
    assert ("Zgłoszone potrzeby: Tłumacz polskiego języka migowego (PJM); Miejsce blisko tłumacza. Można je zmienić "
            "na stronie wydarzenia.") in " ".join(asked.body.split())
    assert "You asked for" not in not_asked.body


def test_a_registered_person_sees_and_changes_their_access_needs_on_the_event_page(client, event, participant):
    registration = register(event=event, participant=participant, access_needs=[Registration.AccessNeed.STEP_FREE])
    client.force_login(participant)

    page = client.get(event.url).content.decode()
    assert "Zgłoszone potrzeby: Dostęp bez barier architektonicznych (bez schodów)." in page
    assert 'value="step_free" id="id_access_needs_1" checked' in page  # the form starts from what was asked for

    response = client.post(f"{event.url}access-needs/", {
        "access_needs": [Registration.AccessNeed.SIGN_LANGUAGE, Registration.AccessNeed.INDUCTION_LOOP],
        "access_needs_details": "  Materiały w PDF  "})

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.access_needs == ["sign_language", "induction_loop"]
    assert registration.access_needs_details == "Materiały w PDF"
    entry = AuditEntry.objects.get(action="registration.access_needs_changed")
    assert entry.data["before"] == {"access_needs": ["step_free"], "details": ""}


def test_an_unknown_access_need_is_a_field_error_and_changes_nothing(client, event, participant):
    registration = register(event=event, participant=participant, access_needs=[Registration.AccessNeed.STEP_FREE])
    client.force_login(participant)

    response = client.post(f"{event.url}access-needs/", {"access_needs": ["teleport"]})

    assert response.status_code == 400
    assert "teleport" in response.content.decode()  # Django names the choice it does not know
    registration.refresh_from_db()
    assert registration.access_needs == ["step_free"]
    assert not AuditEntry.objects.filter(action="registration.access_needs_changed").exists()


def test_access_needs_cannot_be_changed_without_a_registration_or_after_the_event(
        client, event, participant, other_participant):
    client.force_login(other_participant)
    assert client.post(f"{event.url}access-needs/", {"access_needs": ["step_free"]}).status_code == 409

    registration = register(event=event, participant=participant)
    with pytest.raises(RegistrationError):
        change_access_needs(registration=registration, actor=participant, access_needs=["step_free"],
                            now=event.end + timedelta(minutes=1))
    cancel(registration=registration, actor=participant)
    with pytest.raises(RegistrationError):
        change_access_needs(registration=registration, actor=participant, access_needs=["step_free"],
                            now=timezone.now())
