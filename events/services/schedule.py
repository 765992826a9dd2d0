"""What happens when an event page is published: participants hear about changed times or places, and
seats added by the editor go to the waiting list."""

from django.utils import timezone

from events.models import Registration
from events.services.locking import capacity_transaction, lock_event
from events.services.registration import _notify, promote_waiting, remember_announced_schedule


def event_published(*, event_id: int) -> int:
    """Returns how many participants are told about a change of time, place or format."""
    with capacity_transaction():
        event = lock_event(event_id)
        if event.canonical.pk != event.pk:
            return 0
        snapshot = remember_announced_schedule(event)
        told = 0
        if not snapshot.matches(event):
            snapshot.start, snapshot.end, snapshot.format, snapshot.location_id = (
                event.start, event.end, event.format, event.location_id
            )
            snapshot.save()
            for registration in Registration.objects.select_for_update().filter(
                event=event, state__in=Registration.ACTIVE_STATES
            ):
                registration.ics_sequence += 1
                registration.save(update_fields=["ics_sequence", "updated_at"])
                _notify(registration, "changed")
                told += 1
        promote_waiting(event=event, actor=None, now=timezone.now())
    return told
