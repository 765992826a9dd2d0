"""E-mails in the participant's language with calendar files: stable UID, growing SEQUENCE, CANCEL on cancel."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from icalendar import Calendar

from events.models import Registration
from events.services.registration import cancel, register
from events.services.reminders import send_due_reminders
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def calendar_of(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    content = attachment[1]
    return Calendar.from_ical(content if isinstance(content, (bytes, str)) else content.get_payload())


def vevent(message):
    return calendar_of(message).walk("VEVENT")[0]


def test_confirmation_is_in_the_participants_language_with_an_invitation(
    event, django_capture_on_commit_callbacks, mailoutbox
):
    participant = ProfileFactory(language="uk").user
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event=event, participant=participant)

    (message,) = mailoutbox
    assert message.to == [participant.email]
    assert message.subject.startswith("Реєстрацію підтверджено")
    assert "Webinar dla pracodawców" in message.body
    calendar = calendar_of(message)
    assert calendar["METHOD"] == "REQUEST"
    entry = calendar.walk("VEVENT")[0]
    assert str(entry["UID"]).startswith(f"registration-{registration.uid}@")
    assert entry["SEQUENCE"] == 0
    assert entry.decoded("DTSTART") == event.start
    with translation.override("uk"):
        assert entry["ORGANIZER"].params["CN"] == translation.gettext("Training for migrant-information services")
    part = next(part for part in message.message().walk() if part.get_content_type() == "text/calendar")
    assert part["Content-Type"].count("charset") == 1 and part.get_param("method") == "REQUEST"


def test_cancellation_sends_cancel_with_same_uid_and_higher_sequence(
    event, participant, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event=event, participant=participant)
    with django_capture_on_commit_callbacks(execute=True):
        cancel(registration=registration, actor=participant)

    confirmed, cancelled = mailoutbox
    assert calendar_of(cancelled)["METHOD"] == "CANCEL"
    assert vevent(cancelled)["UID"] == vevent(confirmed)["UID"]
    assert vevent(cancelled)["SEQUENCE"] > vevent(confirmed)["SEQUENCE"]
    assert vevent(cancelled)["STATUS"] == "CANCELLED"


def test_waiting_mail_tells_the_position(make_event, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event(capacity=1)
    register(event=event, participant=ProfileFactory().user)
    waiting_person = ProfileFactory(language="en").user
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(event=event, participant=waiting_person)

    (message,) = mailoutbox
    assert message.subject == "Waiting list: Webinar dla pracodawców"
    assert "position 1" in message.body
    assert vevent(message)["STATUS"] == "TENTATIVE"


def test_changed_time_is_announced_to_active_registrations_only(
    event, participant, other_participant, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = register(event=event, participant=participant)
        gone = register(event=event, participant=other_participant)
        cancel(registration=gone, actor=other_participant)
    mailoutbox.clear()

    event.start += timedelta(hours=1)
    event.end += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    (message,) = mailoutbox
    assert message.to == [participant.email]
    assert vevent(message).decoded("DTSTART") == event.start
    assert vevent(message)["SEQUENCE"] == kept.ics_sequence + 1


def test_publishing_without_schedule_change_sends_nothing(event, participant, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        register(event=event, participant=participant)
    mailoutbox.clear()

    event.summary = "Nowy opis"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    assert mailoutbox == []


def test_reminders_go_out_once_each_however_often_the_job_runs(
    make_event, participant, django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event(start=timezone.now() + timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        register(event=event, participant=participant)
    mailoutbox.clear()

    day_before = event.start - timedelta(hours=20)
    hour_before = event.start - timedelta(minutes=40)
    with django_capture_on_commit_callbacks(execute=True):
        counts = [send_due_reminders(now=day_before), send_due_reminders(now=day_before),
                  send_due_reminders(now=hour_before), send_due_reminders(now=hour_before)]

    assert counts == [1, 0, 1, 0]
    assert [message.subject.split(":")[0] for message in mailoutbox] == ["Jutro", "Za godzinę"]


def test_send_reminders_command_runs_the_same_job(make_event, participant, django_capture_on_commit_callbacks, mailoutbox, capsys):
    event = make_event(start=timezone.now() + timedelta(minutes=30))
    # registered long ago, so only the one-hour reminder is due now
    registration = register(event=event, participant=participant, now=timezone.now())
    type(registration).objects.filter(pk=registration.pk).update(created_at=timezone.now() - timedelta(days=3))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")

    assert len(mailoutbox) == 1
    assert "1 reminder(s) queued." in capsys.readouterr().out


def registered_long_ago(event, participant):
    """A confirmed registration made a week before the event (so the day-before reminder is not skipped)."""
    registration = register(event=event, participant=participant, now=event.start - timedelta(days=7))
    type(registration).objects.filter(pk=registration.pk).update(created_at=event.start - timedelta(days=7))
    return registration


def test_no_reminder_for_an_event_far_off_already_started_unpublished_or_just_registered_for(make_event, mailoutbox):
    now = timezone.now()
    registered_long_ago(make_event("Za trzy dni", start=now + timedelta(days=3)), ProfileFactory().user)
    started = make_event("Trwa", start=now + timedelta(days=1))
    registered_long_ago(started, ProfileFactory().user)
    type(started).objects.filter(pk=started.pk).update(start=now - timedelta(minutes=30))
    unpublished = make_event("Wycofane", start=now + timedelta(hours=20))
    registered_long_ago(unpublished, ProfileFactory().user)
    unpublished.unpublish()
    # registered today: the confirmation has just said everything a day-before reminder would
    register(event=make_event("Jutro", start=now + timedelta(hours=20)), participant=ProfileFactory().user, now=now)
    mailoutbox.clear()

    assert send_due_reminders(now=now) == 0
    assert not Registration.objects.filter(reminder_24h_sent_at__isnull=False).exists()
    assert not Registration.objects.filter(reminder_1h_sent_at__isnull=False).exists()


def test_each_due_registration_is_reminded_and_counted(make_event):
    now = timezone.now()
    later = registered_long_ago(make_event("Za tydzień", start=now + timedelta(days=10)), ProfileFactory().user)
    Registration.objects.filter(pk=later.pk).update(created_at=now - timedelta(days=30))  # first in any list
    tomorrow = make_event("Jutro", start=now + timedelta(hours=20))
    due = [registered_long_ago(tomorrow, ProfileFactory().user) for _ in range(2)]

    assert send_due_reminders(now=now) == 2
    assert set(Registration.objects.filter(reminder_24h_sent_at=now).values_list("pk", flat=True)) == {
        registration.pk for registration in due}


def test_a_registration_cancelled_or_reminded_after_the_job_listed_it_gets_nothing(make_event, monkeypatch):
    now = timezone.now()
    tomorrow = make_event("Jutro", start=now + timedelta(hours=20))
    cancelled, reminded, due = (registered_long_ago(tomorrow, ProfileFactory().user) for _ in range(3))
    cancel(registration=cancelled, actor=cancelled.participant)
    Registration.objects.filter(pk=reminded.pk).update(reminder_24h_sent_at=now - timedelta(minutes=5))
    # as if another run or a cancellation came between listing and sending
    monkeypatch.setattr("events.services.reminders._due", lambda now: {
        "reminder_24h_sent_at": [cancelled.pk, reminded.pk, due.pk], "reminder_1h_sent_at": []})

    assert send_due_reminders(now=now) == 1
    assert list(Registration.objects.filter(reminder_24h_sent_at=now).values_list("pk", flat=True)) == [due.pk]
