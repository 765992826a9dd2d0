"""Jobs that run on a clock: scheduled publishing, event reminders, webinar rooms, mail retries.

`manage.py run_periodic` runs the loop (one process per installation); each job only enqueues a task or runs a
command that is safe to repeat, so a missed or doubled tick does no harm."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management import call_command

logger = logging.getLogger(__name__)


def _publish_scheduled() -> None:
    call_command("publish_scheduled", verbosity=0)


def _enqueue_reminders() -> None:
    from events.tasks import send_due_reminders

    send_due_reminders.enqueue()


def _enqueue_webinar_rooms() -> None:
    from events.tasks import create_upcoming_webinar_rooms

    create_upcoming_webinar_rooms.enqueue()


def _enqueue_webinar_polling() -> None:
    from events.tasks import poll_running_webinars

    poll_running_webinars.enqueue()


def _enqueue_recording_polling() -> None:
    from events.tasks import poll_webinar_recordings

    poll_webinar_recordings.enqueue()


def _enqueue_certificates() -> None:
    from certificates.tasks import issue_due_certificates

    issue_due_certificates.enqueue()


def _enqueue_mail_retry() -> None:
    from lms.tasks import retry_failed_mail

    retry_failed_mail.enqueue()


def _prune_task_results() -> None:
    from django.conf import settings

    # Finished task rows pile up with every e-mail and webinar poll; kept two weeks for looking into problems,
    # failed ones four. Only the database backend keeps any.
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        call_command("prune_db_task_results", "--min-age-days", "14", "--failed-min-age-days", "28", verbosity=0)


@dataclass
class Job:
    name: str
    every_seconds: int
    run: Callable[[], None]
    last_run: float = field(default=float("-inf"))

    def due(self, now: float) -> bool:
        return now - self.last_run >= self.every_seconds


def default_jobs() -> list[Job]:
    return [
        Job("publish scheduled pages", 60, _publish_scheduled),
        Job("event reminders", 300, _enqueue_reminders),
        Job("webinar rooms for events starting soon", 60, _enqueue_webinar_rooms),
        Job("webinar presence polling", 60, _enqueue_webinar_polling),
        Job("webinar recordings polling", 600, _enqueue_recording_polling),
        Job("retry failed e-mails", 300, _enqueue_mail_retry),
        Job("certificates still missing after recent events", 600, _enqueue_certificates),
        Job("prune finished task results", 24 * 3600, _prune_task_results),
    ]


def run_due(jobs: list[Job], now: float | None = None) -> list[str]:
    """Run every job whose interval has passed; returns the names of those that ran without an error.

    The loop runs for months: a job that fails (the database restarting, a bug) is logged and tried again at its
    next interval, and the other jobs still run."""
    now = time.monotonic() if now is None else now
    ran = []
    for job in jobs:
        if job.due(now):
            job.last_run = now
            try:
                job.run()
            except Exception:
                logger.exception("periodic job failed, to be tried again in %s s: %s", job.every_seconds, job.name)
                continue
            ran.append(job.name)
    return ran
