"""Attendance from BigBlueButton data: the analytics callback (exact joins and leaves) or polling (presence
samples), turned into merged intervals per registration, minutes present and percent of the scheduled length."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AnalyticsReport, Attendance, EventPage, Meeting, Registration
from events.signals import announce_attendance
from lms import audit
from lms.exceptions import ExplainedError
from lms.models import User

Interval = tuple[datetime, datetime]


class UnknownMeeting(Exception):
    pass


class ReportRefused(Exception):
    """A well-formed analytics report that cannot be about the meeting it names; the message says why."""


class CorrectionRefused(ExplainedError):
    """An attendance correction that cannot be made; ``message`` is shown to staff as it is."""

    MESSAGES = {
        # More than the scheduled length would be more than 100 % present.
        "minutes_out_of_range": _("Minutes present cannot be below zero or above the event's scheduled length."),
    }


@dataclass(frozen=True)
class IngestResult:
    replayed: bool
    attendances_written: int


def merge_intervals(intervals: list[Interval]) -> list[Interval]:
    """Overlapping or touching intervals (reconnects, several tabs) become one."""
    merged: list[list[datetime]] = []
    for start, end in sorted(interval for interval in intervals if interval[1] > interval[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def clip(intervals: list[Interval], *, not_before: datetime, not_after: datetime) -> list[Interval]:
    return [(max(start, not_before), min(end, not_after)) for start, end in intervals
            if min(end, not_after) > max(start, not_before)]


def pair_joins_and_leaves(joins: list[datetime], leaves: list[datetime], *, meeting_end: datetime) -> list[Interval]:
    """Each join ends at the first leave after it; a join with no leave (browser died, meeting ended) ends when
    the meeting ended, so a missing leave never turns presence into zero."""
    remaining = sorted(leaves)
    intervals = []
    for joined in sorted(joins):
        leave = next((left for left in remaining if left >= joined), None)
        if leave is None:
            intervals.append((joined, meeting_end))
        else:
            remaining.remove(leave)
            intervals.append((joined, leave))
    return intervals


def minutes_and_percent(intervals: list[Interval], *, event: EventPage) -> tuple[int, int]:
    seconds = sum((end - start).total_seconds() for start, end in intervals)
    scheduled = max((event.end - event.start).total_seconds(), 60)
    return int(seconds // 60), min(100, round(100 * seconds / scheduled))


def _parse_time(value) -> datetime:
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {value!r}")
    return parsed


def parse_analytics(payload) -> tuple[str, str, datetime | None, dict[str, list[Interval]]]:
    """Validate the callback body (section 3c of the BBB notes); raises ValueError with the reason.
    Returns meeting id, internal meeting id, the meeting's finish time if given, and raw (join, leave) lists
    per external user id (several attendee entries of one user are combined)."""
    if not isinstance(payload, dict):
        raise ValueError("the body must be a JSON object")
    meeting_id, internal_id, data = payload.get("meeting_id"), payload.get("internal_meeting_id"), payload.get("data")
    if not isinstance(meeting_id, str) or not meeting_id or not isinstance(internal_id, str) or not internal_id:
        raise ValueError("meeting_id and internal_meeting_id are required")
    if not isinstance(data, dict) or not isinstance(data.get("attendees"), list):
        raise ValueError("data.attendees must be a list")
    finish = _parse_time(data["finish"]) if data.get("finish") else None
    by_user: dict[str, list] = {}
    for attendee in data["attendees"]:
        if not isinstance(attendee, dict) or not isinstance(attendee.get("joins", []), list) \
                or not isinstance(attendee.get("leaves", []), list):
            raise ValueError("each attendee needs joins and leaves lists")
        user_id = str(attendee.get("ext_user_id", ""))
        joins = [_parse_time(value) for value in attendee.get("joins", [])]
        leaves = [_parse_time(value) for value in attendee.get("leaves", [])]
        entry = by_user.setdefault(user_id, [[], []])
        entry[0].extend(joins)
        entry[1].extend(leaves)
    return meeting_id, internal_id, finish, by_user


def ingest_analytics(*, payload) -> IngestResult:
    """Store one analytics callback and turn it into attendance. A replay of the same BBB session changes
    nothing; a staff correction is never overwritten. Raises ValueError (bad body), UnknownMeeting or
    ReportRefused.

    The callback's token signs nothing about the report, so the report is bound here: its internal meeting id must
    be a BBB session learnt for the meeting it names (from BBB's answers to create or getMeetingInfo)."""
    meeting_id, internal_id, finish, by_user = parse_analytics(payload)
    meeting = Meeting.objects.select_related("event").filter(bbb_meeting_id=meeting_id).first()
    if meeting is None:
        raise UnknownMeeting(meeting_id)
    if not meeting.bbb_sessions.filter(internal_meeting_id=internal_id).exists():
        raise ReportRefused(f"internal_meeting_id {internal_id!r} is not a BBB session of this meeting")
    event = meeting.event
    meeting_end = finish or meeting.ended_at or event.end
    with transaction.atomic():
        _report, created = AnalyticsReport.objects.get_or_create(
            internal_meeting_id=internal_id, defaults={"meeting": meeting, "payload": payload}
        )
        if not created:
            return IngestResult(replayed=True, attendances_written=0)
        intervals = {
            user_id: pair_joins_and_leaves(joins, leaves, meeting_end=meeting_end)
            for user_id, (joins, leaves) in by_user.items()
        }
        written = _write_attendance(event=event, intervals=intervals, source=Attendance.Source.ANALYTICS,
                                    not_after=meeting_end)
        # The report of a run ended by mistake may come after staff reopened the webinar: only the latest run's
        # report says the meeting is over.
        latest_run = meeting.bbb_sessions.order_by("-create_time").values_list("internal_meeting_id", flat=True).first()
        if internal_id == latest_run:
            Meeting.objects.filter(pk=meeting.pk).exclude(state=Meeting.State.ENDED).update(
                state=Meeting.State.ENDED, ended_at=meeting_end
            )
        announce_attendance(event.pk)
    return IngestResult(replayed=False, attendances_written=written)


def _stored(attendance: Attendance) -> list[Interval]:
    return [(_parse_time(start), _parse_time(end)) for start, end in attendance.intervals]


def _write_attendance(*, event: EventPage, intervals: dict[str, list[Interval]], source: str, not_after: datetime) -> int:
    """Upsert attendance for the confirmed registrations among ``intervals`` (keyed by our user id as given to
    BBB on join), in a fixed number of queries whatever the number of attendees."""
    registrations = {
        str(registration.participant_id): registration
        for registration in Registration.objects.filter(event=event, state=Registration.State.CONFIRMED)
    }
    existing = {attendance.registration_id: attendance for attendance in
                Attendance.objects.filter(registration__in=registrations.values())}
    to_create, to_update = [], []
    for user_id, user_intervals in intervals.items():
        registration = registrations.get(user_id)
        if registration is None:
            continue  # presenters, staff and guests have no registration to count
        attendance = existing.get(registration.pk)
        if attendance is not None and attendance.source == Attendance.Source.MANUAL:
            continue
        previous = _stored(attendance) if attendance is not None and attendance.source == source else []
        merged = merge_intervals(clip(previous + user_intervals, not_before=event.start, not_after=not_after))
        minutes, percent = minutes_and_percent(merged, event=event)
        values = {"intervals": [[start.isoformat(), end.isoformat()] for start, end in merged],
                  "minutes_present": minutes, "percent_present": percent, "source": source}
        if attendance is None:
            to_create.append(Attendance(registration=registration, **values))
        else:
            for field, value in values.items():
                setattr(attendance, field, value)
            attendance.updated_at = timezone.now()  # bulk_update does not apply auto_now
            to_update.append(attendance)
    Attendance.objects.bulk_create(to_create, batch_size=500)
    Attendance.objects.bulk_update(
        to_update, ["intervals", "minutes_present", "percent_present", "source", "updated_at"], batch_size=500
    )
    return len(to_create) + len(to_update)


def record_presence(*, meeting: Meeting, present_user_ids: list[str], now: datetime, poll_seconds: int) -> int:
    """One polling sample: everyone present gets the time since the last sample added to their intervals.
    Used where no analytics callback arrives; the callback, when it comes, replaces polled data."""
    event = meeting.event
    since = now - timedelta(seconds=poll_seconds)
    with transaction.atomic():
        already_from_analytics = Attendance.objects.filter(
            registration__event=event, source=Attendance.Source.ANALYTICS
        ).exists()
        if already_from_analytics:
            return 0
        return _write_attendance(
            event=event, intervals={user_id: [(since, now)] for user_id in present_user_ids},
            source=Attendance.Source.POLLING, not_after=max(now, event.end),
        )


def correct_attendance(*, registration: Registration, minutes: int, reason: str, actor: User) -> Attendance:
    """Staff set the minutes by hand with a reason; recorded in the audit log and kept over later BBB data.
    Raises CorrectionRefused for minutes below zero or above the event's scheduled length (the admin form
    says so first; this holds for every other caller)."""
    scheduled = registration.event.scheduled_minutes
    if not 0 <= minutes <= scheduled:
        raise CorrectionRefused("minutes_out_of_range")
    with transaction.atomic():
        attendance, _created = Attendance.objects.select_for_update().get_or_create(
            registration=registration, defaults={"source": Attendance.Source.MANUAL}
        )
        before = attendance.minutes_present
        attendance.minutes_present = minutes
        attendance.percent_present = round(100 * minutes / scheduled)
        attendance.source = Attendance.Source.MANUAL
        attendance.correction_reason = reason
        attendance.corrected_by = actor
        attendance.save()
        audit.record(actor=actor, action="attendance.corrected", target=attendance,
                     data={"minutes_before": before, "minutes_after": minutes, "reason": reason})
        announce_attendance(registration.event_id)
    return attendance
