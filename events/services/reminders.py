"""Reminders 24 hours and 1 hour before an event; each goes out once however often this runs."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from events.models import Registration
from events.notifications import send_registration_message

DAY = timedelta(hours=24)
HOUR = timedelta(hours=1)


def _due(now: datetime) -> dict[str, list[int]]:
    confirmed = Registration.objects.filter(state=Registration.State.CONFIRMED, event__live=True)
    return {
        "reminder_24h_sent_at": list(
            confirmed.filter(
                reminder_24h_sent_at__isnull=True,
                event__start__gt=now + HOUR, event__start__lte=now + DAY,
                # Someone who registered within the last day has just had the confirmation.
                created_at__lt=F("event__start") - DAY,
            ).values_list("pk", flat=True)
        ),
        "reminder_1h_sent_at": list(
            confirmed.filter(
                reminder_1h_sent_at__isnull=True, event__start__gt=now, event__start__lte=now + HOUR
            ).values_list("pk", flat=True)
        ),
    }


def send_due_reminders(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    for flag, registration_ids in _due(now).items():
        message = "reminder_24h" if flag == "reminder_24h_sent_at" else "reminder_1h"
        for registration_id in registration_ids:
            with transaction.atomic():
                # Marking and queueing the mail commit together, so a second run finds the flag set.
                registration = (
                    Registration.objects.select_for_update()
                    .filter(pk=registration_id, state=Registration.State.CONFIRMED, **{f"{flag}__isnull": True})
                    .select_related("event", "participant")
                    .first()
                )
                if registration is None:
                    continue
                setattr(registration, flag, now)
                registration.save(update_fields=[flag, "updated_at"])
                send_registration_message(registration=registration, message=message)
                sent += 1
    return sent
