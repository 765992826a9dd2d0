"""Outgoing mail survives an outage: stored first, failed sends are kept and retried, nothing is sent twice."""

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command

from lms.mail import deliver, queue_mail, retry_failed_mail
from lms.models import OutgoingMail

pytestmark = pytest.mark.django_db


class RefusingBackend:
    """A mail server that is down: every send fails the way smtplib fails."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


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
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    queued = queue(django_capture_on_commit_callbacks)
    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.FAILED
    assert "Service not available" in queued.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("retry_mail")
    deliver(mail_id=queued.pk)  # a duplicate task run must not send it again

    queued.refresh_from_db()
    assert queued.state == OutgoingMail.State.SENT and queued.attempts == 2
    assert len(mail.outbox) == 1


def test_retry_gives_up_after_the_maximum_attempts(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    queued = queue(django_capture_on_commit_callbacks)
    OutgoingMail.objects.filter(pk=queued.pk).update(attempts=OutgoingMail.MAX_ATTEMPTS)

    assert retry_failed_mail() == 0
