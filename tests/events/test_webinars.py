"""Webinar rooms against the BBB stand-in over real HTTP: events/bbb.py is never mocked."""

import hashlib
import logging
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.contrib.auth.models import Permission
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Locale

from events import bbb
from events.models import BBBSession, EventPage, Meeting
from events.services.meetings import (
    JoinRefused, MeetingActionRefused, can_reopen, check_can_join, create_upcoming_meetings, end_meeting, join_url_for,
    live_room, mark_ended, poll_recordings, poll_running_meetings, recording_pending, reopen_meeting, schedule_meeting,
)
from events.services.registration import cancel, register
from events.signals import attendance_recorded
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


def end_callback_url_bbb_was_given(standin) -> str:
    url = urlsplit(standin_room(standin)["metadata"]["endcallbackurl"])
    return f"{url.path}?{url.query}"


def test_the_end_callback_bbb_was_given_ends_the_first_and_the_reopened_run(client, standin, webinar, administrator):
    meeting = schedule_meeting(event=webinar)
    first_run = end_callback_url_bbb_was_given(standin)
    bbb.client().end(meeting_id=meeting.bbb_meeting_id, password=meeting.moderator_pw)  # BBB ends it, then calls
    assert client.get(first_run).status_code == 200 and Meeting.objects.get().state == "ended"

    reopen_meeting(event=webinar, actor=administrator)
    reopened_run = end_callback_url_bbb_was_given(standin)
    bbb.client().end(meeting_id=meeting.bbb_meeting_id, password=Meeting.objects.get().moderator_pw)

    assert client.get(reopened_run).status_code == 200 and Meeting.objects.get().state == "ended"


def test_ending_and_reopening_are_audited_with_who_did_it_and_when_the_first_run_ended(
    standin, running_webinar, administrator
):
    ended_at = end_meeting(event=running_webinar, actor=administrator).ended_at
    reopen_meeting(event=running_webinar, actor=administrator)

    entries = AuditEntry.objects.filter(action__startswith="meeting.").order_by("pk")
    assert [(entry.action, entry.actor, entry.data) for entry in entries] == [
        ("meeting.ended", administrator, {"event": "Webinar: karta pobytu"}),
        ("meeting.reopened", administrator, {"event": "Webinar: karta pobytu", "ended_at": ended_at.isoformat()}),
    ]


def test_a_reopened_webinar_uses_the_new_sessions_passwords_and_time_and_can_be_ended_again(
    standin, running_webinar, administrator, participant
):
    end_meeting(event=running_webinar, actor=administrator)

    reopened = reopen_meeting(event=running_webinar, actor=administrator)
    landing = requests.get(join_url_for(event=running_webinar, user=participant), timeout=5)

    room = standin_room(standin)
    assert reopened.ended_at is None and reopened.state == "scheduled"
    assert (reopened.create_time, reopened.attendee_pw, reopened.moderator_pw) == (
        room["createTime"], room["attendeePW"], room["moderatorPW"])
    assert landing.status_code == 200 and [attendee["userID"] for attendee in room["attendees"]] == [str(participant.pk)]
    assert end_meeting(event=running_webinar, actor=administrator).state == "ended"


def test_a_webinar_can_be_reopened_until_just_before_its_scheduled_end(standin, running_webinar, administrator):
    running = Meeting.objects.get()
    with pytest.raises(MeetingActionRefused) as still_running:
        reopen_meeting(event=running_webinar, actor=administrator)
    meeting = end_meeting(event=running_webinar, actor=administrator)
    end = running_webinar.end

    with pytest.raises(MeetingActionRefused) as at_the_end:
        reopen_meeting(event=running_webinar, actor=administrator, now=end)

    assert still_running.value.code == "not_ended" and at_the_end.value.code == "after_end"
    assert not can_reopen(meeting=running, event=running_webinar) and not can_reopen(meeting=None, event=running_webinar)
    assert can_reopen(meeting=meeting, event=running_webinar, now=end - timedelta(microseconds=1))
    assert not can_reopen(meeting=meeting, event=running_webinar, now=end)


def test_a_meeting_ends_once_keeping_its_first_end_and_announcing_attendance_once(
    standin, webinar, django_capture_on_commit_callbacks
):
    meeting = schedule_meeting(event=webinar)
    first = timezone.now() - timedelta(minutes=3)
    announced = []
    attendance_recorded.connect(lambda sender, event_id, **kwargs: announced.append(event_id), weak=False,
                                dispatch_uid="test_webinars")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            mark_ended(meeting=meeting, at=first)
            mark_ended(meeting=meeting, at=first + timedelta(minutes=1))  # a late end callback
    finally:
        attendance_recorded.disconnect(dispatch_uid="test_webinars")

    assert Meeting.objects.get().ended_at == first and announced == [webinar.pk]


def test_a_webinar_recorded_as_ended_is_not_offered_for_ending_nor_sampled_while_bbb_closes_the_room(
    standin, running_webinar
):
    from events.models import Attendance

    meeting = Meeting.objects.get()
    mark_ended(meeting=meeting)  # the end callback came; BBB ends rooms asynchronously and still lists this one

    assert bbb.client().meeting_info(meeting.bbb_meeting_id).running
    assert live_room(event=running_webinar) is None
    assert poll_running_meetings() == 0
    assert Meeting.objects.get().state == "ended" and not Attendance.objects.exists()


# Recordings

def test_stored_recordings_are_the_published_ones_with_their_length(standin, running_webinar, administrator):
    from events.services.recordings import refresh_recordings

    meeting = end_meeting(event=running_webinar, actor=administrator)
    published = refresh_recordings(meeting=meeting)
    unpublish = bbb.client().url("publishRecordings", {"recordID": meeting.internal_meeting_id, "publish": "false"})
    requests.get(unpublish, timeout=5)

    assert published == [{"record_id": meeting.internal_meeting_id, "length_minutes": 0,
                          "url": f"{standin.url}playback/presentation/2.3/{meeting.internal_meeting_id}"}]
    assert refresh_recordings(meeting=meeting) == [] and Meeting.objects.get().recordings == []


def test_a_recording_is_awaited_for_two_days_after_the_end(standin, webinar):
    ended = timezone.now() - timedelta(hours=1)
    mark_ended(meeting=schedule_meeting(event=webinar), at=ended)
    meeting = Meeting.objects.get()

    assert recording_pending(meeting=meeting, now=ended + timedelta(days=2)) is True
    assert recording_pending(meeting=meeting, now=ended + timedelta(days=2, microseconds=1)) is False


def ended_webinar(make_event, title: str, *, ended: timedelta) -> Meeting:
    """A webinar BBB recorded and ended; ``ended`` ago in our records."""
    meeting = schedule_meeting(event=make_event(title, start=timezone.now() + timedelta(minutes=10)))
    bbb.client().end(meeting_id=meeting.bbb_meeting_id, password=meeting.moderator_pw)
    mark_ended(meeting=meeting, at=timezone.now() - ended)
    return Meeting.objects.get(pk=meeting.pk)


def test_recordings_are_polled_for_every_recent_webinar_still_without_one(standin, make_event):
    from events.services.recordings import refresh_recordings

    refresh_recordings(meeting=ended_webinar(make_event, "Już z nagraniem", ended=timedelta(hours=1)))
    waiting = [ended_webinar(make_event, title, ended=timedelta(hours=1)) for title in ("Pierwszy", "Drugi")]
    long_ago = ended_webinar(make_event, "Dawno temu", ended=timedelta(days=3))

    assert poll_recordings() == 2
    assert all(Meeting.objects.get(pk=meeting.pk).recordings for meeting in waiting)
    assert Meeting.objects.get(pk=long_ago.pk).recordings == []


# Polling running rooms

def join_started_webinar(make_event, title: str) -> EventPage:
    start = timezone.now() - timedelta(minutes=5)
    event = make_event(title, start=start, end=start + timedelta(minutes=60))
    person = ProfileFactory().user
    register(event=event, participant=person, now=start - timedelta(days=1))
    requests.get(join_url_for(event=event, user=person), timeout=5)
    return event


def test_polling_samples_every_running_room_past_rooms_not_open_yet_unknown_to_bbb_or_refused(standin, make_event):
    now = timezone.now()
    Meeting.objects.create(event=make_event("Jutro", start=now + timedelta(days=1)), bbb_meeting_id="lms-webinar-later")
    Meeting.objects.create(event=make_event("Bez pokoju", start=now - timedelta(minutes=5)),
                           bbb_meeting_id="lms-webinar-no-room")  # BBB does not know it (yet)
    Meeting.objects.create(event=make_event("Zły numer", start=now - timedelta(minutes=5)),
                           bbb_meeting_id="x")  # BBB refuses a one-letter meeting id (sizeError)
    for title in ("Pierwszy trwający", "Drugi trwający"):
        join_started_webinar(make_event, title)

    assert poll_running_meetings(now=now) == 2
    assert poll_running_meetings(now=now - timedelta(days=1)) == 0  # nothing open yet


def test_polling_samples_from_the_exact_opening_and_closes_a_forgotten_room_at_the_exact_end(
    standin, running_webinar, make_event
):
    assert poll_running_meetings(now=running_webinar.start - timedelta(minutes=15)) == 1
    start = timezone.now() - timedelta(hours=3)
    forgotten = make_event("Zapomniany", start=start, end=start + timedelta(hours=1))
    Meeting.objects.create(event=forgotten, bbb_meeting_id="lms-webinar-forgotten")  # BBB never had or lost it

    assert poll_running_meetings(now=forgotten.end) == 0
    meeting = Meeting.objects.get(event=forgotten)
    assert (meeting.state, meeting.ended_at) == ("ended", forgotten.end)


def test_room_creation_covers_each_upcoming_online_event_once_in_whatever_language_it_was_written(standin, make_event):
    soon = timezone.now() + timedelta(minutes=20)
    polish_event = make_event("Za chwilę", start=soon)
    translation_page = polish_event.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    translation_page.save_revision().publish()
    english_only = make_event("Only in English", start=soon, parent=translation_page.get_parent())
    make_event("Na miejscu", format=EventPage.Format.IN_PERSON, start=soon)
    make_event("Już było", start=timezone.now() - timedelta(hours=3))

    assert create_upcoming_meetings() == 2
    assert set(Meeting.objects.values_list("event_id", flat=True)) == {polish_event.pk, english_only.pk}


def test_bbb_failures_in_the_periodic_jobs_are_logged_naming_the_room_and_the_error(
    settings, make_event, caplog
):
    settings.BBB_URL, settings.BBB_SECRET = "http://127.0.0.1:9/", SECRET
    soon = make_event("Za chwilę", start=timezone.now() + timedelta(minutes=10))
    Meeting.objects.create(event=soon, bbb_meeting_id="lms-webinar-soon")
    Meeting.objects.create(event=make_event("Wczoraj"), bbb_meeting_id="lms-webinar-ended", state=Meeting.State.ENDED,
                           ended_at=timezone.now() - timedelta(hours=1))

    with caplog.at_level(logging.WARNING, logger="events.services.meetings"):
        counts = (create_upcoming_meetings(), poll_running_meetings(), poll_recordings())

    records = [record for record in caplog.records if record.name == "events.services.meetings"]
    assert counts == (0, 0, 0)
    assert [(record.msg, record.args[0]) for record in records] == [
        ("Could not create the room of event %s: %s", soon.pk),
        ("Could not poll meeting %s: %s", "lms-webinar-soon"),
        ("Could not fetch recordings of %s: %s", "lms-webinar-ended"),
    ]
    for record in records:
        assert isinstance(record.args[1], bbb.BBBUnavailable) and str(record.args[1])
