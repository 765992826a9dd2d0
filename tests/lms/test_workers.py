"""A task whose worker died is taken back and run again; /healthz says when tasks are stuck."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lms.models import WorkerHeartbeat
from lms.tasks import retry_due_mail, send_outgoing_mail
from lms.workers import MAX_RECLAIMS, WORKER_LOST, WORKER_LOST_AFTER, beat, reclaim_lost_tasks

pytestmark = pytest.mark.django_db


# run_worker drops a connection it finds inside a transaction (close_old_connections): on PostgreSQL that would be
# the test's own, so tests that run it commit for real.
runs_the_worker = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running(task, *, worker: str, started_ago: timedelta) -> DBTaskResult:
    result = DBTaskResult.objects.get(pk=task.id)
    result.claim(worker)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - started_ago)
    return DBTaskResult.objects.get(pk=result.pk)


def test_a_running_task_of_a_worker_that_stopped_beating_is_failed_and_enqueued_again(database_queue):
    now = timezone.now()
    lost = running(send_outgoing_mail.enqueue(mail_id=7), worker="dead", started_ago=timedelta(minutes=3))
    busy = running(send_outgoing_mail.enqueue(mail_id=8), worker="alive", started_ago=timedelta(minutes=3))
    beat("dead", now=now - WORKER_LOST_AFTER - timedelta(seconds=1))
    beat("alive", now=now)

    assert reclaim_lost_tasks(now=now) == 1
    assert reclaim_lost_tasks(now=now) == 0  # taken back once

    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED and lost.exception_class_path == WORKER_LOST
    assert "dead" in lost.traceback
    assert busy.status == TaskResultStatus.RUNNING
    (again,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=lost.task_path)
    assert again.args_kwargs == {"args": [], "kwargs": {"mail_id": 7}}


def test_a_task_of_a_worker_without_heartbeat_is_taken_back_only_when_very_old(database_queue):
    young = running(retry_due_mail.enqueue(), worker="plain-db-worker", started_ago=timedelta(minutes=30))

    assert reclaim_lost_tasks() == 0
    DBTaskResult.objects.filter(pk=young.pk).update(started_at=timezone.now() - timedelta(hours=3))
    assert reclaim_lost_tasks() == 1


def test_a_task_that_kills_its_worker_every_time_is_given_up(database_queue):
    for attempt in range(MAX_RECLAIMS + 1):
        (ready,) = DBTaskResult.objects.filter(status=TaskResultStatus.READY) if attempt else \
            [DBTaskResult.objects.get(pk=send_outgoing_mail.enqueue(mail_id=9).id)]
        ready.claim(f"worker-{attempt}")
        beat(f"worker-{attempt}", now=timezone.now() - timedelta(minutes=5))
        reclaim_lost_tasks()

    assert DBTaskResult.objects.filter(exception_class_path=WORKER_LOST).count() == MAX_RECLAIMS + 1
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


@task()
def heartbeat_of(worker_id: str) -> bool:
    """Run by the worker under test: is its heartbeat recorded while it runs a task?"""
    return WorkerHeartbeat.objects.filter(worker_id=worker_id).exists()


@runs_the_worker
def test_a_worker_beats_while_it_runs_and_leaves_no_heartbeat_when_it_stops(database_queue):
    result = heartbeat_of.enqueue(worker_id="test-worker")

    call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker", verbosity=0)

    assert DBTaskResult.objects.get(pk=result.id).return_value is True
    assert not WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()


@runs_the_worker
def test_a_worker_that_exits_with_a_task_still_running_keeps_its_heartbeat_so_the_task_is_taken_back(
    database_queue
):
    # As when the database went away while the worker recorded how the task ended, and the worker exited.
    left_running = running(send_outgoing_mail.enqueue(mail_id=5), worker="test-worker", started_ago=timedelta(0))

    call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker", verbosity=0)

    assert WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()
    assert reclaim_lost_tasks(now=timezone.now() + WORKER_LOST_AFTER + timedelta(seconds=1)) == 1
    assert DBTaskResult.objects.get(pk=left_running.pk).exception_class_path == WORKER_LOST


def test_healthz_answers_503_when_tasks_wait_for_a_worker_too_long(client, database_queue):
    task = retry_due_mail.enqueue()
    assert client.get("/healthz").status_code == 200

    DBTaskResult.objects.filter(pk=task.id).update(enqueued_at=timezone.now() - timedelta(minutes=11))
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["tasks"]["waiting_too_long"] == 1


def test_healthz_answers_503_for_a_running_task_whose_worker_died(client, database_queue):
    running(retry_due_mail.enqueue(), worker="dead", started_ago=timedelta(minutes=11))
    beat("dead", now=timezone.now() - timedelta(minutes=11))

    body = client.get("/healthz")

    assert body.status_code == 503 and body.json()["tasks"]["running_on_lost_workers"] == 1


def test_healthz_counts_failed_tasks_of_the_last_day(client, database_queue):
    failed = DBTaskResult.objects.get(pk=retry_due_mail.enqueue().id)
    failed.claim("w")
    failed.set_failed(ValueError("broken"))

    body = client.get("/healthz")

    assert body.status_code == 200 and body.json()["tasks"]["failed_last_day"] == 1
