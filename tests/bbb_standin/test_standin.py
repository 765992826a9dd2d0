"""The BBB stand-in over real HTTP: the Python library for SHA-1 calls, hand-built URLs for everything else.

No database: the stand-in is plain Python, started in-process on a free port for each test."""

import hashlib
import json
import re
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from bigbluebutton_api_python import BigBlueButton
from bigbluebutton_api_python.exception import BBBException
from bigbluebutton_api_python.responses import CreateMeetingResponse

from devtools.bbb_standin.server import StandIn

SECRET = "0123456789abcdef" * 4  # 64 characters: long enough for HS512 without PyJWT's key-length warning
OTHER_SECRET = "fedcba9876543210" * 4
MEETING_ID = "webinar-42"
PROJECT_ROOT = Path(__file__).resolve().parents[2]

MEETING_INFO_FIELDS = [
    "returncode", "meetingName", "meetingID", "internalMeetingID", "createTime", "createDate", "voiceBridge",
    "dialNumber", "attendeePW", "moderatorPW", "running", "duration", "hasUserJoined", "recording",
    "hasBeenForciblyEnded", "startTime", "endTime", "participantCount", "listenerCount", "voiceParticipantCount",
    "videoCount", "maxUsers", "moderatorCount", "attendees", "metadata", "isBreakout",
]  # fmt: skip
ATTENDEE_FIELDS = [
    "userID", "fullName", "role", "isPresenter", "isListeningOnly", "hasJoinedVoice", "hasVideo", "clientType",
    "customdata",
]  # fmt: skip


class FakeClock:
    """Whole seconds, moved on by hand, so every timestamp the stand-in reports is known in advance."""

    def __init__(self) -> None:
        self.now = float(int(time.time()))

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    @property
    def ms(self) -> int:
        return int(self.now * 1000)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def standin(clock: FakeClock) -> Iterator[StandIn]:
    with StandIn(SECRET, callback_delay=0.05, clock=clock) as server:
        yield server


@pytest.fixture
def bbb(standin: StandIn) -> BigBlueButton:
    return BigBlueButton(standin.url, SECRET)


@pytest.fixture
def receiver() -> Iterator[SimpleNamespace]:
    """A local HTTP server that records every request (method, path, headers, body) and answers 200."""
    received: list[SimpleNamespace] = []

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(SimpleNamespace(method=self.command, path=self.path, headers=self.headers, body=body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            self._record()

        def do_POST(self) -> None:
            self._record()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}", requests=received)
    server.shutdown()
    server.server_close()


def signed_url(standin: StandIn, call: str, params: dict, algorithm: str = "sha1", secret: str = SECRET) -> str:
    query = urlencode(params)
    checksum = hashlib.new(algorithm, f"{call}{query}{secret}".encode()).hexdigest()
    return f"{standin.url}bigbluebutton/api/{call}?{query}{'&' if query else ''}checksum={checksum}"


def get_xml(url: str) -> ET.Element:
    response = requests.get(url, allow_redirects=False, timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/xml;charset=utf-8"
    return ET.fromstring(response.content)


def api(standin: StandIn, call: str, params: dict, algorithm: str = "sha1") -> ET.Element:
    return get_xml(signed_url(standin, call, params, algorithm))


def failure(root: ET.Element) -> str:
    assert root.findtext("returncode") == "FAILED"
    assert root.findtext("message")
    return root.findtext("messageKey")


def create(
    bbb: BigBlueButton, meeting_id: str = MEETING_ID, meta: dict | None = None, **params: object
) -> CreateMeetingResponse:
    return bbb.create_meeting(
        meeting_id, params={"name": "Webinar 42", "attendeePW": "ap", "moderatorPW": "mp", **params}, meta=meta or {}
    )


def join(bbb: BigBlueButton, full_name: str, password: str, **params: object) -> requests.Response:
    url = bbb.get_join_meeting_url(full_name, MEETING_ID, password, params=dict(params))
    return requests.get(url, allow_redirects=False, timeout=5)


def stub_leave(standin: StandIn, user_id: str) -> requests.Response:
    return requests.post(
        f"{standin.url}_stub/leave?{urlencode({'meetingID': MEETING_ID, 'userID': user_id})}", timeout=5
    )


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


# Checksums


def test_api_version_needs_no_checksum(standin: StandIn, bbb: BigBlueButton) -> None:
    for path in ("bigbluebutton/api", "bigbluebutton/api/"):
        root = get_xml(standin.url + path)
        assert [child.tag for child in root] == ["returncode", "version", "apiVersion", "bbbVersion"]
        assert root.findtext("returncode") == "SUCCESS"
        assert root.findtext("version") == "2.0"
    assert bbb.get_api_version().get_version() == "2.0"


def test_library_calls_pass_the_sha1_checksum(bbb: BigBlueButton) -> None:
    created = create(bbb)
    assert (created.get_meetingid(), created.get_attendee_pw(), created.get_moderator_pw()) == (MEETING_ID, "ap", "mp")
    info = bbb.get_meeting_info(MEETING_ID).get_meetinginfo()
    assert info.get_meetingname() == "Webinar 42"
    assert bbb.is_meeting_running(MEETING_ID).is_meeting_running() is False

    assert join(bbb, "Ada Lovelace", "mp", userID="42").status_code == 302

    assert bbb.is_meeting_running(MEETING_ID).is_meeting_running() is True
    assert bbb.end_meeting(MEETING_ID, "mp").get_message_key() == "sentEndMeetingRequest"


@pytest.mark.parametrize("algorithm", ["sha256", "sha384", "sha512"])
def test_longer_checksums_pick_their_algorithm_by_length(standin: StandIn, algorithm: str) -> None:
    root = api(standin, "create", {"name": "Webinar 42", "meetingID": MEETING_ID}, algorithm)

    assert root.findtext("returncode") == "SUCCESS"
    assert root.findtext("internalMeetingID").startswith(hashlib.sha1(MEETING_ID.encode()).hexdigest() + "-")
    assert api(standin, "isMeetingRunning", {"meetingID": MEETING_ID}, algorithm).findtext("returncode") == "SUCCESS"


def test_tampered_or_wrongly_signed_requests_fail_the_checksum(standin: StandIn) -> None:
    url = signed_url(standin, "create", {"name": "Web inar", "meetingID": "meeting-1"})

    assert failure(get_xml(url.replace("meetingID=meeting-1", "meetingID=meeting-2"))) == "checksumError"
    # The server hashes the bytes it received: the same value encoded differently is a different request.
    assert failure(get_xml(url.replace("Web+inar", "Web%20inar"))) == "checksumError"
    assert failure(get_xml(url[:-1] + ("0" if url[-1] != "0" else "1"))) == "checksumError"
    forged = signed_url(standin, "create", {"name": "Webinar", "meetingID": "meeting-1"}, secret=OTHER_SECRET)
    assert failure(get_xml(forged)) == "checksumError"
    assert failure(api(standin, "getMeetingInfo", {"meetingID": "meeting-1"})) == "notFound"


def test_disabled_algorithm_fails_the_checksum(clock: FakeClock) -> None:
    with StandIn(SECRET, checksum_algos=("sha256",), clock=clock) as sha256_only:
        with pytest.raises(BBBException) as refused:
            BigBlueButton(sha256_only.url, SECRET).is_meeting_running(MEETING_ID)
        assert refused.value.key == "checksumError"
        root = api(sha256_only, "isMeetingRunning", {"meetingID": MEETING_ID}, "sha256")
        assert root.findtext("returncode") == "SUCCESS"


def test_missing_or_malformed_checksum_is_a_checksum_error(standin: StandIn) -> None:
    missing = get_xml(f"{standin.url}bigbluebutton/api/getMeetingInfo?meetingID={MEETING_ID}")
    assert failure(missing) == "checksumError"
    assert missing.findtext("message") == "You must provide the checksum"
    wrong_length = get_xml(f"{standin.url}bigbluebutton/api/getMeetingInfo?meetingID={MEETING_ID}&checksum=abc123")
    assert failure(wrong_length) == "checksumError"


def test_checksum_covers_a_form_post_as_bbb_rebuilds_it(standin: StandIn) -> None:
    """No query string: bbb-web hashes the parameters sorted by name and encoded like Java's URLEncoder."""
    params = {"name": "Form ~ meeting*", "meetingID": "form-1"}
    rebuilt = "meetingID=form-1&name=Form+%7E+meeting*"
    checksum = hashlib.sha1(f"create{rebuilt}{SECRET}".encode()).hexdigest()
    url = f"{standin.url}bigbluebutton/api/create"

    response = requests.post(url, data={**params, "checksum": checksum}, timeout=5)

    root = ET.fromstring(response.content)
    assert root.findtext("returncode") == "SUCCESS"
    assert api(standin, "getMeetingInfo", {"meetingID": "form-1"}).findtext("meetingName") == "Form ~ meeting*"
    signed_in_url = signed_url(standin, "create", {"name": "Webinar", "meetingID": "form-2"})
    both = requests.post(signed_in_url, data={"meetingID": "form-3"}, timeout=5)
    assert failure(ET.fromstring(both.content)) == "checksumError"


# Meetings


def test_create_is_idempotent_while_the_meeting_runs(bbb: BigBlueButton, clock: FakeClock) -> None:
    first = create(bbb)
    clock.advance(5)

    second = create(bbb, name="Another name", attendeePW="other")

    assert first.get_message_key() == ""
    assert second.get_message_key() == "duplicateWarning"
    assert second.get_field("internalMeetingID") == first.get_field("internalMeetingID")
    assert second.get_field("createTime") == first.get_field("createTime") == str(clock.ms - 5000)
    assert second.get_attendee_pw() == "ap"
    assert bbb.get_meeting_info(MEETING_ID).get_meetinginfo().get_meetingname() == "Webinar 42"


def test_create_after_the_end_starts_a_new_session(bbb: BigBlueButton, clock: FakeClock) -> None:
    first = create(bbb)
    bbb.end_meeting(MEETING_ID, "mp")
    clock.advance(60)

    second = create(bbb)

    assert second.get_message_key() == ""
    assert second.get_field("createTime") == str(clock.ms)
    assert second.get_field("internalMeetingID") == f"{hashlib.sha1(MEETING_ID.encode()).hexdigest()}-{clock.ms}"
    assert second.get_field("internalMeetingID") != first.get_field("internalMeetingID")


@pytest.mark.parametrize("meeting_id", [MEETING_ID, "webinar-łódź-7"])
def test_internal_meeting_id_is_the_sha1_of_the_meeting_id_and_the_create_time(
    bbb: BigBlueButton, standin: StandIn, clock: FakeClock, meeting_id: str
) -> None:
    """bbb-web: ``DigestUtils.sha1Hex(meetingID) + "-" + createTime`` (UTF-8), in create and getMeetingInfo alike;
    the platform keeps it to check what an analytics report is about."""
    created = api(standin, "create", {"name": "Webinar 42", "meetingID": meeting_id})
    clock.advance(30)

    info = api(standin, "getMeetingInfo", {"meetingID": meeting_id})

    expected = f"{hashlib.sha1(meeting_id.encode()).hexdigest()}-{clock.ms - 30_000}"
    assert created.findtext("internalMeetingID") == info.findtext("internalMeetingID") == expected
    assert created.findtext("createTime") == info.findtext("createTime") == str(clock.ms - 30_000)


def test_create_generates_passwords_when_none_are_given(standin: StandIn) -> None:
    root = api(standin, "create", {"name": "Webinar 42", "meetingID": MEETING_ID})

    assert root.findtext("attendeePW") and root.findtext("moderatorPW")
    assert root.findtext("attendeePW") != root.findtext("moderatorPW")


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"name": "Webinar 42"}, "missingParamMeetingID"),
        ({"name": "Webinar 42", "meetingID": "x"}, "sizeError"),
        ({"name": "Webinar 42", "meetingID": "x" * 257}, "sizeError"),
        ({"name": "Webinar 42", "meetingID": "webinar,42"}, "validationError"),
        ({"meetingID": MEETING_ID}, "emptyError"),
        ({"name": "W", "meetingID": MEETING_ID}, "sizeError"),
        ({"name": "Webinar 42", "meetingID": MEETING_ID, "duration": "ten"}, "validationError"),
    ],
)
def test_create_validates_its_parameters(standin: StandIn, params: dict, key: str) -> None:
    assert failure(api(standin, "create", params)) == key


def test_meeting_info_has_every_field_and_echoes_metadata_lower_cased(bbb: BigBlueButton, standin: StandIn) -> None:
    end_url = "https://lms.example/bbb/end?meetingID=webinar-42&sig=abc"
    create(bbb, meta={"endCallbackUrl": end_url, "bbb-origin": "lms"})
    join(bbb, "Ada Lovelace", "mp", userID="42")

    root = api(standin, "getMeetingInfo", {"meetingID": MEETING_ID})

    assert [child.tag for child in root] == MEETING_INFO_FIELDS
    assert [child.tag for child in root.find("attendees/attendee")] == ATTENDEE_FIELDS
    assert {child.tag: child.text for child in root.find("metadata")} == {
        "endcallbackurl": end_url,
        "bbb-origin": "lms",
    }
    assert root.findtext("running") == "true"
    assert root.findtext("endTime") == "0"
    assert root.findtext("isBreakout") == "false"


def test_get_meetings_lists_running_meetings(bbb: BigBlueButton, standin: StandIn) -> None:
    empty = api(standin, "getMeetings", {})
    assert empty.findtext("messageKey") == "noMeetings"
    assert list(empty.find("meetings")) == []

    create(bbb, "webinar-1")
    create(bbb, "webinar-2")

    assert sorted(meeting.get_meetingid() for meeting in bbb.get_meetings().get_meetings()) == [
        "webinar-1",
        "webinar-2",
    ]


# Join, the meeting page, leave


def test_join_redirects_to_the_meeting_page_and_registers_the_attendees(bbb: BigBlueButton, standin: StandIn) -> None:
    create(bbb)

    moderator = join(bbb, "Ada Lovelace", "mp", userID="42")
    viewer = join(bbb, "Bob Viewer", "ap", userID="43")

    for response in (moderator, viewer):
        assert response.status_code == 302
        assert response.headers["Location"].startswith(f"{standin.url}client/")
    info = bbb.get_meeting_info(MEETING_ID)
    attendees = {attendee.get_userid(): attendee for attendee in info.get_attendees()}
    assert (attendees["42"].get_fullname(), attendees["42"].get_role()) == ("Ada Lovelace", "MODERATOR")
    assert (attendees["43"].get_fullname(), attendees["43"].get_role()) == ("Bob Viewer", "VIEWER")
    meeting = info.get_meetinginfo()
    assert meeting.has_user_joined() is True
    assert meeting.get_participantcount() == 2
    assert meeting.get_moderator_count() == "1"
    assert meeting.get_start_time() > 0


def test_role_parameter_joins_without_a_password(bbb: BigBlueButton, standin: StandIn) -> None:
    create(bbb)

    response = requests.get(
        signed_url(standin, "join", {"fullName": "Guest", "meetingID": MEETING_ID, "role": "VIEWER", "userID": "g-1"}),
        allow_redirects=False,
        timeout=5,
    )

    assert response.status_code == 302
    assert [a.get_role() for a in bbb.get_meeting_info(MEETING_ID).get_attendees()] == ["VIEWER"]


def test_meeting_page_has_a_leave_button_and_leaving_removes_the_attendee(bbb: BigBlueButton, standin: StandIn) -> None:
    create(bbb, welcome="Welcome to %%CONFNAME%%!")
    location = join(bbb, "Ada Lovelace", "ap", userID="42").headers["Location"]

    page = requests.get(location, timeout=5)

    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert '<html lang="en">' in page.text
    assert "<h1>Webinar 42</h1>" in page.text
    assert "You are in the meeting as Ada Lovelace" in page.text
    assert f'<form method="post" action="{urlsplit(location).path}/leave">' in page.text
    assert '<button type="submit">Leave</button>' in page.text
    assert "<p>Welcome to Webinar 42!</p>" in page.text

    left = requests.post(f"{location}/leave", allow_redirects=False, timeout=5)

    assert left.status_code == 303
    assert left.headers["Location"] == f"{location}/left"
    assert "You left the meeting" in requests.get(left.headers["Location"], timeout=5).text
    assert bbb.get_meeting_info(MEETING_ID).get_attendees() == []
    [attendee] = requests.get(f"{standin.url}_stub/state", timeout=5).json()["meetings"][0]["attendees"]
    assert attendee["userID"] == "42"
    assert attendee["present"] is False
    assert attendee["intervals"][0]["left"] is not None


def test_leaving_goes_to_the_logout_url(bbb: BigBlueButton) -> None:
    create(bbb, logoutURL="https://lms.example/webinars/42/")
    location = join(bbb, "Ada Lovelace", "ap").headers["Location"]

    left = requests.post(f"{location}/leave", allow_redirects=False, timeout=5)

    assert left.headers["Location"] == "https://lms.example/webinars/42/"


def test_meeting_page_after_the_end(bbb: BigBlueButton) -> None:
    create(bbb)
    location = join(bbb, "Ada Lovelace", "ap").headers["Location"]

    bbb.end_meeting(MEETING_ID, "mp")

    assert "The meeting has ended." in requests.get(location, timeout=5).text
    assert requests.get(location.replace("client/", "client/0"), timeout=5).status_code == 404


def test_join_without_redirect_answers_xml(bbb: BigBlueButton, standin: StandIn) -> None:
    created = create(bbb)

    root = get_xml(bbb.get_join_meeting_url("Ada Lovelace", MEETING_ID, "ap", params={"redirect": "false"}))

    assert root.findtext("returncode") == "SUCCESS"
    assert root.findtext("messageKey") == "successfullyJoined"
    assert root.findtext("meeting_id") == created.get_field("internalMeetingID")
    assert root.findtext("auth_token") and root.findtext("session_token")
    assert root.findtext("url") == f"{standin.url}client/{root.findtext('session_token')}"
    user_id = root.findtext("user_id")
    assert user_id.startswith("w_") and len(user_id) == 10
    # Without a userID parameter the external id is the generated one.
    assert [a.get_userid() for a in bbb.get_meeting_info(MEETING_ID).get_attendees()] == [user_id]


def test_join_refusals(bbb: BigBlueButton, standin: StandIn) -> None:
    created_time = int(create(bbb).get_field("createTime"))

    def refusal(full_name: str, meeting_id: str, password: str, **params: object) -> str:
        return failure(get_xml(bbb.get_join_meeting_url(full_name, meeting_id, password, params=dict(params))))

    assert refusal("Ada", "no-such-meeting", "ap") == "invalidMeetingIdentifier"
    assert refusal("Ada", MEETING_ID, "wrong") == "invalidPassword"
    assert refusal("Ada", MEETING_ID, "ap", createTime=created_time + 1) == "mismatchCreateTime"
    assert refusal("Ada", MEETING_ID, "ap", createTime="yesterday") == "validationError"
    assert failure(api(standin, "join", {"meetingID": MEETING_ID, "password": "ap"})) == "missingParamFullName"
    assert join(bbb, "Ada", "ap", createTime=created_time).status_code == 302

    bbb.end_meeting(MEETING_ID, "mp")

    assert refusal("Ada", MEETING_ID, "ap") == "meetingForciblyEnded"


def test_max_participants(bbb: BigBlueButton) -> None:
    create(bbb, maxParticipants=1)
    assert join(bbb, "Ada", "ap").status_code == 302

    assert failure(ET.fromstring(join(bbb, "Bob", "ap").content)) == "maxParticipantsReached"


# Unknown meetings, end, recordings


def test_unknown_meeting(bbb: BigBlueButton) -> None:
    with pytest.raises(BBBException) as info:
        bbb.get_meeting_info("no-such-meeting")
    assert info.value.key == "notFound"
    assert bbb.is_meeting_running("no-such-meeting").is_meeting_running() is False
    with pytest.raises(BBBException) as end:
        bbb.end_meeting("no-such-meeting", "mp")
    assert end.value.key == "notFound"


def test_end_with_the_wrong_password_is_refused(bbb: BigBlueButton) -> None:
    create(bbb)

    with pytest.raises(BBBException) as refused:
        bbb.end_meeting(MEETING_ID, "ap")

    assert refused.value.key == "invalidPassword"
    assert bbb.get_meeting_info(MEETING_ID).get_meetinginfo().has_been_forcibly_ended() is False


def test_end_forgets_the_meeting_and_publishes_its_recording(
    bbb: BigBlueButton, standin: StandIn, clock: FakeClock
) -> None:
    created = create(bbb, record=True)
    created_ms = clock.ms
    join(bbb, "Ada Lovelace", "ap", userID="42")
    clock.advance(30 * 60)

    assert bbb.end_meeting(MEETING_ID, "mp").get_message_key() == "sentEndMeetingRequest"

    with pytest.raises(BBBException) as info:
        bbb.get_meeting_info(MEETING_ID)
    assert info.value.key == "notFound"
    assert bbb.is_meeting_running(MEETING_ID).is_meeting_running() is False
    assert bbb.get_meetings().get_meetings() == []
    [recording] = api(standin, "getRecordings", {"meetingID": MEETING_ID}).findall("recordings/recording")
    record_id = created.get_field("internalMeetingID")
    playback_url = f"{standin.url}playback/presentation/2.3/{record_id}"
    assert recording.findtext("recordID") == record_id
    assert recording.findtext("meetingID") == MEETING_ID
    assert recording.findtext("name") == "Webinar 42"
    assert (recording.findtext("published"), recording.findtext("state")) == ("true", "published")
    assert (recording.findtext("startTime"), recording.findtext("endTime")) == (str(created_ms), str(clock.ms))
    assert recording.findtext("participants") == "1"
    assert recording.findtext("metadata/meetingName") == "Webinar 42"
    assert recording.findtext("playback/format/type") == "presentation"
    assert recording.findtext("playback/format/url") == playback_url
    assert recording.findtext("playback/format/length") == "30"
    assert "Recording: Webinar 42" in requests.get(playback_url, timeout=5).text


def test_recordings_filter_publish_and_delete(bbb: BigBlueButton, standin: StandIn) -> None:
    record_id = create(bbb, record=True).get_field("internalMeetingID")
    bbb.end_meeting(MEETING_ID, "mp")

    def listed(**params: str) -> list[str]:
        root = api(standin, "getRecordings", params)
        assert root.findtext("returncode") == "SUCCESS"
        if root.findtext("messageKey") == "noRecordings":
            assert list(root.find("recordings")) == []
        return [recording.findtext("state") for recording in root.findall("recordings/recording")]

    assert listed(meetingID="other-meeting") == []
    assert listed(meetingID=f"other-meeting,{MEETING_ID}") == ["published"]
    assert listed(recordID=record_id[:20]) == ["published"]

    assert bbb.publish_recordings(record_id, publish=False).is_published() is False
    assert listed() == ["unpublished"]
    assert listed(state="published") == []
    assert requests.get(f"{standin.url}playback/presentation/2.3/{record_id}", timeout=5).status_code == 404

    assert bbb.delete_recordings(record_id).is_deleted() is True
    assert listed() == []
    assert listed(state="deleted") == listed(state="any") == ["deleted"]
    with pytest.raises(BBBException) as missing:
        bbb.publish_recordings(record_id)
    assert missing.value.key == "notFound"
    assert failure(api(standin, "deleteRecordings", {})) == "missingParamRecordID"


def test_update_recordings_sets_and_removes_metadata(bbb: BigBlueButton, standin: StandIn) -> None:
    record_id = create(bbb, record=True, meta={"origin": "lms"}).get_field("internalMeetingID")
    bbb.end_meeting(MEETING_ID, "mp")

    assert bbb.update_recordings(record_id, meta={"topic": "Onboarding", "origin": ""}).is_updated() is True

    metadata = api(standin, "getRecordings", {"recordID": record_id}).find("recordings/recording/metadata")
    assert metadata.findtext("topic") == "Onboarding"
    assert metadata.find("origin") is None


# Callbacks


def test_callbacks_after_a_recorded_meeting(
    bbb: BigBlueButton, standin: StandIn, receiver: SimpleNamespace, clock: FakeClock
) -> None:
    created = create(
        bbb,
        record=True,
        meta={
            "endCallbackUrl": f"{receiver.url}/bbb/end?meetingID={MEETING_ID}&sig=abc",
            "bbb-recording-ready-url": f"{receiver.url}/bbb/recording",
            "analytics-callback-url": f"{receiver.url}/bbb/analytics",
        },
    )
    record_id = created.get_field("internalMeetingID")
    start = clock.now
    join(bbb, "Ada Lovelace", "ap", userID="42")
    clock.advance(60)
    assert stub_leave(standin, "42").json() == {"closed": 1}
    clock.advance(60)
    join(bbb, "Ada Lovelace", "ap", userID="42")
    join(bbb, "Grace Hopper", "mp", userID="7")
    clock.advance(180)

    bbb.end_meeting(MEETING_ID, "mp")

    log = standin.wait_for_callbacks(3, timeout=5)
    assert [(entry["kind"], entry["status"], entry["error"]) for entry in log] == [
        ("end", 200, None),
        ("recording_ready", 200, None),
        ("analytics", 200, None),
    ]
    requests_by_path = {urlsplit(request.path).path: request for request in receiver.requests}

    end = requests_by_path["/bbb/end"]
    assert end.method == "GET"
    assert parse_qs(urlsplit(end.path).query) == {
        "meetingID": [MEETING_ID],
        "sig": ["abc"],
        "recordingmarks": ["true"],
    }

    ready = requests_by_path["/bbb/recording"]
    assert ready.method == "POST"
    assert ready.headers["Content-Type"] == "application/x-www-form-urlencoded"
    token = parse_qs(ready.body.decode())["signed_parameters"][0]
    assert jwt.decode(token, SECRET, algorithms=["HS256"]) == {"meeting_id": MEETING_ID, "record_id": record_id}
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, OTHER_SECRET, algorithms=["HS256"])

    analytics = requests_by_path["/bbb/analytics"]
    assert analytics.method == "POST"
    assert analytics.headers["Content-Type"] == "application/json"
    assert analytics.headers["User-Agent"] == "BigBlueButton Analytics Callback"
    scheme, bearer = analytics.headers["Authorization"].split(" ")
    assert scheme == "Bearer"
    # As post_events_analytics_callback.rb signs it: an expiry a day ahead and nothing else.
    assert jwt.decode(bearer, SECRET, algorithms=["HS512"]) == {"exp": int(clock.now) + 24 * 3600}
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(bearer, OTHER_SECRET, algorithms=["HS512"])
    body = json.loads(analytics.body)
    assert (body["version"], body["meeting_id"], body["internal_meeting_id"]) == ("1.0", MEETING_ID, record_id)
    data = body["data"]
    assert (data["start"], data["finish"], data["duration"]) == (iso(start), iso(start + 300), 300)
    assert data["metadata"]["analytics_callback_url"] == f"{receiver.url}/bbb/analytics"
    attendees = {attendee["ext_user_id"]: attendee for attendee in data["attendees"]}
    assert list(attendees) == ["42", "7"]
    ada = attendees["42"]
    assert (ada["name"], ada["moderator"]) == ("Ada Lovelace", False)
    assert ada["joins"] == [iso(start), iso(start + 120)]
    assert ada["leaves"] == [iso(start + 60), iso(start + 300)]
    assert ada["duration"] == 60 + 180
    grace = attendees["7"]
    assert (grace["moderator"], grace["joins"], grace["leaves"]) == (True, [iso(start + 120)], [iso(start + 300)])


def test_callbacks_of_an_unrecorded_meeting_that_keeps_its_events(
    bbb: BigBlueButton, standin: StandIn, receiver: SimpleNamespace
) -> None:
    create(
        bbb,
        meetingKeepEvents=True,
        meetingEndedURL=f"{receiver.url}/lb/ended",
        meta={
            "endCallbackUrl": f"{receiver.url}/bbb/end",
            "bbb-recording-ready-url": f"{receiver.url}/bbb/recording",
            "analytics-callback-url": f"{receiver.url}/bbb/analytics",
        },
    )
    bbb.end_meeting(MEETING_ID, "mp")

    log = standin.wait_for_callbacks(3, timeout=5)
    time.sleep(0.2)  # nothing else may follow

    assert [entry["kind"] for entry in standin.callback_log] == ["end", "meeting_ended", "analytics"]
    assert log[0]["url"] == f"{receiver.url}/bbb/end?recordingmarks=false"
    assert log[1]["url"] == f"{receiver.url}/lb/ended?recordingmarks=false"
    assert api(standin, "getRecordings", {"meetingID": MEETING_ID}).findtext("messageKey") == "noRecordings"


def test_no_analytics_without_kept_events(bbb: BigBlueButton, standin: StandIn, receiver: SimpleNamespace) -> None:
    create(bbb, meta={"endCallbackUrl": f"{receiver.url}/bbb/end", "analytics-callback-url": f"{receiver.url}/a"})
    bbb.end_meeting(MEETING_ID, "mp")

    standin.wait_for_callbacks(1, timeout=5)
    time.sleep(0.2)

    assert [entry["kind"] for entry in standin.callback_log] == ["end"]


def test_unreachable_callback_is_logged_with_its_error(bbb: BigBlueButton, standin: StandIn) -> None:
    # Bound but not listening, and kept so until the callback was tried: connections are refused, and no other
    # process can take the port in between.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
        create(bbb, meta={"endCallbackUrl": f"http://127.0.0.1:{closed_port}/end"})
        bbb.end_meeting(MEETING_ID, "mp")

        [entry] = standin.wait_for_callbacks(1, timeout=5)

    assert entry["status"] is None
    assert "refused" in entry["error"].lower()


def test_wait_for_callbacks_times_out(standin: StandIn) -> None:
    with pytest.raises(TimeoutError):
        standin.wait_for_callbacks(1, timeout=0.1)


# Test controls and robustness


def test_stub_state_leave_and_reset(bbb: BigBlueButton, standin: StandIn, clock: FakeClock) -> None:
    create(bbb)
    join(bbb, "Ada Lovelace", "ap", userID="42")

    [meeting] = requests.get(f"{standin.url}_stub/state", timeout=5).json()["meetings"]
    assert meeting["meetingID"] == MEETING_ID
    assert meeting["attendees"][0]["intervals"] == [{"joined": clock.ms, "left": None}]
    assert stub_leave(standin, "nobody").status_code == 404
    assert requests.get(f"{standin.url}_stub/leave", timeout=5).status_code == 405
    clock.advance(10)
    assert stub_leave(standin, "42").status_code == 200
    assert stub_leave(standin, "42").status_code == 404  # already left

    assert requests.post(f"{standin.url}_stub/reset", timeout=5).json() == {"reset": True}

    assert requests.get(f"{standin.url}_stub/state", timeout=5).json() == {
        "meetings": [],
        "recordings": [],
        "callbacks": [],
    }
    with pytest.raises(BBBException):
        bbb.get_meeting_info(MEETING_ID)


def test_unknown_calls_and_malformed_requests_get_failed_xml(standin: StandIn) -> None:
    assert failure(api(standin, "getmeetinginfo", {"meetingID": MEETING_ID})) == "noActionSpecified"
    assert failure(api(standin, "hooks/create", {"callbackURL": "http://x"})) == "noActionSpecified"
    post = requests.post(signed_url(standin, "getMeetingInfo", {"meetingID": MEETING_ID}), timeout=5)
    assert failure(ET.fromstring(post.content)) == "unsupportedRequestType"
    # Undecodable percent-escapes and control characters are tolerated, as bbb-web strips them.
    assert failure(api(standin, "getMeetingInfo", {"meetingID": b"\xff\xfe-meeting"})) == "notFound"
    created = api(standin, "create", {"name": "Web\x01inar\n", "meetingID": MEETING_ID})
    assert created.findtext("returncode") == "SUCCESS"
    assert api(standin, "getMeetingInfo", {"meetingID": MEETING_ID}).findtext("meetingName") == "Webinar"
    assert requests.get(f"{standin.url}nowhere", timeout=5).status_code == 404

    with socket.create_connection(("127.0.0.1", urlsplit(standin.url).port)) as raw:
        raw.sendall(b"POST /bigbluebutton/api/create HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n")
        reply = raw.makefile("rb").read()
    assert reply.startswith(b"HTTP/1.0 200 ")
    assert b"<messageKey>paramError</messageKey>" in reply


def test_standin_refuses_bad_configuration() -> None:
    with pytest.raises(ValueError):
        StandIn("")
    with pytest.raises(ValueError):
        StandIn(SECRET, checksum_algos=("md5",))


def test_command_line_serves_until_terminated() -> None:
    # Port 0: the OS picks a free port while binding, so no other process can take it in between.
    command = [sys.executable, "-m", "devtools.bbb_standin", "--port", "0", "--secret", SECRET]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        announced = re.fullmatch(r"BBB stand-in listening on (http://127\.0\.0\.1:(\d+)/bigbluebutton/api/)\n",
                                 process.stdout.readline())
        assert announced and int(announced.group(2)) > 0
        assert get_xml(announced.group(1)).findtext("version") == "2.0"
    finally:
        process.terminate()
        process.communicate(timeout=5)
    assert process.returncode == 0
