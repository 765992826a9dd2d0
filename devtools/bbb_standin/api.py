"""The BBB API calls, answered from the in-memory state with the element names, casing and messageKeys of bbb-web.

Checksums are verified before a call gets here (``app.py``). Each call runs under the store's lock."""

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from .replies import ApiError, Reply, XmlFields, redirect, success
from .state import MODERATOR, VIEWER, Clock, Meeting, Recording, Session, Store, now_ms

POST_CALLS = frozenset({"create", "end"})
"""Calls that also take a form-encoded POST body; every call takes GET."""

DEFAULT_DIAL_NUMBER = "613-555-1234"
"""bbb-web's ``defaultDialAccessNumber``."""

_META_PARAM = re.compile(r"meta_([a-zA-Z][a-zA-Z0-9-]*)\Z")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DEFAULT_RECORDING_STATES = ("published", "unpublished")

END_MESSAGE = (
    "A request to end the meeting was sent.  Please wait a few seconds, and then use the getMeetingInfo or "
    "isMeetingRunning API calls to verify that it was ended."
)
NOT_FOUND = ApiError("notFound", "A meeting with that ID does not exist")
RECORDINGS_NOT_FOUND = ApiError("notFound", "We could not find recordings")


@dataclass(frozen=True)
class ApiRequest:
    call: str
    params: dict[str, str]
    """First value of each parameter, URL and form body merged, control characters stripped as bbb-web does."""
    public_url: str
    """Base URL the client reached the stand-in at (``http://host:port/``), for redirects and playback links."""


def version_reply() -> Reply:
    """``getApiVersion``: no call name, no checksum. ``bbbVersion`` stays empty, as with bbb-web's default
    ``allowRevealOfBBBVersion=false``."""
    return success([("version", "2.0"), ("apiVersion", "2.0"), ("bbbVersion", None)])


class BbbApi:
    def __init__(self, store: Store, clock: Clock, on_end: Callable[[Meeting], None]) -> None:
        """``on_end`` is told about every ended meeting (under the lock, state final) to schedule the callbacks."""
        self._store = store
        self._clock = clock
        self._on_end = on_end
        self._calls: dict[str, Callable[[ApiRequest], Reply]] = {
            "create": self._create,
            "join": self._join,
            "isMeetingRunning": self._is_meeting_running,
            "getMeetingInfo": self._get_meeting_info,
            "getMeetings": self._get_meetings,
            "end": self._end,
            "getRecordings": self._get_recordings,
            "publishRecordings": self._publish_recordings,
            "deleteRecordings": self._delete_recordings,
            "updateRecordings": self._update_recordings,
        }

    @property
    def calls(self) -> frozenset[str]:
        return frozenset(self._calls)

    def handle(self, request: ApiRequest) -> Reply:
        with self._store.lock:
            return self._calls[request.call](request)

    # Meetings

    def _create(self, request: ApiRequest) -> Reply:
        params = request.params
        meeting_id = _meeting_id(params)
        name = _meeting_name(params)
        existing = self._store.meetings.get(meeting_id)
        if existing is not None and not existing.ended:
            # The second create's parameters are ignored: the running session is the answer.
            return success(
                [
                    *_create_fields(existing),
                    ("messageKey", "duplicateWarning"),
                    ("message", "This conference was already in existence and may currently be in progress."),
                ]
            )
        meeting = self._new_meeting(meeting_id, name, params)
        self._store.meetings[meeting_id] = meeting
        return success([*_create_fields(meeting), ("messageKey", ""), ("message", "")])

    def _new_meeting(self, meeting_id: str, name: str, params: dict[str, str]) -> Meeting:
        digest = hashlib.sha1(meeting_id.encode()).hexdigest()
        create_time = now_ms(self._clock)
        return Meeting(
            meeting_id=meeting_id,
            name=name,
            internal_id=f"{digest}-{create_time}",
            create_time=create_time,
            attendee_pw=params.get("attendeePW") or secrets.token_hex(4),
            moderator_pw=params.get("moderatorPW") or secrets.token_hex(4),
            voice_bridge=str(_int_param(params, "voiceBridge", 10000 + int(digest[:8], 16) % 90000)),
            dial_number=params.get("dialNumber") or DEFAULT_DIAL_NUMBER,
            record=_bool_param(params, "record"),
            keep_events=_bool_param(params, "meetingKeepEvents"),
            duration=_int_param(params, "duration", 0),
            max_participants=_int_param(params, "maxParticipants", 0),
            logout_url=params.get("logoutURL", ""),
            welcome=params.get("welcome", ""),
            meeting_ended_url=params.get("meetingEndedURL", ""),
            metadata=_meta_params(params),
        )

    def _join(self, request: ApiRequest) -> Reply:
        params = request.params
        full_name = params.get("fullName", "")
        if not full_name:
            raise ApiError("missingParamFullName", "You must provide your name")
        meeting = self._joinable_meeting(params)
        role = _join_role(meeting, params)
        if 0 < meeting.max_participants <= len(meeting.open_sessions):
            raise ApiError(
                "maxParticipantsReached", "The number of participants allowed for this meeting has been reached."
            )
        session = self._connect(meeting, params.get("userID", ""), full_name, role)
        client_url = f"{request.public_url}client/{session.token}"
        if params.get("redirect", "").lower() in ("", "true"):
            return redirect(client_url)
        return success(
            [
                ("messageKey", "successfullyJoined"),
                ("message", "You have joined successfully."),
                ("meeting_id", meeting.internal_id),
                ("user_id", session.internal_user_id),
                ("auth_token", session.auth_token),
                ("session_token", session.token),
                ("guestStatus", "ALLOWED"),
                ("url", client_url),
            ]
        )

    def _joinable_meeting(self, params: dict[str, str]) -> Meeting:
        meeting = self._store.meetings.get(_meeting_id(params))
        if meeting is None:
            raise ApiError("invalidMeetingIdentifier", "A meeting with that ID does not exist")
        if meeting.ended:
            raise ApiError("meetingForciblyEnded", "You can not join a meeting that has already been forcibly ended")
        if "createTime" in params and _int_param(params, "createTime", 0) != meeting.create_time:
            raise ApiError(
                "mismatchCreateTime", "The createTime parameter submitted mismatches with the current meeting."
            )
        return meeting

    def _connect(self, meeting: Meeting, user_id: str, full_name: str, role: str) -> Session:
        """Register the attendee at API time (the stand-in has no client that would connect later)."""
        now = now_ms(self._clock)
        internal_user_id = "w_" + secrets.token_hex(4)
        session = Session(
            user_id=user_id or internal_user_id,
            internal_user_id=internal_user_id,
            full_name=full_name,
            role=role,
            token=secrets.token_hex(16),
            auth_token=secrets.token_hex(8),
            joined=now,
        )
        meeting.sessions.append(session)
        meeting.start_time = meeting.start_time or now
        self._store.sessions[session.token] = (meeting, session)
        return session

    def _is_meeting_running(self, request: ApiRequest) -> Reply:
        meeting = self._store.meetings.get(_meeting_id(request.params))
        return success([("running", meeting is not None and meeting.running)])

    def _get_meeting_info(self, request: ApiRequest) -> Reply:
        return success(_meeting_fields(self._live_meeting(request.params)))

    def _get_meetings(self, request: ApiRequest) -> Reply:
        live = [meeting for meeting in self._store.meetings.values() if not meeting.ended]
        if not live:
            return success(
                [("meetings", []), ("messageKey", "noMeetings"), ("message", "no meetings were found on this server")]
            )
        return success([("meetings", [("meeting", _meeting_fields(meeting)) for meeting in live])])

    def _end(self, request: ApiRequest) -> Reply:
        meeting = self._live_meeting(request.params)
        password = request.params.get("password")
        if password is not None and password != meeting.moderator_pw:
            # Newer servers ignore the password; checking it when given catches a client sending the wrong one.
            raise ApiError("invalidPassword", "You must supply the moderator password for this call.")
        now = now_ms(self._clock)
        meeting.ended = True
        meeting.end_time = now
        meeting.close_sessions(now)
        if meeting.record:
            self._store.recordings[meeting.internal_id] = _recording(meeting, request.public_url)
        self._on_end(meeting)
        return success(
            [
                ("messageKey", "sentEndMeetingRequest"),
                ("message", END_MESSAGE),
            ]
        )

    def _live_meeting(self, params: dict[str, str]) -> Meeting:
        meeting = self._store.meetings.get(_meeting_id(params))
        if meeting is None or meeting.ended:
            raise NOT_FOUND
        return meeting

    # Recordings

    def _get_recordings(self, request: ApiRequest) -> Reply:
        params = request.params
        meeting_ids = _split(params.get("meetingID", ""))
        record_ids = _split(params.get("recordID", ""))
        states = _split(params.get("state", "")) or _DEFAULT_RECORDING_STATES
        meta = _meta_params(params)
        found = [
            recording
            for recording in self._store.recordings.values()
            if (not meeting_ids or recording.meeting_id in meeting_ids)
            and (not record_ids or any(recording.record_id.startswith(prefix) for prefix in record_ids))
            and ("any" in states or recording.state in states)
            and all(recording.metadata.get(name) == value for name, value in meta.items())
        ]
        if not found:
            return success(
                [
                    ("recordings", []),
                    ("messageKey", "noRecordings"),
                    ("message", "There are no recordings for the meeting(s)."),
                ]
            )
        return success([("recordings", [("recording", _recording_fields(recording)) for recording in found])])

    def _publish_recordings(self, request: ApiRequest) -> Reply:
        recordings = self._existing_recordings(request.params)
        publish = request.params.get("publish", "")
        if not publish:
            raise ApiError("missingParamPublish", "You must specify a publish value true or false.")
        published = publish.lower() == "true"
        for recording in recordings:
            recording.state = "published" if published else "unpublished"
        return success([("published", published)])

    def _delete_recordings(self, request: ApiRequest) -> Reply:
        for recording in self._existing_recordings(request.params):
            recording.state = "deleted"
        return success([("deleted", True)])

    def _update_recordings(self, request: ApiRequest) -> Reply:
        recordings = self._existing_recordings(request.params)
        for name, value in _meta_params(request.params).items():
            for recording in recordings:
                # An empty value removes the key, as on bbb-web.
                if value:
                    recording.metadata[name] = value
                else:
                    recording.metadata.pop(name, None)
        return success([("updated", True)])

    def _existing_recordings(self, params: dict[str, str]) -> list[Recording]:
        record_ids = _split(params.get("recordID", ""))
        if not record_ids:
            raise ApiError("missingParamRecordID", "You must specify a recordID.")
        recordings = self._store.recordings
        found = [recordings[id_] for id_ in record_ids if id_ in recordings and recordings[id_].state != "deleted"]
        if not found:
            raise RECORDINGS_NOT_FOUND
        return found


def _meeting_id(params: dict[str, str]) -> str:
    """bbb-web's ``MeetingIDConstraint``, checked by every call that takes a meetingID."""
    meeting_id = params.get("meetingID", "")
    if not meeting_id:
        raise ApiError("missingParamMeetingID", "You must provide a meeting ID")
    if not 2 <= len(meeting_id) <= 256:
        raise ApiError("sizeError", "Meeting ID must be between 2 and 256 characters")
    if "," in meeting_id:
        raise ApiError("validationError", "Meeting ID cannot contain ','")
    return meeting_id


def _meeting_name(params: dict[str, str]) -> str:
    """bbb-web's ``MeetingNameConstraint`` (required since 2.4)."""
    name = params.get("name", "")
    if not name:
        raise ApiError("emptyError", "You must provide a meeting name")
    if not 2 <= len(name) <= 256:
        raise ApiError("sizeError", "Meeting name must be between 2 and 256 characters")
    return name


def _join_role(meeting: Meeting, params: dict[str, str]) -> str:
    """``role`` (2.4+) wins over ``password``; a password must match one of the meeting's two."""
    role = params.get("role", "").upper()
    if role in (MODERATOR, VIEWER):
        return role
    password = params.get("password", "")
    if password and password == meeting.moderator_pw:
        return MODERATOR
    if password and password == meeting.attendee_pw:
        return VIEWER
    raise ApiError(
        "invalidPassword",
        "You either did not supply a password or the password supplied is neither the attendee or moderator "
        "password for this conference.",
    )


def _int_param(params: dict[str, str], name: str, default: int) -> int:
    value = params.get(name, "")
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise ApiError("validationError", f"{name} must be an integral value")
    return int(value)


def _bool_param(params: dict[str, str], name: str) -> bool:
    """Java's ``Boolean.parseBoolean``: only "true" (any case) is true."""
    return params.get(name, "").lower() == "true"


def _split(value: str) -> list[str]:
    return [part for part in value.split(",") if part]


def _meta_params(params: dict[str, str]) -> dict[str, str]:
    return {match[1].lower(): value for name, value in params.items() if (match := _META_PARAM.match(name))}


def java_date(ms: int) -> str:
    """``java.util.Date.toString()`` in UTC, BBB's ``createDate`` (fixed English names, whatever the locale)."""
    t = time.gmtime(ms / 1000)
    return (
        f"{_DAYS[t.tm_wday]} {_MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} UTC {t.tm_year}"
    )


def _create_fields(meeting: Meeting) -> XmlFields:
    return [
        ("meetingID", meeting.meeting_id),
        ("internalMeetingID", meeting.internal_id),
        ("parentMeetingID", "bbb-none"),
        ("attendeePW", meeting.attendee_pw),
        ("moderatorPW", meeting.moderator_pw),
        ("createTime", meeting.create_time),
        ("voiceBridge", meeting.voice_bridge),
        ("dialNumber", meeting.dial_number),
        ("createDate", java_date(meeting.create_time)),
        ("hasUserJoined", bool(meeting.sessions)),
        ("duration", meeting.duration),
        ("hasBeenForciblyEnded", meeting.ended),
    ]


def _meeting_fields(meeting: Meeting) -> XmlFields:
    """getMeetingInfo's elements, in bbb-web's order; getMeetings repeats them per ``<meeting>``.

    A ``record=true`` meeting counts as recording while it runs (as with ``autoStartRecording``): the stand-in
    has no moderator to press the record button, and it always produces the recording at the end."""
    present = meeting.open_sessions
    return [
        ("meetingName", meeting.name),
        ("meetingID", meeting.meeting_id),
        ("internalMeetingID", meeting.internal_id),
        ("createTime", meeting.create_time),
        ("createDate", java_date(meeting.create_time)),
        ("voiceBridge", meeting.voice_bridge),
        ("dialNumber", meeting.dial_number),
        ("attendeePW", meeting.attendee_pw),
        ("moderatorPW", meeting.moderator_pw),
        ("running", meeting.running),
        ("duration", meeting.duration),
        ("hasUserJoined", bool(meeting.sessions)),
        ("recording", meeting.record and meeting.running),
        ("hasBeenForciblyEnded", meeting.ended),
        ("startTime", meeting.start_time),
        ("endTime", meeting.end_time),
        ("participantCount", len(present)),
        ("listenerCount", 0),
        ("voiceParticipantCount", 0),
        ("videoCount", 0),
        ("maxUsers", meeting.max_participants),
        ("moderatorCount", sum(session.role == MODERATOR for session in present)),
        ("attendees", [("attendee", _attendee_fields(session)) for session in present]),
        ("metadata", list(meeting.metadata.items())),
        ("isBreakout", False),
    ]


def _attendee_fields(session: Session) -> XmlFields:
    return [
        ("userID", session.user_id),
        ("fullName", session.full_name),
        ("role", session.role),
        ("isPresenter", False),
        ("isListeningOnly", False),
        ("hasJoinedVoice", False),
        ("hasVideo", False),
        ("clientType", "HTML5"),
        ("customdata", None),
    ]


def _recording(meeting: Meeting, public_url: str) -> Recording:
    """The published recording of an ended ``record=true`` meeting; it spans the whole session, from create."""
    return Recording(
        record_id=meeting.internal_id,
        meeting_id=meeting.meeting_id,
        name=meeting.name,
        start_time=meeting.create_time,
        end_time=meeting.end_time,
        participants=len(meeting.sessions_by_user()),
        metadata={"isBreakout": "false", "meetingId": meeting.meeting_id, "meetingName": meeting.name}
        | meeting.metadata,
        playback_url=f"{public_url}playback/presentation/2.3/{meeting.internal_id}",
        length_minutes=round((meeting.end_time - meeting.create_time) / 60000),
    )


def _recording_fields(recording: Recording) -> XmlFields:
    return [
        ("recordID", recording.record_id),
        ("meetingID", recording.meeting_id),
        ("internalMeetingID", recording.record_id),
        ("name", recording.name),
        ("isBreakout", False),
        ("published", recording.published),
        ("state", recording.state),
        ("startTime", recording.start_time),
        ("endTime", recording.end_time),
        ("participants", recording.participants),
        ("metadata", list(recording.metadata.items())),
        (
            "playback",
            [
                (
                    "format",
                    [
                        ("type", "presentation"),
                        ("url", recording.playback_url),
                        ("processingTime", 0),
                        ("length", recording.length_minutes),
                    ],
                )
            ],
        ),
    ]
