"""The callbacks a real BBB sends after a meeting ends (API notes, section 3), and their delivery.

They are built when the meeting ends, from its final state, and sent later by a daemon thread: real servers send
the end callback at once and the recording-ready and analytics ones minutes later, after processing."""

import http.client
import json
import logging
import threading
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import IO, Any
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit, urlunsplit

import jwt

from .state import MODERATOR, Meeting, Session

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0
ANALYTICS_USER_AGENT = "BigBlueButton Analytics Callback"
ANALYTICS_TOKEN_LIFETIME_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Callback:
    kind: str
    """``end`` (meta_endCallbackUrl), ``meeting_ended`` (meetingEndedURL), ``recording_ready`` or ``analytics``."""
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


def meeting_callbacks(meeting: Meeting, secret: str, now: float) -> list[Callback]:
    """Everything an ended meeting triggers; ``now`` (epoch seconds) dates the analytics token."""
    callbacks = _end_callbacks(meeting)
    if meeting.record and (url := meeting.metadata.get("bbb-recording-ready-url")):
        callbacks.append(_recording_ready(meeting, url, secret))
    # The analytics script runs in the recording pipeline, so it needs the events kept.
    if (meeting.record or meeting.keep_events) and (url := meeting.metadata.get("analytics-callback-url")):
        callbacks.append(_analytics(meeting, url, secret, now))
    return callbacks


def _end_callbacks(meeting: Meeting) -> list[Callback]:
    """GET with ``recordingmarks`` appended to the URL's own query; a ``record=true`` meeting is always recorded."""
    marks = "true" if meeting.record else "false"
    urls = (("end", meeting.metadata.get("endcallbackurl", "")), ("meeting_ended", meeting.meeting_ended_url))
    return [Callback(kind, "GET", _with_param(url, "recordingmarks", marks)) for kind, url in urls if url]


def _with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    extra = urlencode({name: value})
    return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))


def _recording_ready(meeting: Meeting, url: str, secret: str) -> Callback:
    token = jwt.encode({"meeting_id": meeting.meeting_id, "record_id": meeting.internal_id}, secret, algorithm="HS256")
    return Callback(
        "recording_ready",
        "POST",
        url,
        {"Content-Type": "application/x-www-form-urlencoded"},
        urlencode({"signed_parameters": token}).encode(),
    )


def _analytics(meeting: Meeting, url: str, secret: str, now: float) -> Callback:
    """The token signs only an expiry, not the body: it proves the sender knows the secret, nothing more."""
    token = jwt.encode({"exp": int(now) + ANALYTICS_TOKEN_LIFETIME_SECONDS}, secret, algorithm="HS512")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": ANALYTICS_USER_AGENT,
        "Authorization": f"Bearer {token}",
    }
    return Callback("analytics", "POST", url, headers, json.dumps(analytics_body(meeting)).encode())


def analytics_body(meeting: Meeting) -> dict[str, Any]:
    """``post_events_analytics_callback.rb``'s JSON: snake_case keys, ``gl_*`` and ``meeting_id`` metadata dropped."""
    metadata = {key.replace("-", "_"): value for key, value in meeting.metadata.items()}
    return {
        "version": "1.0",
        "meeting_id": meeting.meeting_id,
        "internal_meeting_id": meeting.internal_id,
        "data": {
            "metadata": {k: v for k, v in metadata.items() if not k.startswith("gl_") and k != "meeting_id"},
            "duration": (meeting.end_time - meeting.create_time) // 1000,
            "start": iso_utc(meeting.create_time),
            "finish": iso_utc(meeting.end_time),
            "attendees": [_attendee(sessions) for sessions in meeting.sessions_by_user().values()],
            "files": [],
            "polls": [],
        },
    }


def _attendee(sessions: list[Session]) -> dict[str, Any]:
    """One entry per external user id; every session (reconnects too) is one join/leave pair."""
    intervals = [(session.joined, session.left) for session in sessions if session.left is not None]
    return {
        "ext_user_id": sessions[-1].user_id,
        "name": sessions[-1].full_name,
        "moderator": any(session.role == MODERATOR for session in sessions),
        "joins": [iso_utc(joined) for joined, _ in intervals],
        "leaves": [iso_utc(left) for _, left in intervals],
        "duration": sum(left - joined for joined, left in intervals) // 1000,
        "recent_talking_time": "",
        "engagement": {"chats": 0, "talks": 0, "raisehand": 0, "emojis": 0, "poll_votes": 0, "talk_time": 0},
    }


def iso_utc(ms: int) -> str:
    """ISO 8601 in UTC with milliseconds, as ActiveSupport serialises times: ``2026-05-09T13:35:28.000Z``."""
    moment = datetime.fromtimestamp(ms // 1000, UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{ms % 1000:03d}Z"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """BBB does not follow a callback's redirect: the 3xx is the answer, and it is logged as such."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message, newurl: str
    ) -> None:
        return None


class CallbackDispatcher:
    """Sends each ended meeting's callbacks, in order, from a daemon thread after ``delay`` seconds, and logs every
    attempt as ``{"kind", "url", "status", "error"}`` (``status`` is the HTTP code, ``error`` set when there was
    no HTTP answer)."""

    def __init__(self, delay: float) -> None:
        self._delay = delay
        self._condition = threading.Condition()
        self._log: list[dict[str, Any]] = []
        self._generation = 0
        self._stopped = threading.Event()
        # No proxies: the stand-in talks to the machine it runs on, whatever the environment says.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)

    @property
    def log(self) -> list[dict[str, Any]]:
        with self._condition:
            return [dict(entry) for entry in self._log]

    def schedule(self, callbacks: list[Callback]) -> None:
        if not callbacks:
            return
        with self._condition:
            generation = self._generation
        threading.Thread(
            target=self._send_all, args=(callbacks, generation), name="bbb-standin-callbacks", daemon=True
        ).start()

    def wait_for(self, count: int, timeout: float) -> list[dict[str, Any]]:
        with self._condition:
            if not self._condition.wait_for(lambda: len(self._log) >= count, timeout):
                raise TimeoutError(f"{len(self._log)} of {count} callbacks logged after {timeout} s: {self._log}")
            return [dict(entry) for entry in self._log]

    def reset(self) -> None:
        """Forget the log; callbacks still waiting from before are dropped, not sent."""
        with self._condition:
            self._generation += 1
            self._log.clear()

    def stop(self) -> None:
        self._stopped.set()

    def _send_all(self, callbacks: list[Callback], generation: int) -> None:
        if self._stopped.wait(self._delay):
            return
        for callback in callbacks:
            if self._stopped.is_set() or generation != self._generation:
                return
            entry = self._send(callback)
            with self._condition:
                if generation == self._generation:
                    self._log.append(entry)
                    self._condition.notify_all()

    def _send(self, callback: Callback) -> dict[str, Any]:
        entry: dict[str, Any] = {"kind": callback.kind, "url": callback.url, "status": None, "error": None}
        if urlsplit(callback.url).scheme not in ("http", "https"):
            entry["error"] = "not an http(s) URL"
            return entry
        request = urllib.request.Request(
            callback.url, data=callback.body, headers=callback.headers, method=callback.method
        )
        try:
            with self._opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                entry["status"] = response.status
        except HTTPError as error:
            error.close()
            entry["status"] = error.code
        except (OSError, ValueError, http.client.HTTPException) as error:
            entry["error"] = f"{type(error).__name__}: {error}"
        logger.info("%s callback %s %s -> %s", callback.kind, callback.method, callback.url, entry)
        return entry
