"""Webinar rooms: created ahead of the start, joined by confirmed participants, presenters and staff."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import bbb
from events.models import BBBSession, EventPage, Meeting, Registration
from events.notifications import absolute_url
from events.signals import announce_attendance
from lms import audit
from lms.exceptions import ExplainedError
from lms.models import User

logger = logging.getLogger(__name__)


class JoinRefused(ExplainedError):
    """Why this person cannot enter the webinar room now; ``message`` is shown to them."""

    MESSAGES = {
        "not_online": _("This event does not take place online."),
        "not_registered": _("Only participants with a confirmed registration can join the webinar."),
        "waiting_list": _("You are on the waiting list; you can join once a seat is yours."),
        "too_early": _("The webinar room opens 15 minutes before the start."),
        "ended": _("The webinar has ended."),
    }


def can_moderate(*, event: EventPage, user: User) -> bool:
    """Presenters of the event and event staff enter as moderators."""
    if user.has_perm("events.change_registration"):
        return True
    return event.canonical.presenters.filter(user=user).exists()


def join_window(event: EventPage) -> tuple[datetime, datetime]:
    return event.start - timedelta(minutes=settings.BBB_JOIN_OPENS_MINUTES), event.end


def check_can_join(*, event: EventPage, user: User, now: datetime | None = None) -> bool:
    """Returns whether the person joins as a moderator; raises JoinRefused with the reason otherwise."""
    event = event.canonical
    now = now or timezone.now()
    if event.format != EventPage.Format.ONLINE:
        raise JoinRefused("not_online")
    moderator = can_moderate(event=event, user=user)
    if not moderator:
        registration = Registration.objects.filter(event=event, participant=user, state__in=Registration.ACTIVE_STATES).first()
        if registration is None:
            raise JoinRefused("not_registered")
        if registration.state == Registration.State.WAITING:
            raise JoinRefused("waiting_list")
    opens, closes = join_window(event)
    if now < opens:
        raise JoinRefused("too_early")
    if now >= closes or Meeting.objects.filter(event=event, state=Meeting.State.ENDED).exists():
        raise JoinRefused("ended")
    return moderator


class MeetingActionRefused(ExplainedError):
    """Why staff cannot end or reopen the webinar now; ``message`` is shown to them and nothing is written."""

    MESSAGES = {
        "not_running": _("The webinar is not running, so there is nothing to end."),
        "not_ended": _("The webinar has not been ended, so there is nothing to reopen."),
        "after_end": _("The webinar's scheduled end has passed, so it can no longer be reopened."),
        "still_closing": _("The server is still closing the webinar room. Please try again in a moment."),
    }


def _run(meeting: Meeting) -> str:
    """Names the run of the room an end callback is about: a reopened room's callbacks carry their reopening time,
    so the late end callback of the run ended by mistake cannot end the reopened one."""
    return str(int(meeting.reopened_at.timestamp())) if meeting.reopened_at else ""


def _callback_urls(meeting: Meeting) -> dict[str, str]:
    meeting_id, run = meeting.bbb_meeting_id, _run(meeting)
    end_query = f"meetingID={meeting_id}" + (f"&run={run}" if run else "")
    return {
        "end_callback_url": absolute_url(
            f"{reverse('bbb_end_callback')}?{end_query}&sig={bbb.callback_signature(meeting_id, run)}"),
        "recording_ready_url": absolute_url(reverse("bbb_recording_ready_callback")),
        "analytics_callback_url": absolute_url(reverse("bbb_analytics_callback")),
    }


def end_callback_is_current(*, meeting: Meeting, run: str) -> bool:
    return run == _run(meeting)


def schedule_meeting(*, event: EventPage) -> Meeting:
    """Create the BBB room (again): harmless when it exists, BBB returns the running meeting.
    Raises bbb.BBBUnavailable / bbb.BBBError for the caller (task or view) to handle."""
    event = event.canonical
    meeting, _created = Meeting.objects.get_or_create(
        event=event, defaults={"bbb_meeting_id": f"lms-webinar-{event.translation_key}"}
    )
    if meeting.state == Meeting.State.ENDED:
        return meeting
    created = _create_room(meeting=meeting, event=event)
    Meeting.objects.filter(pk=meeting.pk).update(
        internal_meeting_id=created.internal_meeting_id, create_time=created.create_time,
        attendee_pw=created.attendee_pw, moderator_pw=created.moderator_pw,
    )
    _learn_session(meeting=meeting, internal_meeting_id=created.internal_meeting_id, create_time=created.create_time)
    meeting.refresh_from_db()
    return meeting


def _create_room(*, meeting: Meeting, event: EventPage) -> bbb.CreatedMeeting:
    with translation.override(settings.LANGUAGE_CODE):
        welcome = gettext("Welcome to the webinar “%(title)s”.") % {"title": event.title}
    return bbb.client().create_meeting(
        meeting_id=meeting.bbb_meeting_id, name=event.title, welcome=welcome, logout_url=absolute_url(event.url),
        record=True, duration_minutes=event.scheduled_minutes + 60, **_callback_urls(meeting),
    )


def _learn_session(*, meeting: Meeting, internal_meeting_id: str, create_time: int) -> None:
    """Keep BBB's name for this run of the meeting: analytics reports are taken only for runs we saw BBB answer
    about. A create after BBB ended the room starts a new run; a repeated create or a poll names the same one."""
    if internal_meeting_id:
        BBBSession.objects.get_or_create(
            internal_meeting_id=internal_meeting_id, defaults={"meeting": meeting, "create_time": create_time}
        )


def join_url_for(*, event: EventPage, user: User, now: datetime | None = None) -> str:
    """The address of the webinar room for this person, creating the room if the task has not yet done so."""
    moderator = check_can_join(event=event, user=user, now=now)
    meeting = schedule_meeting(event=event)
    return bbb.client().join_url(
        meeting_id=meeting.bbb_meeting_id, full_name=user.get_full_name() or user.email, user_id=str(user.pk),
        moderator=moderator, password=meeting.moderator_pw if moderator else meeting.attendee_pw,
        create_time=meeting.create_time,
    )


def live_room(*, event: EventPage) -> bbb.MeetingInfo | None:
    """The room as BBB sees it now, when it is running (someone is in it); None otherwise.
    Raises bbb.BBBError when BBB cannot say."""
    meeting = Meeting.objects.filter(event=event.canonical).exclude(state=Meeting.State.ENDED).first()
    if meeting is None:
        return None
    info = bbb.client().meeting_info(meeting.bbb_meeting_id)
    return info if info is not None and info.running else None


def end_meeting(*, event: EventPage, actor: User) -> Meeting:
    """End the running room for everyone. Raises MeetingActionRefused("not_running"), writing nothing, when BBB
    has no running room to end."""
    if live_room(event=event) is None:
        raise MeetingActionRefused("not_running")
    meeting = Meeting.objects.select_related("event").get(event=event.canonical)
    if not bbb.client().end(meeting_id=meeting.bbb_meeting_id, password=meeting.moderator_pw):
        raise MeetingActionRefused("not_running")  # it ended between the two calls
    with transaction.atomic():
        mark_ended(meeting=meeting)
        meeting.refresh_from_db()
        audit.record(actor=actor, action="meeting.ended", target=meeting, data={"event": meeting.event.title})
    return meeting


def can_reopen(*, meeting: Meeting | None, event: EventPage, now: datetime | None = None) -> bool:
    """A webinar ended before its scheduled end can be opened again while that end is still ahead."""
    now = now or timezone.now()
    return (meeting is not None and meeting.state == Meeting.State.ENDED and meeting.ended_at is not None
            and meeting.ended_at < event.end and now < event.end)


def reopen_meeting(*, event: EventPage, actor: User, now: datetime | None = None) -> Meeting:
    """Open a webinar ended by mistake again: BBB runs a new session of the same meeting, participants join it as
    before and its attendance merges with the first session's. Raises MeetingActionRefused ("not_ended",
    "after_end", "still_closing"), writing nothing; bbb.BBBError when BBB cannot create the room (nothing written
    either)."""
    event = event.canonical
    now = now or timezone.now()
    meeting = Meeting.objects.filter(event=event).first()
    _check_reopen(meeting=meeting, event=event, now=now)
    ended_at = meeting.ended_at
    meeting.reopened_at = now  # the new run's callbacks carry it
    created = _create_room(meeting=meeting, event=event)
    if created.already_existed:
        # BBB ends a room asynchronously: until it has, a create gets the old session back, not a new one.
        raise MeetingActionRefused("still_closing")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _check_reopen(meeting=locked, event=event, now=now)
        Meeting.objects.filter(pk=meeting.pk).update(
            state=Meeting.State.SCHEDULED, ended_at=None, reopened_at=now,
            internal_meeting_id=created.internal_meeting_id, create_time=created.create_time,
            attendee_pw=created.attendee_pw, moderator_pw=created.moderator_pw,
        )
        _learn_session(meeting=meeting, internal_meeting_id=created.internal_meeting_id,
                       create_time=created.create_time)
        meeting.refresh_from_db()
        audit.record(actor=actor, action="meeting.reopened", target=meeting,
                     data={"event": event.title, "ended_at": ended_at.isoformat()})
    return meeting


def _check_reopen(*, meeting: Meeting | None, event: EventPage, now: datetime) -> None:
    if now >= event.end:
        raise MeetingActionRefused("after_end")
    if not can_reopen(meeting=meeting, event=event, now=now):
        raise MeetingActionRefused("not_ended")


def mark_ended(*, meeting: Meeting, at: datetime | None = None) -> None:
    """The meeting is over: polled attendance is now final (the analytics callback may still refine it)."""
    ended = Meeting.objects.filter(pk=meeting.pk).exclude(state=Meeting.State.ENDED).update(
        state=Meeting.State.ENDED, ended_at=at or timezone.now()
    )
    if ended:
        announce_attendance(meeting.event_id)


def create_upcoming_meetings(*, now: datetime | None = None) -> int:
    """Create the rooms of online events starting soon; run periodically, so a failed attempt is retried."""
    now = now or timezone.now()
    upcoming = EventPage.objects.live().filter(
        format=EventPage.Format.ONLINE, start__lte=now + timedelta(minutes=settings.BBB_CREATE_AHEAD_MINUTES),
        end__gt=now,
    ).exclude(meeting__state=Meeting.State.ENDED)
    created = 0
    for event in upcoming:
        if event.canonical.pk != event.pk:
            continue
        try:
            schedule_meeting(event=event)
            created += 1
        except bbb.BBBError as error:  # includes BBBUnavailable; the next run tries again
            logger.warning("Could not create the room of event %s: %s", event.pk, error)
    return created


POLL_SECONDS = 60


RECORDING_POLL_DAYS = 2


def recording_pending(*, meeting: Meeting, now: datetime | None = None) -> bool:
    """The webinar ended recently and its recording is still being processed (or its callback has not come)."""
    now = now or timezone.now()
    return (meeting.state == Meeting.State.ENDED and meeting.ended_at is not None
            and meeting.ended_at >= now - timedelta(days=RECORDING_POLL_DAYS) and not meeting.has_recording_of_last_run)


def poll_recordings(*, now: datetime | None = None) -> int:
    """For servers whose recording-ready callback does not reach us: ask for the recordings of meetings that
    ended recently and have none of their last run yet. Returns how many meetings gained recordings."""
    from events.services.recordings import refresh_recordings

    now = now or timezone.now()
    found = 0
    for meeting in Meeting.objects.filter(
        state=Meeting.State.ENDED, ended_at__gte=now - timedelta(days=RECORDING_POLL_DAYS)
    ):
        if meeting.has_recording_of_last_run:  # a reopened webinar also waits for its second run's recording
            continue
        try:
            found += bool(refresh_recordings(meeting=meeting))
        except bbb.BBBError as error:
            logger.warning("Could not fetch recordings of %s: %s", meeting.bbb_meeting_id, error)
    return found


def poll_running_meetings(*, now: datetime | None = None) -> int:
    """Presence samples for servers that send no analytics callback; also notices meetings that ended.
    Returns how many meetings were sampled."""
    from events.services.attendance import record_presence

    now = now or timezone.now()
    sampled = 0
    for meeting in Meeting.objects.select_related("event").exclude(state=Meeting.State.ENDED):
        opens, closes = join_window(meeting.event)
        if now < opens:
            continue
        try:
            info = bbb.client().meeting_info(meeting.bbb_meeting_id)
        except bbb.BBBError as error:
            logger.warning("Could not poll meeting %s: %s", meeting.bbb_meeting_id, error)
            continue
        if info is None:
            if now >= closes:
                mark_ended(meeting=meeting, at=now)
            continue
        # Also names a run whose create answer never reached us (a timeout after BBB had made the room).
        _learn_session(meeting=meeting, internal_meeting_id=info.internal_meeting_id, create_time=info.create_time)
        if info.running:
            # Kept for the staff dashboard; a room ended meanwhile (by its presenter) stays ended.
            Meeting.objects.filter(pk=meeting.pk).exclude(state=Meeting.State.ENDED).update(
                state=Meeting.State.RUNNING, people_in_room=len(info.attendees), people_counted_at=now)
            record_presence(meeting=meeting, present_user_ids=[attendee.user_id for attendee in info.attendees],
                            now=now, poll_seconds=POLL_SECONDS)
            sampled += 1
    return sampled
