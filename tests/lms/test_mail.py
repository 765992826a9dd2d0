"""Outgoing mail survives an outage: stored first, failed sends are kept and retried with a growing delay for two
days, nothing is sent twice, and what could not be sent says so."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone, translation

from lms.mail import deliver, queue_mail, retry_due_mail, send_again
from lms.models import AuditEntry, OutgoingMail

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SECOND = timedelta(seconds=1)


class RefusingBackend:
    """A mail server that is down: every send fails the way smtplib fails."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


REFUSING = f"{__name__}.RefusingBackend"


@pytest.fixture
def tasks_kept_not_run(settings):
    """Tasks are enqueued and kept, so the test drives the clock and each delivery itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def label(outgoing: OutgoingMail) -> str:
    with translation.override("en"):
        return outgoing.get_state_display()


def queue(django_capture_on_commit_callbacks) -> OutgoingMail:
    message = EmailMessage(subject="Potwierdzenie", body="Treść", from_email="lms@example.org", to=["a@example.org"])
    with django_capture_on_commit_callbacks(execute=True):
        return queue_mail(message=message)


def test_queued_mail_is_sent_after_commit(django_capture_on_commit_callbacks):
    queued = queue(django_capture_on_commit_callbacks)

    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.SENT and queued.attempts == 1
    assert [m.subject for m in mail.outbox] == ["Potwierdzenie"]


def test_outage_keeps_the_mail_and_a_retry_sends_it_once(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = REFUSING
    queued = queue(django_capture_on_commit_callbacks)
    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.FAILED
    assert "Service not available" in queued.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retry_mail", "--all")  # the server is mended: no need to wait for the next attempt
    deliver(mail_id=queued.pk)  # a duplicate task run must not send it again

    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.SENT and queued.attempts == 2
    assert len(mail.outbox) == 1


def failing_attempts_until(limit, queued: OutgoingMail, start) -> list:
    """Deliver at each moment the retry job finds the mail due, while the server refuses, up to ``limit``."""
    moments = [start]
    deliver(mail_id=queued.pk, now=start)
    queued.refresh_from_db()
    while queued.state == OutgoingMail.State.FAILED and queued.next_attempt_at <= limit:
        due = queued.next_attempt_at
        assert retry_due_mail(now=due - SECOND) == 0, "queued again before its delay was over"
        assert retry_due_mail(now=due) == 1
        deliver(mail_id=queued.pk, now=due)
        moments.append(due)
        queued.refresh_from_db()
    return moments


def test_a_mail_outlasts_47_hours_of_a_failing_mail_server_and_is_then_sent_once(
    settings, tasks_kept_not_run, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    queued = queue(django_capture_on_commit_callbacks)
    start = queued.created_at

    moments = failing_attempts_until(start + timedelta(hours=47), queued, start)

    gaps = [later - earlier for earlier, later in zip(moments, moments[1:])]
    assert gaps[:4] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40)]
    assert max(gaps) == timedelta(hours=4) and gaps == sorted(gaps)
    assert queued.state == OutgoingMail.State.FAILED and label(queued) == "failed, will retry"

    settings.EMAIL_BACKEND = LOCMEM
    due = queued.next_attempt_at
    assert retry_due_mail(now=due) == 1
    deliver(mail_id=queued.pk, now=due)
    deliver(mail_id=queued.pk, now=due + SECOND)  # the same task twice

    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.SENT and queued.attempts == len(moments) + 1
    assert [m.subject for m in mail.outbox] == ["Potwierdzenie"]


def test_after_48_hours_of_failures_the_mail_is_given_up_in_words_that_say_so(
    settings, tasks_kept_not_run, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    queued = queue(django_capture_on_commit_callbacks)
    start = queued.created_at

    moments = failing_attempts_until(start + timedelta(days=30), queued, start)

    assert queued.state == OutgoingMail.State.GIVEN_UP
    assert label(queued) == "given up: not sent"
    assert moments[-1] >= start + timedelta(hours=48) > moments[-2]
    assert retry_due_mail(now=start + timedelta(days=30)) == 0
    assert mail.outbox == []


def test_a_mail_whose_task_was_lost_is_queued_again_and_sent_once(tasks_kept_not_run, django_capture_on_commit_callbacks):
    queued = queue(django_capture_on_commit_callbacks)  # its task is enqueued but never runs: the queue lost it
    start = queued.created_at

    assert retry_due_mail(now=start + OutgoingMail.QUEUED_TIMEOUT - SECOND) == 0
    assert retry_due_mail(now=start + OutgoingMail.QUEUED_TIMEOUT) == 1
    assert retry_due_mail(now=start + OutgoingMail.QUEUED_TIMEOUT + SECOND) == 0  # not again at the next run
    deliver(mail_id=queued.pk)

    assert OutgoingMail.objects.get(pk=queued.pk).state == OutgoingMail.State.SENT
    assert len(mail.outbox) == 1


def test_a_mail_left_sending_by_a_dead_worker_is_tried_again(tasks_kept_not_run, django_capture_on_commit_callbacks):
    queued = queue(django_capture_on_commit_callbacks)
    OutgoingMail.objects.filter(pk=queued.pk).update(state=OutgoingMail.State.SENDING)
    later = timezone.now() + OutgoingMail.SENDING_TIMEOUT + SECOND

    assert retry_due_mail(now=later) == 1
    deliver(mail_id=queued.pk, now=later)

    assert OutgoingMail.objects.get(pk=queued.pk).state == OutgoingMail.State.SENT


def test_staff_send_a_given_up_mail_again_once_however_often_they_click(
    settings, administrator, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    queued = queue(django_capture_on_commit_callbacks)
    OutgoingMail.objects.filter(pk=queued.pk).update(state=OutgoingMail.State.GIVEN_UP, next_attempt_at=None)

    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        assert send_again(mail=queued, actor=administrator) is True
    assert send_again(mail=queued, actor=administrator) is False  # sent by now: nothing to send again

    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.SENT
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="mail.sent_again", actor=administrator).count() == 1


def test_a_second_click_while_the_first_send_is_queued_queues_nothing(
    settings, administrator, tasks_kept_not_run, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = REFUSING
    queued = queue(django_capture_on_commit_callbacks)
    deliver(mail_id=queued.pk)

    assert send_again(mail=queued, actor=administrator) is True
    assert send_again(mail=queued, actor=administrator) is False

    assert OutgoingMail.objects.get(pk=queued.pk).state == OutgoingMail.State.QUEUED
    assert AuditEntry.objects.filter(action="mail.sent_again").count() == 1


class MalformingBackend(RefusingBackend):
    def send_messages(self, messages):
        raise ValueError("Header values may not contain linefeed or carriage return characters")


def test_a_mail_the_backend_cannot_even_form_is_kept_as_failed_not_left_sending(
    settings, tasks_kept_not_run, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.MalformingBackend"
    queued = queue(django_capture_on_commit_callbacks)

    deliver(mail_id=queued.pk)

    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.FAILED and "linefeed" in queued.last_error
    assert queued.next_attempt_at is not None
