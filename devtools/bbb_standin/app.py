"""Routing of the stand-in's requests: the BBB API, the client and player pages, and the ``/_stub/`` test controls.

``App.handle`` turns one parsed request into one reply and never raises, so no request ever gets a traceback."""

import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from . import checksum, pages
from .api import POST_CALLS, ApiRequest, BbbApi, version_reply
from .callbacks import CallbackDispatcher, meeting_callbacks
from .replies import ApiError, Reply, failed, html_reply, json_reply, method_not_allowed, redirect
from .state import Clock, Meeting, Session, Store, now_ms

logger = logging.getLogger(__name__)

API_PATH = "/bigbluebutton/api"
STUB_PATH = "/_stub/"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CLIENT_PATH = re.compile(r"/client/([0-9a-f]+)(/leave|/left)?\Z")
_PLAYBACK_PATH = re.compile(r"/playback/presentation/2\.3/([^/]+)\Z")

UNKNOWN_CALL_KEY = "noActionSpecified"


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    query: str
    """Raw query string, still URL-encoded: the checksum covers these exact bytes."""
    body: bytes
    content_type: str
    base_url: str
    """``http://<Host header>/``: links and redirects point where the client reached the stand-in."""


class App:
    def __init__(self, secret: str, checksum_algos: frozenset[str], clock: Clock, callback_delay: float) -> None:
        self._secret = secret
        self._checksum_algos = checksum_algos
        self._clock = clock
        self._store = Store()
        self.callbacks = CallbackDispatcher(callback_delay)
        self._api = BbbApi(self._store, clock, self._meeting_ended)

    def handle(self, request: HttpRequest) -> Reply:
        try:
            return self._route(request)
        except Exception:
            logger.exception("The stand-in failed on %s %s", request.method, request.path)
            return failed(ApiError("internalError", "The stand-in failed to handle this request; see its log."))

    def _route(self, request: HttpRequest) -> Reply:
        path = request.path
        if path in (API_PATH, API_PATH + "/"):
            return version_reply()
        if path.startswith(API_PATH + "/"):
            return self._api_call(request, path.removeprefix(API_PATH + "/"))
        if path.startswith(STUB_PATH):
            return self._stub(request, path.removeprefix(STUB_PATH))
        if match := _CLIENT_PATH.match(path):
            return self._client(request, match[1], match[2] or "")
        if (match := _PLAYBACK_PATH.match(path)) and request.method == "GET":
            return self._playback(match[1])
        return html_reply(pages.not_found_page(), 404)

    def _meeting_ended(self, meeting: Meeting) -> None:
        self.callbacks.schedule(meeting_callbacks(meeting, self._secret, self._clock()))

    # BBB API

    def _api_call(self, request: HttpRequest, call: str) -> Reply:
        if call not in self._api.calls:
            # bbb-web has no such action (its reply would be an HTML 404); this key is the Python library's.
            return failed(ApiError(UNKNOWN_CALL_KEY, f"There is no API call named {call!r}."))
        if request.method == "POST" and call not in POST_CALLS:
            return failed(ApiError("unsupportedRequestType", f"POST is not supported for {call}; use GET."))
        url_params, form_params = _url_params(request), _form_params(request)
        try:
            if {name for name, _ in url_params} & {name for name, _ in form_params}:
                raise checksum.MISMATCH  # the API reference: a parameter in both URL and body fails the checksum
            checksum.verify(call, request.query, url_params + form_params, self._secret, self._checksum_algos)
            return self._api.handle(ApiRequest(call, _first_values(url_params + form_params), request.base_url))
        except ApiError as error:
            return failed(error)

    # The client and player pages

    def _client(self, request: HttpRequest, token: str, action: str) -> Reply:
        with self._store.lock:
            found = self._store.sessions.get(token)
            if found is None:
                return html_reply(pages.not_found_page(), 404)
            meeting, session = found
            if action == "/leave":
                if request.method != "POST":
                    return method_not_allowed("POST")
                return self._leave(request, meeting, session)
            if request.method != "GET":
                return method_not_allowed("GET")
            if action == "/left":
                return html_reply(pages.left_page(meeting))
            if meeting.ended:
                return html_reply(pages.ended_page(meeting))
            if not session.is_open:
                return html_reply(pages.left_page(meeting))
            return html_reply(pages.meeting_page(meeting, session))

    def _leave(self, request: HttpRequest, meeting: Meeting, session: Session) -> Reply:
        if session.is_open:
            session.left = now_ms(self._clock)
        return redirect(meeting.logout_url or f"{request.base_url}client/{session.token}/left", 303)

    def _playback(self, record_id: str) -> Reply:
        with self._store.lock:
            recording = self._store.recordings.get(record_id)
            if recording is None or not recording.published:
                return html_reply(pages.not_found_page(), 404)
            return html_reply(pages.playback_page(recording))

    # Test controls, not part of BBB

    def _stub(self, request: HttpRequest, action: str) -> Reply:
        routes = {
            "leave": ("POST", self._stub_leave),
            "state": ("GET", self._stub_state),
            "reset": ("POST", self._stub_reset),
        }
        if action not in routes:
            return json_reply({"error": f"no test-control endpoint {action!r}"}, 404)
        method, handler = routes[action]
        if request.method != method:
            return method_not_allowed(method)
        return handler(_first_values(_url_params(request) + _form_params(request)))

    def _stub_leave(self, params: dict[str, str]) -> Reply:
        """Close one user's open sessions, as if their browser left; a later join is a reconnect."""
        meeting_id, user_id = params.get("meetingID", ""), params.get("userID", "")
        if not meeting_id or not user_id:
            return json_reply({"error": "meetingID and userID are required"}, 400)
        with self._store.lock:
            meeting = self._store.meetings.get(meeting_id)
            closed = meeting.close_sessions(now_ms(self._clock), user_id) if meeting else 0
        if not closed:
            return json_reply({"error": "no open session for that meetingID and userID"}, 404)
        return json_reply({"closed": closed})

    def _stub_state(self, params: dict[str, str]) -> Reply:
        with self._store.lock:
            state = {
                "meetings": [_meeting_state(meeting) for meeting in self._store.meetings.values()],
                "recordings": [
                    {
                        "recordID": recording.record_id,
                        "meetingID": recording.meeting_id,
                        "state": recording.state,
                        "playbackURL": recording.playback_url,
                    }
                    for recording in self._store.recordings.values()
                ],
            }
        return json_reply(state | {"callbacks": self.callbacks.log})

    def _stub_reset(self, params: dict[str, str]) -> Reply:
        self._store.clear()
        self.callbacks.reset()
        return json_reply({"reset": True})


def _meeting_state(meeting: Meeting) -> dict[str, Any]:
    return {
        "meetingID": meeting.meeting_id,
        "internalMeetingID": meeting.internal_id,
        "name": meeting.name,
        "createTime": meeting.create_time,
        "startTime": meeting.start_time,
        "endTime": meeting.end_time,
        "running": meeting.running,
        "ended": meeting.ended,
        "record": meeting.record,
        "meetingKeepEvents": meeting.keep_events,
        "duration": meeting.duration,
        "welcome": meeting.welcome,
        "logoutURL": meeting.logout_url,
        "attendeePW": meeting.attendee_pw,
        "moderatorPW": meeting.moderator_pw,
        "metadata": meeting.metadata,
        "attendees": [
            {
                "userID": user_id,
                "fullName": sessions[-1].full_name,
                "role": sessions[-1].role,
                "present": any(session.is_open for session in sessions),
                "intervals": [{"joined": session.joined, "left": session.left} for session in sessions],
            }
            for user_id, sessions in meeting.sessions_by_user().items()
        ],
    }


def _url_params(request: HttpRequest) -> list[tuple[str, str]]:
    return parse_qsl(request.query, keep_blank_values=True, errors="replace")


def _form_params(request: HttpRequest) -> list[tuple[str, str]]:
    """A form-encoded POST body; any other body (``create``'s XML ``<modules>``) carries no parameters."""
    if request.method != "POST" or request.content_type.split(";")[0].strip().lower() != FORM_CONTENT_TYPE:
        return []
    return parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True, errors="replace")


def _first_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """bbb-web reads the first value of a repeated parameter, after ``ParamsUtil.sanitizeString`` (control
    characters removed, then trimmed)."""
    params: dict[str, str] = {}
    for name, value in pairs:
        params.setdefault(name, _CONTROL_CHARACTERS.sub("", value).strip())
    return params
