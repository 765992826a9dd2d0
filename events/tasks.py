from django_tasks import task
from wagtail.search import index

from events.models import EventPage, Registration
from events.notifications import send_registration_message as compose_registration_message
from events.notifications import send_walk_in_invitation as compose_walk_in_invitation
from events.services import meetings, reminders, schedule


@task()
def send_registration_message(*, registration_id: int, message: str) -> int | None:
    registration = Registration.objects.select_related("event", "participant").get(pk=registration_id)
    if not registration.participant.is_active:  # an erased account's address is a placeholder nobody reads
        return None
    return compose_registration_message(registration=registration, message=message).pk


@task()
def send_walk_in_invitation(*, registration_id: int) -> int:
    registration = Registration.objects.select_related("event", "participant").get(pk=registration_id)
    return compose_walk_in_invitation(registration=registration).pk


@task()
def send_due_reminders() -> int:
    return reminders.send_due_reminders()


@task()
def handle_event_published(*, event_id: int) -> int:
    return schedule.event_published(event_id=event_id)


@task()
def reindex_events_at(*, location_translation_key: str) -> int:
    """A place's name and address are part of its events' search text (``EventPage.search_texts``)."""
    events = EventPage.objects.filter(location__translation_key=location_translation_key)
    for event in events:
        index.insert_or_update_object(event)
    return len(events)


@task()
def create_upcoming_webinar_rooms() -> int:
    return meetings.create_upcoming_meetings()


@task()
def poll_running_webinars() -> int:
    return meetings.poll_running_meetings()


@task()
def poll_webinar_recordings() -> int:
    return meetings.poll_recordings()
