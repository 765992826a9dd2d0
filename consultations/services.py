"""Advisors' slots and visitors' bookings. Who holds a slot is decided under row locks: the visitor's registration
(one consultation per visitor per Open Day), then the slot (one visitor per slot), then count, decide, write,
all in one transaction (as seats are, events.services.locking)."""

from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from consultations.exceptions import ConsultationError
from consultations.models import Advisor, Booking, ConsultationSlot, Topic
from events.models import EventPage, Registration
from events.services import locking
from lms import audit
from lms.models import User
from lms.outbox import enqueue_with_transaction


def _notify(booking: Booking, message: str) -> None:
    from consultations.tasks import send_booking_message

    enqueue_with_transaction(send_booking_message, booking_id=booking.pk, message=message)


@contextmanager
def _locked_transaction():
    """A transaction whose row locks give up after a few seconds with "busy, try again", never a server error."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{locking.LOCK_TIMEOUT_SECONDS}s'")
            yield
    except OperationalError as error:
        if locking.is_lock_timeout(error):
            raise ConsultationError("busy") from error
        raise


def _lock_slot(slot_id: int) -> ConsultationSlot:
    return ConsultationSlot.objects.select_for_update(of=("self",)).select_related("advisor").get(pk=slot_id)


def _check_open_day(event: EventPage) -> None:
    if event.kind != EventPage.Kind.OPEN_DAY:
        raise ConsultationError("not_open_day")


def book(*, slot: ConsultationSlot, visitor: User, topic: str = "", now: datetime | None = None) -> Booking:
    """Book ``slot`` for ``visitor``, who needs a confirmed registration for its Open Day and no other booking
    there. Refusals raise ConsultationError and write nothing."""
    now = now or timezone.now()
    if topic and topic not in Topic.values:
        topic = ""
    try:
        with _locked_transaction():
            event_id = Advisor.objects.values_list("event_id", flat=True).get(pk=slot.advisor_id)
            # The visitor's registration first: two requests of one person for two slots queue here.
            registration = (Registration.objects.select_for_update(of=("self",)).select_related("event")
                            .filter(event_id=event_id, participant=visitor, state=Registration.State.CONFIRMED).first())
            if registration is None:
                raise ConsultationError("not_registered")
            _check_open_day(registration.event)
            locked = _lock_slot(slot.pk)
            if locked.blocked:
                raise ConsultationError("blocked")
            if locked.start <= now:
                raise ConsultationError("past")
            if Booking.objects.filter(slot=locked, state=Booking.State.BOOKED).exists():
                raise ConsultationError("taken")
            if Booking.objects.filter(event_id=event_id, visitor=visitor, state=Booking.State.BOOKED).exists():
                raise ConsultationError("already_booked")
            booking = Booking.objects.create(slot=locked, event_id=event_id, registration=registration,
                                             visitor=visitor, topic=topic)
            audit.record(actor=visitor, action="consultation.booked", target=booking,
                         data={"start": locked.start.isoformat(), "advisor": str(locked.advisor)})
            _notify(booking, "booked")
    except IntegrityError as error:  # the constraints behind the locks; only reached if a lock was bypassed
        raise ConsultationError("taken") from error
    return booking


def cancel_booking(*, booking: Booking, actor: User | None, reason: str = "", now: datetime | None = None) -> Booking:
    """Free the slot. The visitor may cancel until it begins; staff (or a cancelled registration) at any time."""
    now = now or timezone.now()
    with _locked_transaction():
        slot = _lock_slot(booking.slot_id)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.state != Booking.State.BOOKED:
            raise ConsultationError("not_booked")
        by_visitor = actor is not None and actor.pk == booking.visitor_id
        if by_visitor and slot.start <= now:
            raise ConsultationError("past")
        booking.state = Booking.State.CANCELLED
        booking.cancelled_at = now
        booking.ics_sequence += 1
        booking.save(update_fields=["state", "cancelled_at", "ics_sequence"])
        audit.record(actor=actor, action="consultation.cancelled", target=booking,
                     data={"by_visitor": by_visitor, **({"reason": reason} if reason else {})})
        _notify(booking, "cancelled")
    return booking


def cancel_bookings_of(*, registration: Registration) -> int:
    """A cancelled registration takes its consultation with it (called from the registration's save, inside the
    transaction that cancelled it)."""
    bookings = list(Booking.objects.filter(registration=registration, state=Booking.State.BOOKED))
    for booking in bookings:
        cancel_booking(booking=booking, actor=None, reason="registration cancelled")
    return len(bookings)


def add_slots(*, event: EventPage, advisor_user: User, topics: list[str], languages: list[str], starts_at: datetime,
              ends_at: datetime, minutes: int, actor: User) -> list[ConsultationSlot]:
    """Slots of ``minutes`` one after another from ``starts_at`` while they fit before ``ends_at``; times the advisor
    already has a slot at are skipped. The advisor's topics and languages are those given (the latest form wins)."""
    _check_open_day(event)
    one_day = timezone.localtime(starts_at).date() == timezone.localtime(ends_at).date()
    if minutes <= 0 or ends_at <= starts_at or not one_day:
        raise ConsultationError("bad_times")
    length = timedelta(minutes=minutes)
    with transaction.atomic():
        advisor, _created = Advisor.objects.select_for_update().get_or_create(event=event, user=advisor_user)
        advisor.topics, advisor.languages = list(topics), list(languages)
        advisor.save(update_fields=["topics", "languages"])
        existing = list(advisor.slots.values_list("start", "end"))
        created = []
        start = starts_at
        while start + length <= ends_at:
            end = start + length
            if not any(start < other_end and other_start < end for other_start, other_end in existing):
                created.append(ConsultationSlot.objects.create(advisor=advisor, start=start, end=end))
            start = end
        audit.record(actor=actor, action="consultation.slots_added", target=advisor,
                     data={"event": event.title, "count": len(created), "from": starts_at.isoformat(),
                           "to": ends_at.isoformat(), "minutes": minutes})
    return created


def set_blocked(*, slot: ConsultationSlot, blocked: bool, actor: User) -> ConsultationSlot:
    """Block a free slot (nobody can book it) or free it again. A booked slot is moved, not blocked."""
    with _locked_transaction():
        slot = _lock_slot(slot.pk)
        if blocked and Booking.objects.filter(slot=slot, state=Booking.State.BOOKED).exists():
            raise ConsultationError("slot_booked")
        slot.blocked = blocked
        slot.save(update_fields=["blocked"])
        audit.record(actor=actor, action="consultation.slot_blocked" if blocked else "consultation.slot_unblocked",
                     target=slot)
    return slot


def move_slot(*, slot: ConsultationSlot, start: datetime, actor: User, now: datetime | None = None) -> ConsultationSlot:
    """Give the slot another time of the same length; a visitor who booked it is told, with an updated calendar
    entry."""
    now = now or timezone.now()
    with _locked_transaction():
        slot = _lock_slot(slot.pk)
        end = start + (slot.end - slot.start)
        if start <= now:
            raise ConsultationError("past")
        if slot.advisor.slots.exclude(pk=slot.pk).filter(start__lt=end, end__gt=start).exists():
            raise ConsultationError("overlap")
        before = slot.start
        slot.start, slot.end = start, end
        slot.save(update_fields=["start", "end"])
        booking = Booking.objects.select_for_update().filter(slot=slot, state=Booking.State.BOOKED).first()
        audit.record(actor=actor, action="consultation.slot_moved", target=slot,
                     data={"before": before.isoformat(), "after": start.isoformat(),
                           **({"booking": booking.pk} if booking else {})})
        if booking is not None:
            booking.ics_sequence += 1
            booking.save(update_fields=["ics_sequence"])
            _notify(booking, "moved")
    return slot


def record_outcome(*, booking: Booking, outcome: str, actor: User, now: datetime | None = None) -> Booking:
    """The advisor notes that the consultation was held or that the visitor did not come (and may correct it)."""
    now = now or timezone.now()
    if outcome not in Booking.Outcome.values:
        raise ValueError(f"Unknown outcome: {outcome}")
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        if booking.state != Booking.State.BOOKED:
            raise ConsultationError("not_booked")
        if booking.slot.start > now:
            raise ConsultationError("not_yet")
        before = booking.outcome
        booking.outcome, booking.outcome_at = outcome, now
        booking.save(update_fields=["outcome", "outcome_at"])
        audit.record(actor=actor, action=f"consultation.{outcome}", target=booking,
                     data={"before": before} if before else None)
    return booking


REMINDER_BEFORE = timedelta(hours=24)


def send_due_reminders(*, now: datetime | None = None) -> int:
    """A reminder with the calendar entry a day before each booked consultation; each goes out once however often
    this runs. Someone who booked within that day has just had the confirmation."""
    now = now or timezone.now()
    due = list(Booking.objects.filter(
        state=Booking.State.BOOKED, reminder_sent_at__isnull=True, slot__start__gt=now,
        slot__start__lte=now + REMINDER_BEFORE, created_at__lt=F("slot__start") - REMINDER_BEFORE,
    ).values_list("pk", flat=True))
    sent = 0
    for booking_id in due:
        with transaction.atomic():
            # Marking and queueing the mail commit together, so a second run finds the mark.
            booking = (Booking.objects.select_for_update()
                       .filter(pk=booking_id, state=Booking.State.BOOKED, reminder_sent_at__isnull=True).first())
            if booking is None:
                continue
            booking.reminder_sent_at = now
            booking.save(update_fields=["reminder_sent_at"])
            _notify(booking, "reminder")
            sent += 1
    return sent
