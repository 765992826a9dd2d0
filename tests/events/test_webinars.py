"""Webinar rooms against the BBB stand-in over real HTTP: events/bbb.py is never mocked."""

import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.contrib.auth.models import Permission
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from events import bbb
from events.models import BBBSession, EventPage, Meeting
from events.services.meetings import (
    JoinRefused, MeetingActionRefused, check_can_join, create_upcoming_meetings, end_meeting, join_url_for,
    poll_running_meetings, reopen_meeting, schedule_meeting,
)
from events.services.registration import cancel, register
from lms.models import AuditEntry
from tests.conftest import STANDIN_SECRET
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

SECRET = STANDIN_SECRET


@pytest.fixture
def webinar(make_event):
    start = timezone.now() + timedelta(minutes=10)
    return make_event("Webinar o zezwoleniach", start=start, capacity=2)


def standin_state(standin) -> dict:
    return requests.get(f"{standin.url}_stub/state", timeout=5).json()


def test_wrong_secret_is_refused_with_checksum_error(standin):
    client = bbb.BBBClient(standin.url, "not-the-secret")

    with pytest.raises(bbb.BBBError) as error:
        client.is_running("anything")

    assert error.value.message_key == "checksumError"


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_checksum_algorithms_are_accepted(standin, algorithm):
    client = bbb.BBBClient(standin.url, SECRET, algorithm)

    assert client.is_running("nothing-here") is False


def test_unreachable_server_is_reported_as_unavailable():
    client = bbb.BBBClient("http://127.0.0.1:9/", SECRET)

    with pytest.raises(bbb.BBBUnavailable):
        client.is_running("x")


def test_creating_twice_is_harmless(standin, webinar):
    first = schedule_meeting(event=webinar)
    second = schedule_meeting(event=webinar)

    assert Meeting.objects.count() == 1
    assert first.internal_meeting_id == second.internal_meeting_id and first.create_time == second.create_time
    assert len(standin_state(standin)["meetings"]) == 1


def test_each_bbb_session_of_a_meeting_is_learnt_from_bbb_answers(standin, webinar, participant):
    """Analytics reports are taken only for sessions learnt here: BBB names each by sha1(meetingID)-createTime."""
    meeting = schedule_meeting(event=webinar)
    # BBB ended the room (a moderator in the client, or BBB itself when it stood empty) and we were not told:
    # the next join creates it again, a second session of the same meeting.
    bbb.client().end(meeting_id=meeting.bbb_meeting_id, password=meeting.moderator_pw)
    register(event=webinar, participant=participant)
    requests.get(join_url_for(event=webinar, user=participant), timeout=5)

    sessions = list(meeting.bbb_sessions.order_by("create_time").values_list("internal_meeting_id", "create_time"))
    digest = hashlib.sha1(meeting.bbb_meeting_id.encode()).hexdigest()
    assert len(sessions) == 2
    assert all(internal_id == f"{digest}-{create_time}" for internal_id, create_time in sessions)
    assert sessions[-1][0] == standin_state(standin)["meetings"][0]["internalMeetingID"]


def test_polling_learns_a_session_whose_create_answer_never_reached_us(standin, make_event):
    start = timezone.now() - timedelta(minutes=10)
    event = make_event("Trwający webinar", start=start, end=start + timedelta(minutes=60))
    meeting = Meeting.objects.create(event=event, bbb_meeting_id="lms-webinar-answer-lost")
    created = bbb.client().create_meeting(meeting_id=meeting.bbb_meeting_id, name=event.title)  # BBB made the room

    poll_running_meetings()

    assert list(meeting.bbb_sessions.values_list("internal_meeting_id", flat=True)) == [created.internal_meeting_id]


def test_confirmed_participant_joins_as_attendee_with_platform_id(standin, webinar, participant):
    register(event=webinar, participant=participant)

    url = join_url_for(event=webinar, user=participant)
    landing = requests.get(url, timeout=5)

    query = parse_qs(urlsplit(url).query)
    assert query["userID"] == [str(participant.pk)] and query["role"] == ["VIEWER"]
    assert landing.status_code == 200 and "Leave" in landing.text
    info = bbb.client().meeting_info(Meeting.objects.get().bbb_meeting_id)
    assert [(a.user_id, a.is_moderator) for a in info.attendees] == [(str(participant.pk), False)]


def test_presenter_joins_as_moderator(standin, webinar):
    presenter = ProfileFactory().user
    webinar.presenters.create(name="Marek Zieliński", user=presenter)
    webinar.save_revision().publish()

    url = join_url_for(event=webinar, user=presenter)

    assert parse_qs(urlsplit(url).query)["role"] == ["MODERATOR"]


@pytest.mark.parametrize(
    ("situation", "code"),
    [("not_registered", "not_registered"), ("waiting", "waiting_list"), ("early", "too_early"), ("over", "ended")],
)
def test_join_refusals_explain_why(standin, make_event, participant, situation, code):
    start = timezone.now() + (timedelta(hours=3) if situation == "early" else timedelta(minutes=10))
    event = make_event(start=start, capacity=1)
    if situation == "waiting":
        register(event=event, participant=ProfileFactory().user)
    if situation != "not_registered":
        register(event=event, participant=participant)
    now = event.end + timedelta(minutes=1) if situation == "over" else None

    with pytest.raises(JoinRefused) as refusal:
        join_url_for(event=event, user=participant, now=now)

    assert refusal.value.code == code
    assert not Meeting.objects.exists()


def test_join_button_on_the_page_redirects_into_the_room(client, standin, webinar, participant):
    register(event=webinar, participant=participant)
    client.force_login(participant)

    page = client.get(webinar.url).content.decode()
    response = client.post(f"{webinar.url}join/")

    assert "Join webinar" in page or "Dołącz" in page
    assert response.status_code == 302 and response["Location"].startswith(standin.url)


def test_bbb_outage_shows_a_message_not_an_error(client, settings, webinar, participant):
    settings.BBB_URL, settings.BBB_SECRET = "http://127.0.0.1:9/", SECRET
    register(event=webinar, participant=participant)
    client.force_login(participant)

    response = client.post(f"{webinar.url}join/")

    assert response.status_code == 503
    message = str(response.context["webinar_error"])
    assert message and response.content.decode().count(escape(message)) == 1  # in the webinar room only


def test_a_refused_join_is_said_once_in_the_webinar_room(client, standin, make_event, participant):
    later = make_event("Za tydzień", format="online", start=timezone.now() + timedelta(days=7))
    register(event=later, participant=participant)
    client.force_login(participant)

    response = client.post(f"{later.url}join/")

    assert response.status_code == 403
    message = str(response.context["webinar_error"])
    assert response.content.decode().count(escape(message)) == 1


def test_rooms_are_created_shortly_before_the_start(standin, make_event):
    soon = make_event("Za chwilę", start=timezone.now() + timedelta(minutes=20))
    make_event("Za tydzień")

    assert create_upcoming_meetings() == 1
    assert list(Meeting.objects.values_list("event_id", flat=True)) == [soon.pk]


def test_end_callback_with_our_signature_marks_the_meeting_ended(client, standin, webinar):
    meeting = schedule_meeting(event=webinar)

    forged = client.get("/bbb/callbacks/end/", {"meetingID": meeting.bbb_meeting_id, "sig": "0" * 64})
    unknown = client.get("/bbb/callbacks/end/", {"meetingID": "nope", "sig": bbb.callback_signature("nope")})
    accepted = client.get(
        "/bbb/callbacks/end/", {"meetingID": meeting.bbb_meeting_id, "sig": bbb.callback_signature(meeting.bbb_meeting_id)}
    )

    assert (forged.status_code, unknown.status_code, accepted.status_code) == (403, 410, 200)
    meeting.refresh_from_db()
    assert meeting.state == "ended"


def test_recording_ready_callback_verifies_the_jwt_and_stores_recordings(client, standin, webinar, participant):
    meeting = schedule_meeting(event=webinar)
    register(event=webinar, participant=participant)
    requests.get(join_url_for(event=webinar, user=participant), timeout=5)
    bbb.client().end(meeting_id=meeting.bbb_meeting_id, password=meeting.moderator_pw)
    token = jwt.encode({"meeting_id": meeting.bbb_meeting_id, "record_id": meeting.internal_meeting_id}, SECRET, "HS256")

    forged = client.post("/bbb/callbacks/recording-ready/", {"signed_parameters": jwt.encode(
        {"meeting_id": meeting.bbb_meeting_id}, "wrong-secret-" + "y" * 52, "HS256")})
    response = client.post("/bbb/callbacks/recording-ready/", {"signed_parameters": token})
    replay = client.post("/bbb/callbacks/recording-ready/", {"signed_parameters": token})

    assert forged.status_code == 401 and response.status_code == 200 and replay.status_code == 200
    meeting.refresh_from_db()
    assert len(meeting.recordings) == 1 and meeting.recordings[0]["url"].startswith(standin.url)
    client.force_login(participant)
    assert meeting.recordings[0]["url"] in client.get(webinar.url).content.decode()


def test_recordings_are_polled_where_the_callback_does_not_arrive(standin, webinar, participant):
    from events.services.meetings import mark_ended, poll_recordings

    meeting = schedule_meeting(event=webinar)
    register(event=webinar, participant=participant)
    requests.get(join_url_for(event=webinar, user=participant), timeout=5)
    bbb.client().end(meeting_id=meeting.bbb_meeting_id, password=meeting.moderator_pw)
    mark_ended(meeting=meeting)

    assert poll_recordings() == 1
    assert poll_recordings() == 0  # nothing left to look for
    meeting.refresh_from_db()
    assert meeting.recordings and meeting.recordings[0]["record_id"] == meeting.internal_meeting_id


def test_dashboard_offers_the_join_button_during_the_join_window(client, standin, webinar, make_event, participant):
    later = make_event("Za tydzień")
    register(event=webinar, participant=participant)
    register(event=later, participant=participant)
    client.force_login(participant)

    response = client.get("/en/my/registrations/")

    html = response.content.decode()
    assert html.count("Join webinar") == 1 and f'action="{webinar.url}join/"' in html


# Ending and reopening: one click cannot break a webinar.

def polish(text: str) -> str:
    """What the (Polish) event page shows for ``text``, up to its first placeholder."""
    with translation.override("pl"):
        return gettext(text).split("%(")[0]


@pytest.fixture
def running_webinar(standin, make_event, participant):
    """Started five minutes ago and running: the participant is in the room."""
    start = timezone.now() - timedelta(minutes=5)
    event = make_event("Webinar: karta pobytu", start=start, end=start + timedelta(minutes=60))
    register(event=event, participant=participant, now=start - timedelta(days=1))
    requests.get(join_url_for(event=event, user=participant), timeout=5)
    return event


def test_ending_asks_first_naming_the_event_and_the_people_in_the_room(client, running_webinar, administrator):
    client.force_login(administrator)

    page = client.get(running_webinar.url).content.decode()
    question = client.get(f"{running_webinar.url}end-webinar/")
    unconfirmed = client.post(f"{running_webinar.url}end-webinar/")

    assert f'href="{running_webinar.url}end-webinar/"' in page
    assert question.status_code == 200 and unconfirmed.status_code == 200
    text = question.content.decode()
    assert "Webinar: karta pobytu" in text and ("1 person is in the room now" in text or "1 osoba" in text)
    assert Meeting.objects.get().state != "ended" and not AuditEntry.objects.filter(action="meeting.ended").exists()

    ended = client.post(f"{running_webinar.url}end-webinar/", {"confirm": "yes"})

    assert ended.status_code == 302
    assert Meeting.objects.get().state == "ended"
    entry = AuditEntry.objects.get(action="meeting.ended")
    assert "Webinar: karta pobytu" in entry.target_repr and "lms-webinar" not in entry.target_repr
    assert bbb.client().meeting_info(Meeting.objects.get().bbb_meeting_id) is None


def test_ending_a_webinar_that_is_not_running_is_refused_and_writes_nothing(client, standin, webinar, administrator):
    schedule_meeting(event=webinar)  # the room exists, nobody is in it
    client.force_login(administrator)

    page = client.get(webinar.url).content.decode()
    question = client.get(f"{webinar.url}end-webinar/")
    confirmed = client.post(f"{webinar.url}end-webinar/", {"confirm": "yes"})

    assert "end-webinar/" not in page
    assert (question.status_code, confirmed.status_code) == (409, 409)
    assert str(MeetingActionRefused("not_running").message) in str(confirmed.context["webinar_error"])
    assert Meeting.objects.get().state == "scheduled" and not AuditEntry.objects.exists()


def test_staff_reopen_a_webinar_ended_early_and_participants_join_a_new_session(
    client, standin, running_webinar, administrator, participant
):
    end_meeting(event=running_webinar, actor=administrator)
    first_run = Meeting.objects.get().internal_meeting_id
    client.force_login(participant)
    assert polish("The webinar ended early, at %(time)s.") in client.get(running_webinar.url).content.decode()
    with pytest.raises(JoinRefused):
        join_url_for(event=running_webinar, user=participant)

    client.force_login(administrator)
    assert f'action="{running_webinar.url}reopen-webinar/"' in client.get(running_webinar.url).content.decode()
    response = client.post(f"{running_webinar.url}reopen-webinar/")

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.state == "scheduled" and meeting.internal_meeting_id != first_run
    assert meeting.bbb_sessions.count() == 2
    entry = AuditEntry.objects.get(action="meeting.reopened")
    assert "Webinar: karta pobytu" in entry.target_repr
    requests.get(join_url_for(event=running_webinar, user=participant), timeout=5)
    info = bbb.client().meeting_info(meeting.bbb_meeting_id)
    assert info.running and info.internal_meeting_id == meeting.internal_meeting_id
    client.force_login(participant)
    assert polish("The webinar ended early and has been reopened.") in client.get(running_webinar.url).content.decode()


def test_reopening_is_refused_after_the_scheduled_end_or_when_not_ended(
    client, standin, running_webinar, administrator
):
    client.force_login(administrator)
    not_ended = client.post(f"{running_webinar.url}reopen-webinar/")
    end_meeting(event=running_webinar, actor=administrator)
    before = AuditEntry.objects.count()

    with pytest.raises(MeetingActionRefused) as refusal:
        reopen_meeting(event=running_webinar, actor=administrator, now=running_webinar.end + timedelta(minutes=1))

    assert not_ended.status_code == 409 and refusal.value.code == "after_end"
    assert Meeting.objects.get().state == "ended" and AuditEntry.objects.count() == before
    assert len(standin_state(standin)["meetings"]) == 1 and standin_state(standin)["meetings"][0]["ended"]


def test_reopening_while_bbb_still_has_the_old_room_is_refused(standin, running_webinar, administrator):
    meeting = end_meeting(event=running_webinar, actor=administrator)
    # BBB ends rooms asynchronously; until it has, a create answers with the old session (duplicateWarning).
    bbb.client().create_meeting(meeting_id=meeting.bbb_meeting_id, name="still there")

    with pytest.raises(MeetingActionRefused) as refusal:
        reopen_meeting(event=running_webinar, actor=administrator)

    assert refusal.value.code == "still_closing"
    assert Meeting.objects.get().state == "ended" and not AuditEntry.objects.filter(action="meeting.reopened").exists()


def test_a_late_end_callback_of_the_first_run_does_not_end_the_reopened_webinar(
    client, standin, running_webinar, administrator
):
    end_meeting(event=running_webinar, actor=administrator)
    first = Meeting.objects.get()
    reopen_meeting(event=running_webinar, actor=administrator)
    reopened = Meeting.objects.get()
    late = client.get("/bbb/callbacks/end/", {"meetingID": first.bbb_meeting_id,
                                              "sig": bbb.callback_signature(first.bbb_meeting_id)})
    run = str(int(reopened.reopened_at.timestamp()))
    current = client.get("/bbb/callbacks/end/", {"meetingID": first.bbb_meeting_id, "run": run,
                                                 "sig": bbb.callback_signature(first.bbb_meeting_id, run)})

    assert late.status_code == 200 and current.status_code == 200
    assert Meeting.objects.get().state == "ended"
    created = standin_state(standin)["meetings"][0]["metadata"]["endcallbackurl"]
    assert f"run={run}" in created


def test_recording_is_shown_as_being_processed_and_never_as_zero_minutes(client, standin, running_webinar, participant,
                                                                        administrator):
    from events.services.recordings import refresh_recordings

    meeting = end_meeting(event=running_webinar, actor=administrator)
    client.force_login(participant)
    pending = client.get(running_webinar.url).content.decode()
    refresh_recordings(meeting=meeting)  # the stand-in's recording of this run of a few seconds: 0 minutes long
    ready = client.get(running_webinar.url).content.decode()

    processing = polish("The recording is being processed and will appear here.")
    assert processing in pending
    assert processing not in ready and polish("Recording (less than a minute)") in ready
    assert "(0 " not in ready


@pytest.mark.django_db(transaction=True)
def test_attendance_of_both_runs_of_a_reopened_webinar_merges(live_server, settings, standin, make_event, participant,
                                                              administrator):
    """The stand-in sends each run's analytics report to this server; both count for the one registration."""
    from events.models import AnalyticsReport, Attendance

    settings.WAGTAILADMIN_BASE_URL = live_server.url  # where the stand-in sends its callbacks
    start = timezone.now() - timedelta(minutes=5)
    event = make_event("Webinar: karta pobytu", start=start, end=start + timedelta(minutes=60))
    register(event=event, participant=participant, now=start - timedelta(days=1))
    requests.get(join_url_for(event=event, user=participant), timeout=5)
    end_meeting(event=event, actor=administrator)
    standin.wait_for_callbacks(3, timeout=10)  # the first run's reports arrive before the reopening
    reopen_meeting(event=event, actor=administrator)
    requests.get(join_url_for(event=event, user=participant), timeout=5)
    end_meeting(event=event, actor=administrator)

    log = standin.wait_for_callbacks(6, timeout=10)

    assert [entry["status"] for entry in log if entry["kind"] == "analytics"] == [200, 200]
    assert AnalyticsReport.objects.count() == 2
    attendance = Attendance.objects.get(registration__participant=participant)
    assert attendance.source == "analytics" and len(attendance.intervals) == 2  # one interval per run
    assert Meeting.objects.get().state == "ended"


# What BBB is told, and who gets in: exact values, as BBB and the people in the room see them.

def standin_room(standin, *, ended: bool = False) -> dict:
    (room,) = [room for room in standin_state(standin)["meetings"] if room["ended"] == ended]
    return room


def test_the_room_is_created_with_a_polish_welcome_the_event_page_to_return_to_and_an_hour_to_spare(standin, webinar):
    with translation.override("en"):  # the room speaks the site's language, whatever the request's
        schedule_meeting(event=webinar)

    room = standin_room(standin)
    assert room["welcome"] == "Witamy na webinarze „Webinar o zezwoleniach”."
    assert room["logoutURL"] == f"http://127.0.0.1:8000{webinar.url}" and webinar.url.startswith("/")
    assert room["duration"] == webinar.scheduled_minutes + 60 == 180


def test_join_links_carry_the_name_the_role_password_and_session_bbb_gave(standin, webinar, participant):
    staff = ProfileFactory(user__first_name="Marek", user__last_name="Zieliński").user  # not a superuser
    staff.user_permissions.add(Permission.objects.get(content_type__app_label="events", codename="change_registration"))
    register(event=webinar, participant=participant)

    attendee_link = parse_qs(urlsplit(join_url_for(event=webinar, user=participant)).query)
    staff_link = parse_qs(urlsplit(join_url_for(event=webinar, user=staff)).query)

    room = standin_room(standin)
    meeting = Meeting.objects.get()
    assert (meeting.create_time, meeting.attendee_pw, meeting.moderator_pw) == (
        room["createTime"], room["attendeePW"], room["moderatorPW"])
    assert attendee_link["fullName"] == ["Olena Kowalczuk"] and attendee_link["role"] == ["VIEWER"]
    assert attendee_link["password"] == [room["attendeePW"]] and attendee_link["createTime"] == [str(room["createTime"])]
    assert staff_link["fullName"] == ["Marek Zieliński"] and staff_link["role"] == ["MODERATOR"]
    assert staff_link["password"] == [room["moderatorPW"]] and staff_link["createTime"] == [str(room["createTime"])]


def test_join_refusals_for_another_events_seat_a_cancelled_seat_and_a_place_event(
    standin, make_event, webinar, participant
):
    other = make_event("Inny webinar", start=webinar.start)
    register(event=other, participant=participant)  # a seat elsewhere
    in_person = make_event("Spotkanie w urzędzie", format=EventPage.Format.IN_PERSON, start=webinar.start)
    register(event=in_person, participant=participant)

    with pytest.raises(JoinRefused) as elsewhere:
        check_can_join(event=webinar, user=participant)
    cancel(registration=register(event=webinar, participant=participant), actor=participant)
    with pytest.raises(JoinRefused) as cancelled:
        check_can_join(event=webinar, user=participant)
    with pytest.raises(JoinRefused) as not_online:
        check_can_join(event=in_person, user=participant)

    assert (elsewhere.value.code, cancelled.value.code) == ("not_registered", "not_registered")
    assert (not_online.value.code, not_online.value.message) == ("not_online", "To wydarzenie nie odbywa się online.")


def test_the_room_is_open_from_exactly_fifteen_minutes_before_the_start_until_just_before_the_end(
    standin, make_event, webinar, participant
):
    register(event=webinar, participant=participant)
    opens = webinar.start - timedelta(minutes=15)
    ended_elsewhere = make_event("Webinar zakończony", start=webinar.start)
    Meeting.objects.create(event=ended_elsewhere, bbb_meeting_id="lms-webinar-other", state=Meeting.State.ENDED)

    assert check_can_join(event=webinar, user=participant, now=opens) is False  # in, as an attendee
    assert check_can_join(event=webinar, user=participant, now=webinar.end - timedelta(microseconds=1)) is False
    with pytest.raises(JoinRefused) as too_early:
        check_can_join(event=webinar, user=participant, now=opens - timedelta(microseconds=1))
    with pytest.raises(JoinRefused) as at_the_end:
        check_can_join(event=webinar, user=participant, now=webinar.end)
    assert (too_early.value.code, at_the_end.value.code) == ("too_early", "ended")
