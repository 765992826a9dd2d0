"""Check-in at the door of an in-person event: a checked-in participant counts as present for the whole
scheduled time. Staff corrections win over check-in, as they win over BBB data."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _
from wagtail.models import Locale

from events import tickets
from events.models import Attendance, EventPage, Registration
from events.selectors import titled_in_any_language
from events.services.attendance import minutes_and_percent
from events.signals import announce_attendance
from lms import audit
from lms.exceptions import ExplainedError
from lms.search_words import without_diacritics
from lms.models import User

# Doors open before the start (early arrivals are checked in as they come); the days after the end leave time
# to enter a paper list. Later changes go through an audited attendance correction. The texts of "too_early"
# and "too_late" below name these values: change them together.
CHECK_IN_OPENS_BEFORE_START = timedelta(hours=1)
CHECK_IN_CLOSES_AFTER_END = timedelta(days=7)


class CheckInError(ExplainedError):
    """A check-in or its undo that cannot be carried out; ``message`` is shown to staff as it is."""

    MESSAGES = {
        "not_confirmed": _("Only confirmed registrations can be checked in."),
        "not_in_person": _("Check-in is only for in-person events; attendance at online events comes from the webinar room."),
        "too_early": _("Check-in opens one hour before the event starts."),
        "too_late": _("Check-in closed seven days after the event ended. Use an attendance correction instead."),
        "corrected_by_staff": _(
            "Staff corrected this person's attendance by hand; check-in does not change a correction. "
            "Use an attendance correction instead."
        ),
        "not_checked_in": _("This person's attendance was not recorded by check-in, so there is no check-in to undo."),
        "time_in_future": _("The time of this check-in is in the future: the phone's clock is wrong. Check the person "
                            "in again."),
        "time_before_doors": _("The time of this check-in is before check-in opened: the phone's clock is wrong. "
                               "Check the person in again."),
    }


def check_in_window(event: EventPage) -> tuple[datetime, datetime]:
    return event.start - CHECK_IN_OPENS_BEFORE_START, event.end + CHECK_IN_CLOSES_AFTER_END


def check_in_refusal(event: EventPage, *, now: datetime) -> str | None:
    """Why no one can be checked in to ``event`` at ``now`` (a ``CheckInError`` code), or None when they can.
    The check-in page asks this to hide its buttons; the services ask it again under the lock."""
    if event.format != EventPage.Format.IN_PERSON:
        # BBB data would overwrite a check-in at an online event without a trace.
        return "not_in_person"
    opens, closes = check_in_window(event)
    if now < opens:
        return "too_early"
    if now > closes:
        return "too_late"
    return None


def _lock(registration: Registration, now: datetime) -> tuple[Registration, Attendance | None]:
    """The registration row, locked, and its attendance; refuses what no state of the attendance allows."""
    locked = Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
    refusal = check_in_refusal(locked.event, now=now)
    if refusal:
        raise CheckInError(refusal)
    if locked.state != Registration.State.CONFIRMED:
        raise CheckInError("not_confirmed")
    attendance = Attendance.objects.select_for_update().filter(registration=locked).first()
    if attendance is not None and attendance.source == Attendance.Source.MANUAL:
        raise CheckInError("corrected_by_staff")
    return locked, attendance


def check_in(*, registration: Registration, actor: User, now: datetime | None = None) -> Attendance:
    """Record the participant as present for the whole event. Checking in again changes nothing (two staff at
    the door, a double click); a staff correction is never overwritten. Raises ``CheckInError``."""
    return check_in_once(registration=registration, actor=actor, now=now)[0]


def check_in_once(*, registration: Registration, actor: User, now: datetime | None = None) -> tuple[Attendance, bool]:
    """``check_in``, also saying whether this call checked the person in (False: someone did before, perhaps a
    phone at another door a moment ago; the lock on the registration makes exactly one call say True)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked, attendance = _lock(registration, now)
        if attendance is not None and attendance.source == Attendance.Source.CHECKIN:
            return attendance, False
        return _record_check_in(locked, attendance, actor=actor, at=now), True


def _record_check_in(locked: Registration, attendance: Attendance | None, *, actor: User, at: datetime,
                     sent_later: bool = False) -> Attendance:
    event = locked.event
    minutes, percent = minutes_and_percent([(event.start, event.end)], event=event)
    values = {
        "intervals": [[event.start.isoformat(), event.end.isoformat()]],
        "minutes_present": minutes, "percent_present": percent, "source": Attendance.Source.CHECKIN,
        "correction_reason": "", "corrected_by": None, "checked_in_at": at,
    }
    if attendance is None:
        attendance = Attendance(registration=locked, **values)
    else:  # BBB data left from when the event was online: the check-in is the fact now
        for field, value in values.items():
            setattr(attendance, field, value)
    attendance.save()
    audit.record(actor=actor, action="attendance.checked_in", target=locked,
                 data={"attendance_id": attendance.pk, "minutes": minutes,
                       **({"checked_in_at": at.isoformat(), "sent_later": True} if sent_later else {})})
    announce_attendance(locked.event_id)
    return attendance


# A phone's clock may run a little ahead of the server's: a time up to this far in the future is taken as now.
# Further ahead, or before the doors opened, the phone's clock is wrong and its time would mislead: refused.
CLOCK_SKEW_ALLOWED = timedelta(minutes=5)


def check_in_at(*, registration: Registration, actor: User, at: datetime,
                now: datetime | None = None) -> tuple[Attendance, str]:
    """A check-in made earlier on a phone without a connection, sent now with the time of the scan. Two phones
    that let the same person in merge to one check-in at the earlier time: an earlier time moves the check-in
    back, a later one changes nothing. Says "checked_in", "moved_earlier" or "already"; raises ``CheckInError``
    (the window is that of ``now``; a time in the future or before the doors opened is refused)."""
    now = now or timezone.now()
    if at > now + CLOCK_SKEW_ALLOWED:
        raise CheckInError("time_in_future")
    at = min(at, now)
    with transaction.atomic():
        locked, attendance = _lock(registration, now)
        if at < check_in_window(locked.event)[0]:
            raise CheckInError("time_before_doors")
        if attendance is None or attendance.source != Attendance.Source.CHECKIN:
            return _record_check_in(locked, attendance, actor=actor, at=at, sent_later=True), "checked_in"
        if attendance.checked_in_at is not None and attendance.checked_in_at <= at:
            return attendance, "already"
        before = attendance.checked_in_at
        attendance.checked_in_at = at
        attendance.save(update_fields=["checked_in_at", "updated_at"])
        audit.record(actor=actor, action="attendance.check_in_moved_earlier", target=locked,
                     data={"attendance_id": attendance.pk, "before": before and before.isoformat(),
                           "after": at.isoformat()})
    return attendance, "moved_earlier"


def undo_check_in(*, registration: Registration, actor: User, now: datetime | None = None) -> None:
    """Remove a check-in made by mistake. Only attendance that came from check-in is removed; undoing again
    changes nothing. Raises ``CheckInError``."""
    now = now or timezone.now()
    with transaction.atomic():
        locked, attendance = _lock(registration, now)
        if attendance is None:
            return
        if attendance.source != Attendance.Source.CHECKIN:
            raise CheckInError("not_checked_in")
        # The audit entry names the registration: the attendance row is gone after this.
        audit.record(actor=actor, action="attendance.check_in_undone", target=locked,
                     data={"attendance_id": attendance.pk, "minutes": attendance.minutes_present})
        attendance.delete()
        announce_attendance(locked.event_id)


@dataclass(frozen=True)
class RosterRow:
    registration: Registration
    attendance: Attendance | None

    @property
    def status(self) -> str:
        """One of: checked_in, corrected (by staff), other (BBB data from when the event was online), absent."""
        if self.attendance is None:
            return "absent"
        return {Attendance.Source.CHECKIN: "checked_in", Attendance.Source.MANUAL: "corrected"}.get(
            self.attendance.source, "other"
        )

    @property
    def can_check_in(self) -> bool:
        return self.status in ("absent", "other")


@dataclass(frozen=True)
class Roster:
    """What the check-in page lists: confirmed registrations matching the search, and the counts."""

    rows: list[RosterRow]
    confirmed: int
    checked_in: int
    # The search was one registration's ticket code, so that row is the one to check in.
    ticket_match: bool
    # The search was a ticket code that admits no one to this event, and why (forged, cancelled, another event).
    ticket_refusal: str = ""


def check_in_events(*, query: str = "", now: datetime) -> QuerySet[EventPage]:
    """In-person events whose door list is still of use (check-in has not closed), each once, soonest first."""
    events = EventPage.objects.filter(locale=Locale.get_default(), format=EventPage.Format.IN_PERSON,
                                      end__gte=now - CHECK_IN_CLOSES_AFTER_END).order_by("start", "pk")
    return titled_in_any_language(events, query) if query else events


def _folded(text: str) -> str:
    return without_diacritics(text).casefold()


def _matching_names(registrations: QuerySet[Registration], query: str) -> QuerySet[Registration]:
    """Those whose name or e-mail holds every word of ``query``, whatever the case and the diacritics
    ("zolkiewska" finds "Żółkiewska"): compared here rather than in SQL, where neither SQLite nor PostgreSQL
    without the unaccent extension can drop diacritics, over one query of one event's names."""
    words = _folded(query).split()
    people = registrations.values_list("pk", "participant__first_name", "participant__last_name", "participant__email")
    found = [pk for pk, *texts in people if all(word in _folded(" ".join(texts)) for word in words)]
    return registrations.filter(pk__in=found)


def _another_event(registration: Registration) -> str:
    return gettext("This ticket is for another event: %(event)s.") % {"event": registration.event.title}


def _ticket_search(event: EventPage, query: str) -> tuple[int | None, str]:
    """The confirmed registration of ``event`` a typed ticket code admits, or why it admits no one."""
    try:
        registration = tickets.registration_for_ticket(query)
    except tickets.TicketRefused as refusal:
        return None, refusal.message
    if registration.event_id != event.pk:
        return None, _another_event(registration)
    return registration.pk, ""


def check_in_counts(event: EventPage) -> tuple[int, int]:
    """How many of ``event``'s confirmed registrations there are, and how many of them are checked in."""
    confirmed = Registration.objects.filter(event=event, state=Registration.State.CONFIRMED)
    return confirmed.count(), confirmed.filter(attendance__source=Attendance.Source.CHECKIN).count()


def check_in_roster(*, event: EventPage, query: str = "") -> Roster:
    """Confirmed registrations of ``event`` (the default-language page) with participant and attendance, in a
    fixed number of queries. ``query`` is a ticket code (typed in any case, with or without spaces and hyphens),
    or words each found in the name or e-mail."""
    confirmed = Registration.objects.filter(event=event, state=Registration.State.CONFIRMED)
    counts = dict(zip(("confirmed", "checked_in"), check_in_counts(event), strict=True))
    query = query.strip()
    ticket_id, ticket_refusal = _ticket_search(event, query) if tickets.looks_like_a_code(query) else (None, "")
    if ticket_id is not None:
        matching = confirmed.filter(pk=ticket_id)
    elif query:
        matching = _matching_names(confirmed, query)
    else:
        matching = confirmed
    registrations = matching.select_related("participant", "attendance__corrected_by").order_by(
        "participant__last_name", "participant__first_name", "pk"
    )
    rows = [RosterRow(registration, getattr(registration, "attendance", None)) for registration in registrations]
    # A 16-letter word that failed as a code may still be someone's name or address.
    return Roster(rows=rows, ticket_match=ticket_id is not None,
                  ticket_refusal="" if rows else ticket_refusal, **counts)


def door_list(*, event: EventPage) -> tuple[list[RosterRow], QuerySet[Registration]]:
    """What a phone at the door keeps to work without a connection: every confirmed registration of ``event``
    with participant, profile and attendance (in a fixed number of queries), and the registrations whose
    tickets admit no one (cancelled, waiting) so that it can say why."""
    confirmed = (Registration.objects.filter(event=event, state=Registration.State.CONFIRMED)
                 .select_related("event", "participant__profile", "attendance")
                 .order_by("participant__last_name", "participant__first_name", "pk"))
    others = Registration.objects.filter(event=event).exclude(state=Registration.State.CONFIRMED).only("pk", "state")
    return [RosterRow(registration, getattr(registration, "attendance", None)) for registration in confirmed], others


@dataclass(frozen=True)
class DoorAnswer:
    """What the phone at the door shows after a scanned or typed ticket code, or a name picked from the search."""

    # "checked_in" by this scan, "already" checked in before (at ``checked_in_at``), or "refused" (``refusal``
    # names why: a TicketRefused or CheckInError code, or "another_event").
    outcome: str
    message: str
    registration: Registration | None = None
    checked_in_at: datetime | None = None
    refusal: str = ""


def door_check_in(*, event: EventPage, actor: User, ticket: str = "", registration: Registration | None = None,
                  at: datetime | None = None, now: datetime | None = None) -> DoorAnswer:
    """Check in the holder of ``ticket`` (as scanned or typed), or ``registration`` (of ``event``, picked by name),
    at once, or at ``at`` when a phone without a connection let them in then (``check_in_at``). A repeated scan
    writes nothing and says when the person came; a forged code is refused before any query, a code of another
    event names that event."""
    if registration is None:
        try:
            registration = tickets.registration_for_ticket(ticket)
        except tickets.TicketRefused as refusal:
            return DoorAnswer("refused", refusal.message, refusal=refusal.code)
        if registration.event_id != event.pk:
            return DoorAnswer("refused", _another_event(registration), refusal="another_event")
    who = registration.participant.get_full_name() or registration.participant.email
    try:
        if at is None:
            attendance, checked_in_now = check_in_once(registration=registration, actor=actor, now=now)
        else:
            attendance, outcome = check_in_at(registration=registration, actor=actor, at=at, now=now)
            checked_in_now = outcome == "checked_in"
    except CheckInError as error:
        return DoorAnswer("refused", error.message, registration=registration, refusal=error.code)
    if checked_in_now:
        return DoorAnswer("checked_in", gettext("%(who)s is checked in.") % {"who": who}, registration=registration,
                          checked_in_at=attendance.checked_in_at)
    return DoorAnswer("already", gettext("%(who)s was already checked in at %(time)s.")
                      % {"who": who, "time": door_time(attendance.checked_in_at)},
                      registration=registration, checked_in_at=attendance.checked_in_at)


def door_time(moment: datetime) -> str:
    """"10:02" in the office's clock, whatever the phone's or the staff member's profile says: it is read at the
    door."""
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).strftime("%H:%M")
