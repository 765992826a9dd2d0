"""The certificates app's periodic job: certificates still missing after recent events."""

from certificates import tasks
from lms import periodic


def register() -> None:
    periodic.register("certificates still missing after recent events", 600, tasks.issue_due_certificates.enqueue)
