"""Jobs that run on a clock. Each app registers its own (in its AppConfig.ready()), so this base module knows none
of them.

`manage.py run_periodic` runs the loop (one process per installation); each job only enqueues a task or runs a
command that is safe to repeat, so a missed or doubled tick does no harm."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

logger = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    every_seconds: int
    run: Callable[[], None]
    last_run: float = field(default=float("-inf"))

    def due(self, now: float) -> bool:
        return now - self.last_run >= self.every_seconds


_registered: dict[str, Job] = {}


def register(name: str, every_seconds: int, run: Callable[[], None]) -> None:
    """Add a job to the loop; registering a name again replaces the job (ready() may run more than once)."""
    _registered[name] = Job(name, every_seconds, run)


def registered_jobs() -> list[Job]:
    """Fresh copies, in registration order (the order of INSTALLED_APPS), none of them run yet."""
    return [replace(job) for job in _registered.values()]


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
