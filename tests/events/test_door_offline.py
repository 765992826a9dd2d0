"""The door without a connection: the list a phone keeps, and the check-ins it sends later with the time of the
scan, merged so that a person let in by two phones has one check-in at the earlier time."""

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.db import connection, connections
from django.utils import timezone

from events.models import Attendance, EventPage
from events.services.attendance import correct_attendance
from events.services.checkin import CheckInError, check_in, check_in_at
from events.services.registration import cancel, register
from events.tickets import code_for
from lms.models import AuditEntry
from tests.events.test_checkin import audit_actions, in_person, moderator, registration, staff  # noqa: F401
from tests.events.test_door import door, door_url  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_a_check_in_sent_later_keeps_the_time_of_the_scan(registration, staff):  # noqa: F811
    scanned = timezone.now().replace(microsecond=0) - timedelta(minutes=12)

    attendance, outcome = check_in_at(registration=registration, actor=staff, at=scanned)

    assert outcome == "checked_in"
    assert (attendance.source, attendance.checked_in_at, attendance.minutes_present) == (
        Attendance.Source.CHECKIN, scanned, 120)
    entry = AuditEntry.objects.get(action="attendance.checked_in")
    assert (entry.actor, entry.data) == (staff, {"attendance_id": attendance.pk, "minutes": 120,
                                                 "checked_in_at": scanned.isoformat(), "sent_later": True})


def test_two_phones_merge_to_one_check_in_at_the_earliest_time(registration, staff, moderator):  # noqa: F811
    now = timezone.now().replace(microsecond=0)
    first_phone, second_phone = now - timedelta(minutes=5), now - timedelta(minutes=20)

    check_in_at(registration=registration, actor=staff, at=first_phone, now=now)
    attendance, outcome = check_in_at(registration=registration, actor=moderator, at=second_phone, now=now)

    assert outcome == "moved_earlier"
    assert Attendance.objects.get(registration=registration).checked_in_at == second_phone
    assert Attendance.objects.filter(registration=registration).count() == 1
    moved = AuditEntry.objects.get(action="attendance.check_in_moved_earlier")
    assert (moved.actor, moved.data) == (moderator, {"attendance_id": attendance.pk, "before": first_phone.isoformat(),
                                                     "after": second_phone.isoformat()})

    # The first phone's queue sent again, and a later scan, change nothing.
    for later in (first_phone, now):
        assert check_in_at(registration=registration, actor=staff, at=later, now=now)[1] == "already"
    assert Attendance.objects.get(registration=registration).checked_in_at == second_phone
    assert audit_actions(registration) == ["attendance.checked_in", "attendance.check_in_moved_earlier"]


def test_an_online_check_in_is_moved_earlier_by_a_phone_that_was_offline(registration, staff):  # noqa: F811
    now = timezone.now().replace(microsecond=0)
    check_in(registration=registration, actor=staff, now=now)

    check_in_at(registration=registration, actor=staff, at=now - timedelta(minutes=3), now=now)

    assert Attendance.objects.get(registration=registration).checked_in_at == now - timedelta(minutes=3)


def test_the_phones_clock_a_little_ahead_counts_as_now_far_ahead_or_before_the_doors_is_refused(
    registration, staff, in_person  # noqa: F811
):
    now = timezone.now().replace(microsecond=0)
    for wrong, code in ((now + timedelta(minutes=6), "time_in_future"),
                        (in_person.start - timedelta(hours=1, minutes=1), "time_before_doors")):
        with pytest.raises(CheckInError) as refused:
            check_in_at(registration=registration, actor=staff, at=wrong, now=now)
        assert refused.value.code == code
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="attendance.").exists()

    attendance, _outcome = check_in_at(registration=registration, actor=staff, at=now + timedelta(minutes=4), now=now)
    assert attendance.checked_in_at == now


def test_a_cancelled_or_corrected_registration_is_not_checked_in_later(registration, staff, in_person):  # noqa: F811
    other = register(event=in_person, participant=ProfileFactory().user)
    correct_attendance(registration=other, actor=staff, minutes=30, reason="Wyszła wcześniej")
    cancel(registration=registration, actor=staff)
    at = timezone.now() - timedelta(minutes=1)

    for refused, code in ((registration, "not_confirmed"), (other, "corrected_by_staff")):
        with pytest.raises(CheckInError) as error:
            check_in_at(registration=refused, actor=staff, at=at)
        assert error.value.code == code
    assert not Attendance.objects.filter(source=Attendance.Source.CHECKIN).exists()


@pytest.mark.django_db(transaction=True)
def test_phones_sending_one_person_at_once_leave_one_check_in_at_the_earliest_time(make_event, participant):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one connection between threads; the PostgreSQL run covers this")
    now = timezone.now().replace(microsecond=0)
    event = make_event("Dzień otwarty", format=EventPage.Format.IN_PERSON, start=now + timedelta(minutes=30),
                       end=now + timedelta(hours=2))
    registration = register(event=event, participant=participant)  # noqa: F811
    times = [now - timedelta(minutes=minutes) for minutes in (3, 9, 1, 6)]
    together = Barrier(len(times))

    def send_at_once(at):
        together.wait()
        try:
            return check_in_at(registration=registration, actor=None, at=at, now=now)[1]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(times)) as pool:
        outcomes = list(pool.map(send_at_once, times))

    assert outcomes.count("checked_in") == 1
    assert Attendance.objects.get(registration=registration).checked_in_at == now - timedelta(minutes=9)
    assert AuditEntry.objects.filter(action="attendance.checked_in").count() == 1


# --- the endpoints -----------------------------------------------------------------------------------------------


def test_the_door_list_holds_the_tickets_names_and_check_in_times(door, in_person, registration, staff):  # noqa: F811
    registration.participant.first_name, registration.participant.last_name = "Zofia", "Żółkiewska"
    registration.participant.save()
    came = register(event=in_person, participant=ProfileFactory(user__first_name="Ivan").user)
    checked = check_in(registration=came, actor=staff)
    gone = register(event=in_person, participant=ProfileFactory().user)
    cancel(registration=gone, actor=staff)

    data = door.get(door_url(in_person, "list/")).json()

    people = {person["registration"]: person for person in data["people"]}
    assert set(people) == {registration.pk, came.pk}
    zofia = people[registration.pk]
    assert zofia["code"] == code_for(registration.pk).replace("-", "")
    assert "zolkiewska" in zofia["search"]
    assert registration.participant.email.lower() in zofia["search"]
    assert (zofia["checked_in_at"], zofia["can_check_in"], zofia["access_needs"]) == (None, True, ["Step-free access"])
    assert people[came.pk]["checked_in_at"] == checked.checked_in_at.isoformat()
    assert data["refused"] == {code_for(gone.pk).replace("-", ""): "This ticket was cancelled: the registration was "
                                                                    "cancelled."}
    assert data["counts"] == {"present": 1, "confirmed": 2}


def sync(client, event, items):
    return client.post(door_url(event, "sync/"), json.dumps({"check_ins": items}), content_type="application/json")


def test_a_sync_answers_each_check_in_and_keeps_the_earliest_time(
    door, in_person, registration, make_event  # noqa: F811
):
    now = timezone.now().replace(microsecond=0)
    ivan = ProfileFactory(user__first_name="Ivan", user__last_name="Petrenko").user
    came = register(event=in_person, participant=ivan)
    elsewhere = register(event=make_event("Inne szkolenie", format=EventPage.Format.IN_PERSON, start=in_person.start,
                                          end=in_person.end), participant=ProfileFactory().user)
    forged = code_for(came.pk)[:-1] + ("0" if code_for(came.pk)[-1] != "0" else "1")
    items = [
        {"key": "a", "registration": registration.pk, "at": (now - timedelta(minutes=2)).isoformat()},
        {"key": "b", "code": came.ticket_code.lower(), "at": (now - timedelta(minutes=9)).isoformat()},
        {"key": "c", "registration": registration.pk, "at": (now - timedelta(minutes=7)).isoformat()},  # 2nd phone
        {"key": "d", "registration": elsewhere.pk, "at": now.isoformat()},
        {"key": "e", "code": forged, "at": now.isoformat()},
        {"key": "f", "registration": came.pk, "at": "yesterday"},
        {"key": "g", "registration": came.pk, "at": (now + timedelta(hours=1)).isoformat()},
        "not a check-in",
        {"key": "h", "registration": 10 ** 30, "at": now.isoformat()},
    ]

    answer = sync(door, in_person, items)

    assert answer.status_code == 200
    answers = answer.json()["answers"]
    assert [(item["key"], item["outcome"]) for item in answers] == [
        ("a", "checked_in"), ("b", "checked_in"), ("c", "already"), ("d", "refused"), ("e", "refused"),
        ("f", "refused"), ("g", "refused"), ("", "refused"), ("h", "refused")]
    assert answers[1]["message"] == "Ivan Petrenko is checked in."
    assert answers[3]["message"] == answers[8]["message"] == "No registration for this event has this number."
    assert answers[4]["message"] == "This ticket code is not genuine: it was mistyped or forged."
    assert answers[5]["message"] == answers[7]["message"] == "This check-in could not be read."
    assert answers[6]["message"].startswith("The time of this check-in is in the future")
    times = dict(Attendance.objects.values_list("registration", "checked_in_at"))
    assert times == {registration.pk: now - timedelta(minutes=7), came.pk: now - timedelta(minutes=9)}
    assert answer.json()["counts"] == {"present": 2, "confirmed": 2}

    # The same queue sent again (the answer was lost on the way back) writes nothing.
    entries = AuditEntry.objects.count()
    assert {item["outcome"] for item in sync(door, in_person, items[:3]).json()["answers"]} == {"already"}
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("body", ["", "[]", '{"check_ins": {}}', '{"check_ins": "x"}', "{nope",
                                  json.dumps({"check_ins": [{}] * 1001})])
def test_a_sync_that_cannot_be_read_is_refused_with_a_reason(door, in_person, registration, body):  # noqa: F811
    answer = door.post(door_url(in_person, "sync/"), body, content_type="application/json")

    assert answer.status_code == 400
    assert answer.json() == {"error": "The list of check-ins could not be read."}
    assert not Attendance.objects.exists()


def test_the_list_and_the_sync_need_the_check_in_right(client, in_person, registration, moderator):  # noqa: F811
    client.force_login(moderator)
    items = [{"registration": registration.pk, "at": timezone.now().isoformat()}]

    assert client.get(door_url(in_person, "list/")).status_code in (302, 403)
    assert sync(client, in_person, items).status_code in (302, 403)
    assert not Attendance.objects.exists()
