"""Task workers that die mid-task. django-tasks-db marks a task RUNNING when a worker claims it and nothing ever
changes that if the worker is killed, so the task (a certificate batch, a mail) would never finish. Workers
started with `manage.py run_worker` beat a heart into the database; a running task whose worker has been silent
for WORKER_LOST_AFTER is marked failed and enqueued again (our tasks are safe to repeat), at most
MAX_RECLAIMS times, so a task that kills its worker every time does not loop for ever."""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus

from lms.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = timedelta(seconds=10)
WORKER_LOST_AFTER = timedelta(seconds=45)
# A task run by a worker that never beats (a plain `db_worker`) is taken back only after this long.
SILENT_WORKER_LIMIT = timedelta(hours=2)
MAX_RECLAIMS = 3
WORKER_LOST = "lms.workers.WorkerLost"


class WorkerLost(Exception):
    """Recorded as the failure of a task whose worker died while running it."""


def beat(worker_id: str, *, now: datetime | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now or timezone.now(), "host": socket.gethostname()[:255], "pid": os.getpid()},
    )


class Heartbeat:
    """Beats for one worker: once at start (so no task runs before the first beat), then from a background thread
    with its own connection, until stop(), which waits for the thread and removes the worker's row."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> None:
        beat(self.worker_id)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=HEARTBEAT_EVERY.total_seconds())
        # After a clean exit none of its tasks runs. A worker leaving on an error (the database went away as it
        # recorded how a task ended) can leave one "running": then its heartbeat stays, so that task is taken
        # back once the silence is noticed, not after SILENT_WORKER_LIMIT.
        if not running_tasks_of(self.worker_id):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def _run(self) -> None:
        while not self._stop.wait(HEARTBEAT_EVERY.total_seconds()):
            try:
                beat(self.worker_id)
            except Exception:  # the database restarting: beat again at the next interval
                logger.warning("worker %s could not record its heartbeat", self.worker_id, exc_info=True)
            finally:
                close_old_connections()


def running_tasks_of(worker_id: str) -> list:
    from django_tasks_db.models import DBTaskResult

    return [task for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
            if task.worker_ids and task.worker_ids[-1] == worker_id]


def lost_running_tasks(*, now: datetime | None = None) -> list:
    """Running tasks whose worker is silent: it beat once and stopped, or never beat and the task is very old."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    lost = []
    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        worker = task.worker_ids[-1] if task.worker_ids else None
        if worker in seen:
            if seen[worker] < now - WORKER_LOST_AFTER:
                lost.append(task)
        elif task.started_at is None or task.started_at < now - SILENT_WORKER_LIMIT:
            lost.append(task)
    return lost


def reclaim_lost_tasks(*, now: datetime | None = None) -> int:
    """Mark the tasks of dead workers failed and enqueue each again (up to MAX_RECLAIMS); returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    reclaimed = 0
    for candidate in lost_running_tasks(now=now):
        with transaction.atomic():
            task = DBTaskResult.objects.select_for_update().filter(
                pk=candidate.pk, status=TaskResultStatus.RUNNING).first()
            if task is None:  # finished after all, or another run of this job took it
                continue
            worker = task.worker_ids[-1] if task.worker_ids else "?"
            task.status = TaskResultStatus.FAILED
            task.finished_at = now
            task.exception_class_path = WORKER_LOST
            task.traceback = f"Worker {worker} stopped while running this task (no heartbeat); taken back at {now}."
            task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            earlier = DBTaskResult.objects.filter(task_path=task.task_path, args_kwargs=task.args_kwargs,
                                                  exception_class_path=WORKER_LOST).count()
            if earlier <= MAX_RECLAIMS:
                import_string(task.task_path).enqueue(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])
                logger.warning("Task %s (%s) of lost worker %s enqueued again", task.pk, task.task_path, worker)
            else:
                logger.error("Task %s (%s) lost its worker %s times; not tried again", task.pk, task.task_path,
                             earlier)
        reclaimed += 1
    return reclaimed


def forget_dead_workers(*, now: datetime | None = None) -> int:
    """Heartbeats of workers gone for a day tell nothing any more."""
    return WorkerHeartbeat.objects.filter(seen_at__lt=(now or timezone.now()) - timedelta(days=1)).delete()[0]
