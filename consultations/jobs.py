"""The consultations app's periodic job: the day-before reminders."""

from consultations import tasks
from lms import periodic


def register() -> None:
    periodic.register("consultation reminders", 300, tasks.send_due_reminders.enqueue)
