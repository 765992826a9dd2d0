from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from events.models import EventPage, Registration
from events.services.registration import register
from lms.periodic import Job, registered_jobs, run_due
from lms.tasks import retry_due_mail

pytestmark = pytest.mark.django_db


def test_jobs_run_when_their_interval_has_passed():
    calls = []
    jobs = [Job("fast", 10, lambda: calls.append("fast")), Job("slow", 100, lambda: calls.append("slow"))]

    run_due(jobs, now=0)
    run_due(jobs, now=5)
    run_due(jobs, now=12)
    run_due(jobs, now=101)

    assert calls == ["fast", "slow", "fast", "fast", "slow"]


def test_a_failing_job_is_logged_and_tried_again_at_its_next_interval_while_the_others_run(caplog):
    calls = []

    def broken():
        calls.append("broken")
        raise ConnectionError("database restarting")

    jobs = [Job("broken", 10, broken), Job("fine", 10, lambda: calls.append("fine"))]

    assert run_due(jobs, now=0) == ["fine"]
    assert run_due(jobs, now=5) == []
    assert run_due(jobs, now=10) == ["fine"]

    assert calls == ["broken", "fine", "broken", "fine"]
    assert "periodic job failed, to be tried again in 10 s: broken" in caplog.text


def test_one_tick_publishes_scheduled_pages_and_sends_due_reminders(
    make_event, participant, django_capture_on_commit_callbacks, mailoutbox
):
    soon = make_event("Za pół godziny", start=timezone.now() + timedelta(minutes=30))
    register(event=soon, participant=participant)
    Registration.objects.update(created_at=timezone.now() - timedelta(days=2))  # only the 1-hour reminder is due
    scheduled = make_event("Zaplanowane")
    scheduled.unpublish()
    revision = scheduled.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    assert not EventPage.objects.get(pk=scheduled.pk).live and revision.approved_go_live_at
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", "--once")

    assert EventPage.objects.get(pk=scheduled.pk).live
    assert [message.subject.split(":")[0] for message in mailoutbox] == ["Za godzinę"]


def test_finished_task_results_are_pruned_after_two_weeks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    old, recent = retry_due_mail.enqueue(), retry_due_mail.enqueue()
    DBTaskResult.objects.filter(pk=old.id).update(status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=20))
    DBTaskResult.objects.filter(pk=recent.id).update(status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=2))

    (prune,) = [job for job in registered_jobs() if job.name == "prune finished task results"]
    prune.run()

    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [str(recent.id)]
