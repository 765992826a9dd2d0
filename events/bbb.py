"""BigBlueButton, reached only from here: the one module that imports bigbluebutton-api-python.

The library builds the URLs and checksums (SHA-1, which every BBB and Scalelite/bbblb accepts; SHA-256 and
up by configuration). HTTP goes through ``requests`` with explicit timeouts, because the library's own calls
have none, and responses are parsed into our dataclasses, tolerating missing fields and one-or-many
children. Works the same against a BBB server, a Scalelite/bbblb load balancer or the development stand-in
(``devtools.bbb_standin``): configuration is ``BBB_URL``, ``BBB_SECRET`` and ``BBB_CHECKSUM_ALGORITHM``."""

import hashlib
import hmac
import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import quote_plus

import jwt
import requests
from bigbluebutton_api_python.util import UrlBuilder
from django.conf import settings

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 10


class BBBError(Exception):
    """BBB answered FAILED; ``message_key`` is what to act on (the message text varies between versions)."""

    def __init__(self, message_key: str, message: str = "") -> None:
        self.message_key = message_key
        self.message = message
        super().__init__(f"{message_key}: {message}")


class BBBUnavailable(BBBError):
    """BBB could not be reached, timed out or answered something that is not BBB XML."""

    def __init__(self, reason: str) -> None:
        super().__init__("unreachableServer", reason)


@dataclass(frozen=True)
class CreatedMeeting:
    meeting_id: str
    internal_meeting_id: str
    create_time: int
    attendee_pw: str
    moderator_pw: str
    already_existed: bool


@dataclass(frozen=True)
class Attendee:
    user_id: str
    full_name: str
    is_moderator: bool


@dataclass(frozen=True)
class MeetingInfo:
    meeting_id: str
    internal_meeting_id: str
    create_time: int
    running: bool
    start_time: int
    end_time: int
    attendees: list[Attendee] = field(default_factory=list)


@dataclass(frozen=True)
class Recording:
    record_id: str
    meeting_id: str
    published: bool
    start_time: int
    end_time: int
    playback_url: str
    length_minutes: int


def _text(element: ET.Element, name: str, default: str = "") -> str:
    found = element.find(name)
    if found is None or found.text is None:
        return default
    return found.text


def _int(element: ET.Element, name: str) -> int:
    try:
        return int(_text(element, name, "0"))
    except ValueError:
        return 0


def _bool(element: ET.Element, name: str) -> bool:
    return _text(element, name).strip().lower() == "true"


class _ChecksumUrlBuilder(UrlBuilder):
    """The library's URL layout with another hash; BBB picks the algorithm by the checksum's length."""

    def __init__(self, base_url: str, secret: str, algorithm: str) -> None:
        super().__init__(base_url, secret)
        self.algorithm = algorithm

    def buildUrl(self, api_call: str, params: dict | None = None) -> str:  # noqa: N802 (library's name)
        query = "&".join(f"{key}={quote_plus(self._value(value))}" for key, value in (params or {}).items())
        digest = hashlib.new(self.algorithm, f"{api_call}{query}{self.securitySalt}".encode()).hexdigest()
        separator = "&" if query else ""
        return f"{self.bbbServerBaseUrl}{api_call}?{query}{separator}checksum={digest}"

    @staticmethod
    def _value(value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)


class BBBClient:
    def __init__(self, base_url: str, secret: str, checksum_algorithm: str = "sha1") -> None:
        if checksum_algorithm == "sha1":
            self._builder = UrlBuilder(base_url, secret)
        else:
            self._builder = _ChecksumUrlBuilder(base_url, secret, checksum_algorithm)
        self._secret = secret

    def url(self, call: str, params: dict) -> str:
        # The library writes into the dict it is given; it always gets a fresh copy.
        return self._builder.buildUrl(call, dict(params))

    def _call(self, call: str, params: dict) -> ET.Element:
        try:
            response = requests.get(self.url(call, params), timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS))
            response.raise_for_status()
            root = ET.fromstring(response.content)
        except (requests.RequestException, ET.ParseError) as error:
            logger.warning("BBB %s failed: %s", call, error)
            raise BBBUnavailable(str(error)) from error
        if _text(root, "returncode") != "SUCCESS":
            raise BBBError(_text(root, "messageKey", "unknownError"), _text(root, "message"))
        return root

    def api_version(self) -> str:
        try:
            response = requests.get(self._builder.bbbServerBaseUrl, timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS))
            return _text(ET.fromstring(response.content), "version")
        except (requests.RequestException, ET.ParseError) as error:
            raise BBBUnavailable(str(error)) from error

    def create_meeting(
        self, *, meeting_id: str, name: str, welcome: str = "", logout_url: str = "", record: bool = False,
        duration_minutes: int = 0, end_callback_url: str = "", recording_ready_url: str = "",
        analytics_callback_url: str = "",
    ) -> CreatedMeeting:
        """Create the meeting, or get the running one back: BBB ignores a repeated create for the same id."""
        params: dict = {"name": name[:64], "meetingID": meeting_id, "record": record, "duration": duration_minutes,
                        "meetingKeepEvents": True}
        optional = {
            "welcome": welcome, "logoutURL": logout_url, "meta_endCallbackUrl": end_callback_url,
            "meta_bbb-recording-ready-url": recording_ready_url, "meta_analytics-callback-url": analytics_callback_url,
        }
        params.update({key: value for key, value in optional.items() if value})
        root = self._call("create", params)
        return CreatedMeeting(
            meeting_id=_text(root, "meetingID"), internal_meeting_id=_text(root, "internalMeetingID"),
            create_time=_int(root, "createTime"), attendee_pw=_text(root, "attendeePW"),
            moderator_pw=_text(root, "moderatorPW"), already_existed=_text(root, "messageKey") == "duplicateWarning",
        )

    def join_url(
        self, *, meeting_id: str, full_name: str, user_id: str, moderator: bool, password: str, create_time: int
    ) -> str:
        """The URL to hand to the participant's browser (never fetched by the server)."""
        params = {
            "fullName": full_name, "meetingID": meeting_id, "password": password, "userID": user_id,
            "role": "MODERATOR" if moderator else "VIEWER",
        }
        if create_time:
            params["createTime"] = create_time
        return self.url("join", params)

    def is_running(self, meeting_id: str) -> bool:
        return _bool(self._call("isMeetingRunning", {"meetingID": meeting_id}), "running")

    def meeting_info(self, meeting_id: str) -> MeetingInfo | None:
        """None when BBB does not know the meeting (never created, ended, or reaped)."""
        try:
            root = self._call("getMeetingInfo", {"meetingID": meeting_id})
        except BBBError as error:
            if error.message_key in {"notFound", "invalidMeetingIdentifier", "invalidMeetingId"}:
                return None
            raise
        attendees = [
            Attendee(user_id=_text(node, "userID"), full_name=_text(node, "fullName"),
                     is_moderator=_text(node, "role").upper() == "MODERATOR")
            for node in root.iterfind("attendees/attendee")
        ]
        return MeetingInfo(
            meeting_id=_text(root, "meetingID"), internal_meeting_id=_text(root, "internalMeetingID"),
            create_time=_int(root, "createTime"), running=_bool(root, "running"), start_time=_int(root, "startTime"),
            end_time=_int(root, "endTime"), attendees=attendees,
        )

    def end(self, *, meeting_id: str, password: str) -> bool:
        """True when BBB accepted the request; False when the meeting was not running any more."""
        try:
            self._call("end", {"meetingID": meeting_id, "password": password})
        except BBBError as error:
            if error.message_key == "notFound":
                return False
            raise
        return True

    def recordings(self, meeting_id: str) -> list[Recording]:
        root = self._call("getRecordings", {"meetingID": meeting_id})
        found = []
        for node in root.iterfind("recordings/recording"):
            playback = node.find("playback/format")
            found.append(Recording(
                record_id=_text(node, "recordID"), meeting_id=_text(node, "meetingID"),
                published=_bool(node, "published"), start_time=_int(node, "startTime"), end_time=_int(node, "endTime"),
                playback_url=_text(playback, "url") if playback is not None else "",
                length_minutes=_int(playback, "length") if playback is not None else 0,
            ))
        return found

    def verify_recording_ready(self, signed_parameters: str) -> dict:
        """The recording-ready callback's JWT (HS256, signed with the shared secret); raises jwt.PyJWTError."""
        self._require_secret()
        return jwt.decode(signed_parameters, self._secret, algorithms=["HS256"])

    def verify_analytics_authorization(self, authorization_header: str) -> None:
        """The analytics callback carries only ``Bearer <HS512 JWT {exp}>`` (BBB's post_events_analytics_callback.rb
        and Scalelite sign an expiry a day ahead and nothing else): proof the sender knows the secret, not what the
        report is about, so the report is bound to its meeting by the caller. ``exp`` is required: a token
        without one would be valid for ever."""
        self._require_secret()
        scheme, _, token = (authorization_header or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise jwt.InvalidTokenError("missing bearer token")
        jwt.decode(token, self._secret, algorithms=["HS512"], options={"require": ["exp"]})

    def _require_secret(self) -> None:
        # Without a secret every token would be checked against an empty key, which anybody can sign with.
        if not self._secret:
            raise jwt.InvalidKeyError("BBB_SECRET is not set; callbacks cannot be verified")


def callback_signature(meeting_id: str, run: str = "") -> str:
    """BBB's end callback is unsigned, so the URL we hand over carries our own HMAC of the meeting id (and of the
    run of a reopened room; rooms never reopened keep the signature they were created with)."""
    message = f"bbb-end:{meeting_id}" + (f":{run}" if run else "")
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def callback_signature_is_valid(meeting_id: str, signature: str, run: str = "") -> bool:
    # Bytes, because compare_digest refuses non-ASCII str and the signature comes from the query string.
    return hmac.compare_digest(callback_signature(meeting_id, run).encode(), (signature or "").encode())


def client() -> BBBClient:
    return BBBClient(settings.BBB_URL, settings.BBB_SECRET, settings.BBB_CHECKSUM_ALGORITHM)
