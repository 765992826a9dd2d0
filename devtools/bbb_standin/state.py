"""In-memory state of the stand-in: meetings, their client sessions, recordings.

Everything is plain data; the callers (``api.py``, ``app.py``) hold ``Store.lock`` while they read or change it,
so the threaded HTTP server never sees a half-made change."""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

MODERATOR = "MODERATOR"
VIEWER = "VIEWER"

Clock = Callable[[], float]
"""Epoch seconds, like ``time.time``; injectable so tests decide every timestamp."""


def now_ms(clock: Clock) -> int:
    """BBB's timestamps are epoch milliseconds."""
    return int(clock() * 1000)


@dataclass
class Session:
    """One client connection: a join, and the leave that closes it (``left`` is None while connected).

    A user who reconnects gets a second session with the same ``user_id``, as BBB gives a second join/leave pair."""

    user_id: str
    internal_user_id: str
    full_name: str
    role: str
    token: str
    auth_token: str
    joined: int
    left: int | None = None

    @property
    def is_open(self) -> bool:
        return self.left is None


@dataclass
class Meeting:
    """One session of a meeting (a ``create`` up to its ``end``); times are epoch milliseconds, 0 = not yet."""

    meeting_id: str
    name: str
    internal_id: str
    create_time: int
    attendee_pw: str
    moderator_pw: str
    voice_bridge: str
    dial_number: str
    record: bool
    keep_events: bool
    duration: int
    max_participants: int
    logout_url: str
    welcome: str
    meeting_ended_url: str
    metadata: dict[str, str]
    sessions: list[Session] = field(default_factory=list)
    start_time: int = 0
    end_time: int = 0
    ended: bool = False

    @property
    def running(self) -> bool:
        """BBB reports a meeting as running from its first join until it ends, even while it is empty."""
        return self.start_time > 0 and not self.ended

    @property
    def open_sessions(self) -> list[Session]:
        return [session for session in self.sessions if session.is_open]

    def close_sessions(self, when: int, user_id: str | None = None) -> int:
        """Close the open sessions (of one user, or of everyone); returns how many were open."""
        closing = [s for s in self.open_sessions if user_id is None or s.user_id == user_id]
        for session in closing:
            session.left = when
        return len(closing)

    def sessions_by_user(self) -> dict[str, list[Session]]:
        """Sessions grouped by external user id, in order of first join (what the analytics callback reports)."""
        grouped: dict[str, list[Session]] = {}
        for session in self.sessions:
            grouped.setdefault(session.user_id, []).append(session)
        return grouped


@dataclass
class Recording:
    """A processed recording; ``record_id`` is the meeting's internal id, as on a real server."""

    record_id: str
    meeting_id: str
    name: str
    start_time: int
    end_time: int
    participants: int
    metadata: dict[str, str]
    playback_url: str
    length_minutes: int
    state: str = "published"

    @property
    def published(self) -> bool:
        return self.state == "published"


class Store:
    """All meetings (the latest session per meetingID), client sessions by token, and recordings."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.meetings: dict[str, Meeting] = {}
        self.sessions: dict[str, tuple[Meeting, Session]] = {}
        self.recordings: dict[str, Recording] = {}

    def clear(self) -> None:
        with self.lock:
            self.meetings.clear()
            self.sessions.clear()
            self.recordings.clear()
