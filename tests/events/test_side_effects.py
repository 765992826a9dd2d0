"""A registration and the mail it owes commit together: the task row is in the same transaction (database task
backend) or an outbox row is, and a queue that cannot be reached after the commit loses nothing."""

from datetime import timedelta

import pytest
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

from events.models import Registration
from events.services.registration import register
from lms.models import OutgoingMail, PendingTask
from lms.outbox import hand_over_pending

pytestmark = pytest.mark.django_db


class UnreachableQueue(ImmediateBackend):
    """A task queue that fails our tasks as a queue does when the database dropped between the commit and the
    enqueue. Wagtail's own reference-index task, enqueued on every save, still runs, so that only the hand-over
    under test fails."""

    def enqueue(self, task, args, kwargs):
        if task.module_path.startswith("wagtail."):
            return super().enqueue(task, args, kwargs)
        raise OperationalError("server closed the connection unexpectedly")


def owed_mail():
    return PendingTask.objects.filter(task_path="events.tasks.send_registration_message")


def test_a_registration_whose_mail_cannot_be_queued_is_kept_and_its_mail_is_sent_later(
    client, settings, event, participant, django_capture_on_commit_callbacks, mailoutbox
):
    PendingTask.objects.all().delete()  # what publishing the event left (this test's setup commits nothing)
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.UnreachableQueue"}}
    client.force_login(participant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/pl/events/{event.pk}/register/", {})

    assert response.status_code == 302  # the person is told they are registered, not shown an error
    assert Registration.objects.get(participant=participant).state == Registration.State.CONFIRMED
    assert owed_mail().count() == 1 and mailoutbox == []

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert hand_over_pending(now=timezone.now()) == 0  # the request's own hand-over may still be under way
    with django_capture_on_commit_callbacks(execute=True):
        assert hand_over_pending(now=timezone.now() + timedelta(minutes=2)) == 1
    assert hand_over_pending(now=timezone.now() + timedelta(minutes=3)) == 0

    assert [message.to for message in mailoutbox] == [[participant.email]]
    assert not owed_mail().exists()


def test_with_the_database_queue_the_task_commits_or_rolls_back_with_the_registration(settings, event, participant):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with pytest.raises(RuntimeError), transaction.atomic():
        register(event=event, participant=participant)
        raise RuntimeError("the request fails after registering")

    registration_mails = DBTaskResult.objects.filter(task_path="events.tasks.send_registration_message")
    assert not Registration.objects.exists() and not registration_mails.exists()

    registration = register(event=event, participant=participant)

    (queued,) = registration_mails
    assert queued.args_kwargs["kwargs"]["registration_id"] == registration.pk
    assert not owed_mail().exists() and not OutgoingMail.objects.exists()
