"""Glue from Wagtail's publish signal and from saving a place to tasks; the work itself is in events.services.schedule
and the search index.

``attendance_recorded`` tells other apps (certificates) that an event's attendance is final or was changed;
it is sent after the transaction that wrote it commits, with ``event_id``."""

from django.db import transaction
from django.dispatch import Signal

from lms.outbox import enqueue_with_transaction

attendance_recorded = Signal()


def announce_attendance(event_id: int) -> None:
    transaction.on_commit(lambda: attendance_recorded.send(sender=None, event_id=event_id))


def on_event_published(sender, instance, **kwargs) -> None:
    from events.tasks import handle_event_published

    enqueue_with_transaction(handle_event_published, event_id=instance.pk)


def on_location_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    """A renamed or moved place is found under its new name at once, in every language version of its events."""
    if raw:
        return
    from events.tasks import reindex_events_at

    enqueue_with_transaction(reindex_events_at, location_translation_key=str(instance.translation_key))
