"""Registering, cancelling and the waiting list. Capacity is decided under a lock on the event row."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from events.exceptions import RegistrationError
from events.models import EventPage, EventScheduleSnapshot, Registration
from events.selectors import registration_refusal
from events.services.locking import capacity_transaction, lock_event
from lms import audit
from lms.models import User
from lms.outbox import enqueue_with_transaction


# What a registration reads from the locked event (and what the audit entry names it by).
CAPACITY_FIELDS = ("title", "capacity", "waiting_list", "registration_opens_at", "registration_closes_at", "start",
                   "end", "format", "location_id")


def _notify(registration: Registration, message: str) -> None:
    from events.tasks import send_registration_message

    enqueue_with_transaction(send_registration_message, registration_id=registration.pk, message=message)


def _check_registration_open(event: EventPage, now: datetime) -> None:
    if event.end <= now:
        raise RegistrationError("past")
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationError("not_open_yet")
    if now >= event.registration_deadline:
        raise RegistrationError("closed")


def register(
    *,
    event: EventPage,
    participant: User,
    answers: dict | None = None,
    access_needs: list[str] | None = None,
    access_needs_details: str = "",
    enrolment=None,
    now: datetime | None = None,
) -> Registration:
    """Confirm a seat if one is free, else put the participant on the waiting list (if the event has one). Who may
    register at all is ``registration_refusal``'s decision, taken before the lock: it does not depend on the seats."""
    refusal = registration_refusal(event=event, user=participant)
    if refusal is not None:
        raise refusal
    now = now or timezone.now()
    try:
        with capacity_transaction():
            locked = lock_event(event.canonical.pk, fields=CAPACITY_FIELDS)
            _check_registration_open(locked, now)
            # One query for both questions: is this person registered already, how many seats are taken.
            counts = Registration.objects.filter(event=locked).aggregate(
                mine=Count("pk", filter=Q(participant=participant, state__in=Registration.ACTIVE_STATES)),
                confirmed=Count("pk", filter=Q(state=Registration.State.CONFIRMED)),
            )
            if counts["mine"]:
                raise RegistrationError("already_registered")
            if counts["confirmed"] < locked.capacity:
                state = Registration.State.CONFIRMED
            elif locked.waiting_list:
                state = Registration.State.WAITING
            else:
                raise RegistrationError("full")
            registration = Registration(
                event=locked, participant=participant, state=state, answers=answers or {},
                access_needs=access_needs or [], access_needs_details=access_needs_details, enrolment=enrolment,
                confirmed_at=now if state == Registration.State.CONFIRMED else None,
            )
            # The related rows are locked or are the signed-in person: no need to query them again.
            registration.clean_fields(exclude=["event", "participant", "enrolment"])
            registration.save()
            remember_announced_schedule(locked)
            audit.record(actor=participant, action=f"registration.{state}", target=registration)
            _notify(registration, state)
    except IntegrityError as error:  # two requests of the same person raced past the check above
        raise RegistrationError("already_registered") from error
    return registration


def remember_announced_schedule(event: EventPage) -> EventScheduleSnapshot:
    """The schedule participants are told about; a later publish that differs from it triggers "changed" mails."""
    known = getattr(event, "schedule_snapshot", None)  # loaded with the locked event
    if known is not None:
        return known
    snapshot, _created = EventScheduleSnapshot.objects.get_or_create(
        event=event,
        defaults={"start": event.start, "end": event.end, "format": event.format, "location_id": event.location_id},
    )
    return snapshot


def promote_waiting(*, event: EventPage, actor: User | None, now: datetime | None = None) -> list[Registration]:
    """Fill free seats from the waiting list, oldest first. Call with the event locked (see ``lock_event``)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("promote_waiting() must run inside the transaction that locked the event")
    now = now or timezone.now()
    if event.end <= now:
        return []
    confirmed = Registration.objects.filter(event=event, state=Registration.State.CONFIRMED).count()
    free = event.capacity - confirmed
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.select_for_update().filter(event=event, state=Registration.State.WAITING)
        .order_by("created_at", "pk")[:free]
    )
    for registration in promoted:
        _confirm(registration, actor=actor, now=now, action="registration.promoted")
    return promoted


def _confirm(registration: Registration, *, actor: User | None, now: datetime, action: str, reason: str = "") -> None:
    registration.state = Registration.State.CONFIRMED
    registration.confirmed_at = now
    registration.ics_sequence += 1
    registration.save(update_fields=["state", "confirmed_at", "ics_sequence", "updated_at"])
    audit.record(actor=actor, action=action, target=registration, data={"reason": reason} if reason else None)
    _notify(registration, "promoted")


def cancel(*, registration: Registration, actor: User, reason: str = "", now: datetime | None = None) -> Registration:
    """Cancel a registration; a seat it frees goes at once to the oldest waiting registration. Once the event
    is over only staff can (a participant's cancellation would erase the attendance a certificate rests on)."""
    now = now or timezone.now()
    with capacity_transaction():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError("not_active")
        by_staff = actor.pk != registration.participant_id
        if event.end <= now and not by_staff:
            raise RegistrationError("past")
        freed_a_seat = registration.state == Registration.State.CONFIRMED
        registration.state = Registration.State.CANCELLED
        registration.cancelled_at = now
        registration.ics_sequence += 1
        registration.save(update_fields=["state", "cancelled_at", "ics_sequence", "updated_at"])
        audit.record(
            actor=actor, action="registration.cancelled", target=registration,
            data={"by_staff": by_staff, **({"reason": reason} if reason else {})},
        )
        _notify(registration, "cancelled")
        if freed_a_seat:
            promote_waiting(event=event, actor=actor, now=now)
    return registration


def change_access_needs(*, registration: Registration, actor: User, access_needs: list[str], details: str = "",
                        now: datetime | None = None) -> Registration:
    """The participant corrects what they asked for to take part (the office prepares it); until the event is
    over, for an active registration only. Audited with what was asked for before."""
    now = now or timezone.now()
    unknown = set(access_needs) - set(Registration.AccessNeed.values)
    if unknown:
        raise ValueError(f"Unknown access needs: {sorted(unknown)}")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError("not_active")
        if registration.event.end <= now:
            raise RegistrationError("past")
        before = {"access_needs": registration.access_needs, "details": registration.access_needs_details}
        registration.access_needs, registration.access_needs_details = list(access_needs), details.strip()
        registration.save(update_fields=["access_needs", "access_needs_details", "updated_at"])
        audit.record(actor=actor, action="registration.access_needs_changed", target=registration,
                     data={"before": before, "after": {"access_needs": registration.access_needs,
                                                       "details": registration.access_needs_details}})
    return registration


def promote_by_staff(*, registration: Registration, actor: User, reason: str = "", now: datetime | None = None) -> Registration:
    """Staff move one waiting registration to a free seat, out of queue order. Capacity still holds."""
    now = now or timezone.now()
    with capacity_transaction():
        event = lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.state != Registration.State.WAITING:
            raise RegistrationError("not_waiting")
        if Registration.objects.filter(event=event, state=Registration.State.CONFIRMED).count() >= event.capacity:
            raise RegistrationError("no_free_seat")
        _confirm(registration, actor=actor, now=now, action="registration.promoted_by_staff", reason=reason)
    return registration

