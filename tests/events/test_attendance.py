"""Attendance from BBB data: analytics callback (verified, idempotent), polling fallback, staff corrections."""

import json
from types import SimpleNamespace
from datetime import datetime, timedelta, timezone as dt_timezone

import jwt
import pytest
import requests
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from events.models import AnalyticsReport, Attendance, BBBSession, Meeting
from events.services.attendance import (
    CorrectionRefused, IngestResult, clip, correct_attendance, ingest_analytics, merge_intervals, minutes_and_percent,
    pair_joins_and_leaves, record_presence,
)
from events.services.meetings import join_url_for, poll_running_meetings
from events.services.registration import cancel, register
from events.signals import attendance_recorded
from lms.models import AuditEntry
from tests.conftest import STANDIN_SECRET
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=dt_timezone.utc)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def iso(minutes: float) -> str:
    return at(minutes).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def test_overlapping_and_touching_intervals_merge():
    merged = merge_intervals([(at(30), at(40)), (at(0), at(10)), (at(5), at(20)), (at(20), at(25)), (at(50), at(50))])

    assert merged == [(at(0), at(25)), (at(30), at(40))]


def test_an_interval_inside_an_earlier_one_does_not_shorten_it():
    assert merge_intervals([(at(0), at(30)), (at(5), at(10))]) == [(at(0), at(30))]


# (start, length) in minutes: short intervals in a short span, so nesting, overlaps and touching ends are common.
minute_intervals = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)), max_size=8)


def covered_minutes(intervals) -> set[int]:
    """Every whole minute after T0 that one of the intervals covers."""
    minute = timedelta(minutes=1)
    return {n for start, end in intervals for n in range((start - T0) // minute, (end - T0) // minute)}


@given(raw=minute_intervals)
def test_merging_covers_exactly_the_minutes_of_the_intervals_without_overlaps(raw):
    intervals = [(at(start), at(start + length)) for start, length in raw]

    merged = merge_intervals(intervals)

    assert covered_minutes(merged) == covered_minutes(intervals)
    assert all(start < end for start, end in merged)
    assert all(earlier[1] < later[0] for earlier, later in zip(merged, merged[1:]))  # sorted, apart, not touching


def test_a_join_without_leave_ends_when_the_meeting_ended():
    intervals = pair_joins_and_leaves([at(0), at(30)], [at(20)], meeting_end=at(90))

    assert intervals == [(at(0), at(20)), (at(30), at(90))]


def test_a_leave_at_the_moment_of_the_join_ends_that_join():
    """A connection that failed at once is no presence, not presence until the meeting ended."""
    assert pair_joins_and_leaves([at(10)], [at(10)], meeting_end=at(90)) == [(at(10), at(10))]


def test_intervals_are_clipped_to_the_meeting():
    assert clip([(at(-10), at(5)), (at(80), at(100))], not_before=at(0), not_after=at(90)) == [
        (at(0), at(5)), (at(80), at(90))
    ]


def test_an_interval_that_only_touches_the_meeting_is_clipped_away():
    assert clip([(at(-10), at(0)), (at(90), at(95))], not_before=at(0), not_after=at(90)) == []


@pytest.mark.parametrize(("present", "scheduled", "expected"), [
    (timedelta(minutes=81), timedelta(minutes=90), (81, 90)),
    (timedelta(minutes=59, seconds=50), timedelta(minutes=90), (59, 66)),  # minutes round down, percent to nearest
    # an event of one minute (the shortest the percent is measured against) attended throughout
    (timedelta(minutes=1), timedelta(minutes=1), (1, 100)),
])
def test_minutes_round_down_and_percent_to_the_nearest(present, scheduled, expected):
    event = SimpleNamespace(start=T0, end=T0 + scheduled)

    assert minutes_and_percent([(T0, T0 + present)], event=event) == expected


@pytest.fixture
def webinar_at_t0(make_event):
    return make_event("Webinar", start=T0, end=T0 + timedelta(minutes=90), capacity=50)


@pytest.fixture
def meeting(webinar_at_t0):
    """A meeting with one BBB session, ``abc-1``, as if learnt from BBB's answer to create."""
    meeting = Meeting.objects.create(event=webinar_at_t0, bbb_meeting_id="lms-webinar-test", internal_meeting_id="abc-1")
    BBBSession.objects.create(meeting=meeting, internal_meeting_id="abc-1", create_time=1)
    return meeting


def payload(meeting, attendees, internal="abc-1", finish=90):
    return {
        "version": "1.0", "meeting_id": meeting.bbb_meeting_id, "internal_meeting_id": internal,
        "data": {"metadata": {}, "duration": finish * 60, "start": iso(0), "finish": iso(finish), "attendees": attendees},
    }


def bearer(secret=STANDIN_SECRET, claims=None):
    """What BBB's post_events_analytics_callback.rb sends: an HS512 JWT with nothing but an expiry a day ahead."""
    if claims is None:
        claims = {"exp": datetime.now(dt_timezone.utc) + timedelta(hours=24)}
    return f"Bearer {jwt.encode(claims, secret, algorithm='HS512')}"


def post(client, body, authorization=None):
    return client.post("/bbb/callbacks/analytics/", data=body if isinstance(body, (str, bytes)) else json.dumps(body),
                       content_type="application/json", HTTP_AUTHORIZATION=authorization or bearer())


@pytest.fixture
def bbb_secret(settings):
    settings.BBB_SECRET = STANDIN_SECRET


def test_analytics_callback_becomes_minutes_and_percent_with_reconnects(client, bbb_secret, meeting, webinar_at_t0):
    person = ProfileFactory().user
    register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    attendees = [{"ext_user_id": str(person.pk), "name": "Olena", "moderator": False,
                  "joins": [iso(-5), iso(30), iso(35)], "leaves": [iso(20), iso(60), iso(50)]}]

    response = post(client, payload(meeting, attendees))

    assert response.status_code == 200
    attendance = Attendance.objects.get(registration__participant=person)
    # present 10:00-10:20 (the early minutes are clipped) and 10:30-11:00 (two overlapping sessions)
    assert (attendance.minutes_present, attendance.percent_present, attendance.source) == (50, 56, "analytics")
    assert len(attendance.intervals) == 2
    meeting.refresh_from_db()
    assert meeting.state == "ended"


def test_presence_past_the_scheduled_end_counts_as_minutes_but_not_above_100_percent(
    client, bbb_secret, meeting, webinar_at_t0
):
    person = ProfileFactory().user
    register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))

    # scheduled for 90 minutes, the meeting ran to 120 and so did this person
    post(client, payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(0)], "leaves": [iso(120)]}],
                         finish=120))

    attendance = Attendance.objects.get()
    assert (attendance.minutes_present, attendance.percent_present) == (120, 100)


def test_data_arriving_later_marks_the_attendance_as_updated_then(client, bbb_secret, meeting, webinar_at_t0):
    person = ProfileFactory().user
    registration = register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    polled = Attendance.objects.create(registration=registration, minutes_present=5, percent_present=6, source="polling")
    long_ago = timezone.now() - timedelta(hours=2)
    Attendance.objects.filter(pk=polled.pk).update(updated_at=long_ago)

    post(client, payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(0)], "leaves": [iso(45)]}]))

    attendance = Attendance.objects.get()
    assert attendance.source == "analytics" and attendance.updated_at > long_ago + timedelta(hours=1)


def test_replayed_callback_changes_nothing(client, bbb_secret, meeting, webinar_at_t0):
    person = ProfileFactory().user
    register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    body = payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(0)], "leaves": [iso(45)]}])
    post(client, body)
    first = Attendance.objects.get()

    replay = post(client, body)

    assert replay.status_code == 200 and replay.content == b"already received"
    again = Attendance.objects.get()
    assert (again.minutes_present, again.updated_at) == (first.minutes_present, first.updated_at)
    assert AnalyticsReport.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "authorization", "status"),
    [
        ("valid", "forged", 401),
        ("valid", "missing", 401),
        ("valid", "expired", 401),
        ("valid", "without-expiry", 401),
        ("{not json", None, 400),
        ("[" * 100_000 + "]" * 100_000, None, 400),
        ({"meeting_id": "x"}, None, 400),
        ("unknown-meeting", None, 410),
    ],
)
def test_bad_callbacks_answer_4xx_and_write_nothing(client, bbb_secret, meeting, body, authorization, status):
    valid = payload(meeting, [{"ext_user_id": "1", "joins": [iso(0)], "leaves": [iso(10)]}])
    bodies = {"valid": valid, "unknown-meeting": {**valid, "meeting_id": "somebody-elses"}}
    headers = {
        "forged": bearer("a-different-secret-" + "z" * 50), "missing": "Basic abc",
        # BBB's token expires a day after it was sent, and without an expiry a token would be valid for ever.
        "expired": bearer(claims={"exp": datetime.now(dt_timezone.utc) - timedelta(minutes=1)}),
        "without-expiry": bearer(claims={"meeting_id": meeting.bbb_meeting_id}),
    }

    response = post(client, bodies.get(body, body) if isinstance(body, str) else body, headers.get(authorization))

    assert response.status_code == status
    assert response.content  # the reason is given
    assert not AnalyticsReport.objects.exists() and not Attendance.objects.exists()


def test_a_report_is_taken_only_for_a_bbb_session_of_the_meeting_it_names(
    client, bbb_secret, meeting, webinar_at_t0, make_event
):
    """The token proves only that the sender knows the secret, and one token is valid for a day: it must not
    write attendance for any meeting or session the sender names."""
    person = ProfileFactory().user
    register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    other = Meeting.objects.create(event=make_event("Inny webinar", start=T0, end=at(90)), bbb_meeting_id="lms-other")
    BBBSession.objects.create(meeting=other, internal_meeting_id="def-2", create_time=1)
    present = [{"ext_user_id": str(person.pk), "joins": [iso(0)], "leaves": [iso(90)]}]

    never_created = post(client, payload(meeting, present, internal="abc-999"))
    of_another_meeting = post(client, payload(meeting, present, internal="def-2"))
    named_as_another_meeting = post(client, {**payload(meeting, present), "meeting_id": other.bbb_meeting_id})

    assert [response.status_code for response in (never_created, of_another_meeting, named_as_another_meeting)] \
        == [403, 403, 403]
    assert b"not a BBB session of this meeting" in never_created.content
    assert not AnalyticsReport.objects.exists() and not Attendance.objects.exists()


def test_a_reopened_meeting_takes_the_report_of_each_of_its_sessions(client, bbb_secret, meeting, webinar_at_t0):
    person = ProfileFactory().user
    register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    BBBSession.objects.create(meeting=meeting, internal_meeting_id="abc-2", create_time=2)

    first = post(client, payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(0)], "leaves": [iso(30)]}],
                                 internal="abc-1", finish=30))
    second = post(client, payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(50)], "leaves": [iso(90)]}],
                                  internal="abc-2"))

    assert (first.status_code, second.status_code) == (200, 200)
    assert Attendance.objects.get().minutes_present == 30 + 40
    assert AnalyticsReport.objects.count() == 2


def test_without_a_configured_secret_every_callback_is_refused(client, settings, meeting, webinar_at_t0):
    settings.BBB_SECRET = ""
    token_secret = "any-secret-at-all-" + "z" * 50
    valid = payload(meeting, [{"ext_user_id": "1", "joins": [iso(0)], "leaves": [iso(10)]}])
    signed = jwt.encode({"meeting_id": meeting.bbb_meeting_id, "record_id": "r-1"}, token_secret, algorithm="HS256")

    analytics = post(client, valid, bearer(token_secret))
    recording = client.post("/bbb/callbacks/recording-ready/", {"signed_parameters": signed})

    assert (analytics.status_code, recording.status_code) == (401, 401)
    assert not AnalyticsReport.objects.exists() and not Attendance.objects.exists()


def test_staff_correction_is_audited_and_survives_later_data(client, bbb_secret, meeting, webinar_at_t0):
    person = ProfileFactory().user
    registration = register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    staff = ProfileFactory(user__is_staff=True).user

    correct_attendance(registration=registration, minutes=80, reason="Connected by phone", actor=staff)
    post(client, payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(0)], "leaves": [iso(5)]}]))

    attendance = Attendance.objects.get()
    assert (attendance.minutes_present, attendance.source, attendance.corrected_by) == (80, "manual", staff)
    entry = AuditEntry.objects.get(action="attendance.corrected")
    assert entry.data == {"minutes_before": 0, "minutes_after": 80, "reason": "Connected by phone"}


@pytest.mark.parametrize("minutes", [-1, 91])
def test_a_correction_is_refused_below_zero_or_above_the_scheduled_length(webinar_at_t0, minutes):
    registration = register(event=webinar_at_t0, participant=ProfileFactory().user, now=T0 - timedelta(days=1))
    staff = ProfileFactory(user__is_staff=True).user

    with pytest.raises(CorrectionRefused) as refusal:
        correct_attendance(registration=registration, minutes=minutes, reason="Lista obecności", actor=staff)

    assert refusal.value.code == "minutes_out_of_range" and refusal.value.message
    assert not Attendance.objects.exists() and not AuditEntry.objects.filter(action="attendance.corrected").exists()


@pytest.mark.parametrize(("minutes", "percent"), [(0, 0), (90, 100)])
def test_a_correction_may_be_anything_from_zero_to_the_scheduled_length(webinar_at_t0, minutes, percent):
    registration = register(event=webinar_at_t0, participant=ProfileFactory().user, now=T0 - timedelta(days=1))
    staff = ProfileFactory(user__is_staff=True).user

    correct_attendance(registration=registration, minutes=minutes, reason="Lista obecności", actor=staff)

    attendance = Attendance.objects.get()
    assert (attendance.minutes_present, attendance.percent_present, attendance.source) == (minutes, percent, "manual")


def test_polling_counts_presence_where_no_callback_arrives(standin, make_event, participant):
    start = timezone.now() - timedelta(minutes=10)
    event = make_event("Trwający webinar", start=start, end=start + timedelta(minutes=60))
    register(event=event, participant=participant, now=start - timedelta(days=1))
    requests.get(join_url_for(event=event, user=participant), timeout=5)

    now = timezone.now()
    poll_running_meetings(now=now)
    poll_running_meetings(now=now + timedelta(minutes=1))

    attendance = Attendance.objects.get()
    assert attendance.source == "polling" and attendance.minutes_present == 2
    assert Meeting.objects.get().state == "running"


def test_meeting_gone_after_its_end_is_marked_ended_by_polling(standin, make_event):
    start = timezone.now() - timedelta(minutes=100)
    event = make_event("Minione", start=start, end=start + timedelta(minutes=90))
    meeting = Meeting.objects.create(event=event, bbb_meeting_id="never-created-on-bbb")

    poll_running_meetings()

    meeting.refresh_from_db()
    assert meeting.state == "ended"


def test_participant_sees_own_attendance_on_the_event_page(client, bbb_secret, meeting, webinar_at_t0):
    person = ProfileFactory().user
    register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    post(client, payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(0)], "leaves": [iso(45)]}]))
    client.force_login(person)

    response = client.get(webinar_at_t0.url)

    assert response.context["attendance"].minutes_present == 45


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_json_does_not_have_are_refused(client, bbb_secret, meeting, webinar_at_t0, number):
    """Python's json reads NaN and Infinity (and 1e400 as infinity); JSON has no such numbers and PostgreSQL
    refuses to store them."""
    person = ProfileFactory().user
    register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    body = json.dumps(payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(0)], "leaves": [iso(45)]}]))

    response = post(client, body.replace('"duration": 5400', f'"duration": {number}'))

    assert response.status_code == 400 and number.lstrip("-") in response.content.decode()
    assert not AnalyticsReport.objects.exists() and not Attendance.objects.exists()


@pytest.mark.parametrize(("body", "reason"), [
    ([], "the body must be a JSON object"),
    ({"meeting_id": "", "internal_meeting_id": "abc-1"}, "meeting_id and internal_meeting_id are required"),
    ({"meeting_id": 5, "internal_meeting_id": "abc-1"}, "meeting_id and internal_meeting_id are required"),
    ({"internal_meeting_id": ""}, "meeting_id and internal_meeting_id are required"),
    ({"data": None}, "data.attendees must be a list"),
    ({"data": {"attendees": "everyone"}}, "data.attendees must be a list"),
    ({"data": {"attendees": [5]}}, "each attendee needs joins and leaves lists"),
    ({"data": {"attendees": [{"joins": [], "leaves": "10:20"}]}}, "each attendee needs joins and leaves lists"),
    ({"data": {"attendees": [{"joins": ["2026-12-01T10:00:00"], "leaves": []}]}},
     "timestamp without a time zone: '2026-12-01T10:00:00'"),
])
def test_a_malformed_report_is_refused_with_its_reason(client, bbb_secret, meeting, body, reason):
    """BBB's analytics script logs the answer: the reason is what its operator reads."""
    valid = payload(meeting, [])
    response = post(client, {**valid, **body} if isinstance(body, dict) else body)

    assert (response.status_code, response.content.decode()) == (400, f"malformed analytics data: {reason}")
    assert not AnalyticsReport.objects.exists()


def test_without_a_finish_a_join_without_leave_ends_when_the_meeting_was_seen_to_end(
    client, bbb_secret, meeting, webinar_at_t0
):
    person = ProfileFactory().user
    register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.ENDED, ended_at=at(70))
    body = payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(0)]}, {"ext_user_id": "guest-1"}])
    del body["data"]["finish"]

    response = post(client, body)

    assert response.status_code == 200
    assert Attendance.objects.get().minutes_present == 70


def test_the_report_of_the_latest_session_ends_the_meeting_at_its_finish(client, bbb_secret, meeting):
    post(client, payload(meeting, [], finish=85))

    meeting.refresh_from_db()
    assert (meeting.state, meeting.ended_at) == ("ended", at(85))


def test_a_meeting_already_ended_keeps_its_end_when_the_report_comes(client, bbb_secret, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.ENDED, ended_at=at(80))

    post(client, payload(meeting, [], finish=90))

    meeting.refresh_from_db()
    assert (meeting.state, meeting.ended_at) == ("ended", at(80))


@pytest.fixture
def announced():
    """Event ids of the ``attendance_recorded`` signals sent during the test."""
    received: list[int] = []

    def receiver(sender, event_id, **kwargs):
        received.append(event_id)

    attendance_recorded.connect(receiver, dispatch_uid="test_attendance")
    yield received
    attendance_recorded.disconnect(dispatch_uid="test_attendance")


def test_ingesting_says_what_it_wrote_and_tells_the_certificates_app(
    meeting, webinar_at_t0, django_capture_on_commit_callbacks, announced
):
    person = ProfileFactory().user
    register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    body = payload(meeting, [{"ext_user_id": str(person.pk), "joins": [iso(0)], "leaves": [iso(45)]}])

    with django_capture_on_commit_callbacks(execute=True):
        first = ingest_analytics(payload=body)
        again = ingest_analytics(payload=body)

    assert (first, again) == (IngestResult(replayed=False, attendances_written=1),
                              IngestResult(replayed=True, attendances_written=0))
    assert announced == [webinar_at_t0.pk]


def test_a_report_counts_only_this_events_confirmed_registrations_and_keeps_corrections(
    meeting, webinar_at_t0, make_event
):
    later_event = make_event("Następny webinar", start=T0 + timedelta(days=7), end=at(90) + timedelta(days=7))
    presenter, corrected, cancelled, in_two_events, plain = (ProfileFactory().user for _ in range(5))
    staff = ProfileFactory(user__is_staff=True).user
    correction = register(event=webinar_at_t0, participant=corrected, now=T0 - timedelta(days=1))
    correct_attendance(registration=correction, minutes=80, reason="Lista obecności", actor=staff)
    cancel(registration=register(event=webinar_at_t0, participant=cancelled, now=T0 - timedelta(days=1)),
           actor=cancelled, now=T0 - timedelta(hours=2))
    here = register(event=webinar_at_t0, participant=in_two_events, now=T0 - timedelta(days=1))
    register(event=later_event, participant=in_two_events, now=T0 - timedelta(days=1))
    plains = register(event=webinar_at_t0, participant=plain, now=T0 - timedelta(days=1))
    # the people without a registration to count come first: each is skipped, not the end of the list
    attendees = [{"ext_user_id": str(user.pk), "joins": [iso(0)], "leaves": [iso(30)]}
                 for user in (presenter, corrected, cancelled, in_two_events, plain)]

    result = ingest_analytics(payload=payload(meeting, attendees))

    assert result.attendances_written == 2
    written = {(a.registration_id, a.minutes_present, a.source) for a in Attendance.objects.all()}
    assert written == {(correction.pk, 80, "manual"), (here.pk, 30, "analytics"), (plains.pk, 30, "analytics")}


def test_polling_stops_once_the_callback_has_written_this_events_attendance(meeting, webinar_at_t0):
    person = ProfileFactory().user
    registration = register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    Attendance.objects.create(registration=registration, minutes_present=45, percent_present=50, source="analytics")

    written = record_presence(meeting=meeting, present_user_ids=[str(person.pk)], now=at(60), poll_seconds=60)

    assert written == 0
    assert Attendance.objects.values_list("minutes_present", "source").get() == (45, "analytics")


def test_polling_goes_on_when_only_another_event_has_callback_data(meeting, webinar_at_t0, make_event):
    other = make_event("Inny webinar", start=T0, end=at(90))
    elsewhere = register(event=other, participant=ProfileFactory().user, now=T0 - timedelta(days=1))
    Attendance.objects.create(registration=elsewhere, minutes_present=45, source="analytics")
    polled, newcomer = ProfileFactory().user, ProfileFactory().user
    for person in (polled, newcomer):
        register(event=webinar_at_t0, participant=person, now=T0 - timedelta(days=1))
    record_presence(meeting=meeting, present_user_ids=[str(polled.pk)], now=at(10), poll_seconds=60)

    written = record_presence(meeting=meeting, present_user_ids=[str(polled.pk), str(newcomer.pk)], now=at(11),
                              poll_seconds=60)

    assert written == 2  # one updated, one new
    assert sorted(Attendance.objects.filter(source="polling").values_list("minutes_present", flat=True)) == [1, 2]
