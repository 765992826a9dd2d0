"""The events app's periodic jobs: reminders, webinar rooms, presence and recording polling."""

from events import tasks
from lms import periodic


def register() -> None:
    periodic.register("event reminders", 300, tasks.send_due_reminders.enqueue)
    periodic.register("webinar rooms for events starting soon", 60, tasks.create_upcoming_webinar_rooms.enqueue)
    periodic.register("webinar presence polling", 60, tasks.poll_running_webinars.enqueue)
    periodic.register("webinar recordings polling", 600, tasks.poll_webinar_recordings.enqueue)
