"""Check-in at the door from a phone: the page, and the JSON answers its scanner, typed code and name search get."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.users.models import UserProfile

from events.models import Attendance, EventPage
from events.services.registration import cancel, register
from lms.models import AuditEntry
from tests.events.test_checkin import in_person, moderator, registration, staff  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def door_url(event, part: str = "") -> str:
    return f"/admin/events/{event.pk}/door/{part}"


@pytest.fixture
def door(client, staff):  # noqa: F811
    """The staff member's client, speaking English in the admin (the answers' texts are compared)."""
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(staff)
    return client


@pytest.fixture
def interpreted(registration):  # noqa: F811
    registration.access_needs = ["sign_language", "step_free"]
    registration.access_needs_details = "Siedzenie blisko tłumacza"
    registration.save()
    profile = registration.participant.profile
    profile.audience = "employer"
    profile.company_name = "Piekarnia Zorza"
    profile.save()
    return registration


def scan(client, event, code: str):
    return client.post(door_url(event, "check-in/"), {"code": code})


def test_a_scan_checks_the_person_in_and_shows_who_they_are(door, in_person, interpreted):  # noqa: F811
    answer = scan(door, in_person, interpreted.ticket_code)

    assert answer.status_code == 200
    data = answer.json()
    name = interpreted.participant.get_full_name()
    assert data["outcome"] == "checked_in"
    assert data["message"] == f"{name} is checked in."
    assert data["person"] == {
        "registration": interpreted.pk,
        "name": name, "audience": "Employer",
        "access_needs": ["Polish Sign Language (PJM) interpreter", "Step-free access", "Siedzenie blisko tłumacza"],
    }
    assert data["counts"] == {"present": 1, "confirmed": 1}
    assert Attendance.objects.get(registration=interpreted).source == Attendance.Source.CHECKIN


def test_scanning_again_says_when_the_person_came_and_writes_nothing(door, in_person, registration):  # noqa: F811
    scan(door, in_person, registration.ticket_code)
    attendance = Attendance.objects.get(registration=registration)

    again = scan(door, in_person, registration.ticket_code)

    at = timezone.localtime(attendance.updated_at, ZoneInfo("Europe/Warsaw")).strftime("%H:%M")
    assert again.status_code == 200
    assert again.json()["outcome"] == "already"
    assert again.json()["message"] == f"{registration.participant.get_full_name()} was already checked in at {at}."
    assert Attendance.objects.filter(registration=registration).count() == 1
    assert Attendance.objects.get(registration=registration).updated_at == attendance.updated_at
    assert AuditEntry.objects.filter(action="attendance.checked_in").count() == 1


def test_a_typed_code_in_lower_case_with_spaces_is_read(door, in_person, registration):  # noqa: F811
    typed = f"  {registration.ticket_code.lower().replace('-', ' ')} "

    answer = scan(door, in_person, typed)

    assert answer.json()["outcome"] == "checked_in"
    assert Attendance.objects.filter(registration=registration).exists()


def test_another_events_ticket_names_that_event(door, in_person, make_event, other_participant):  # noqa: F811
    elsewhere = make_event("Dzień otwarty dla szkół", format=EventPage.Format.IN_PERSON,
                           start=timezone.now() + timedelta(minutes=20))
    other = register(event=elsewhere, participant=other_participant)

    answer = scan(door, in_person, other.ticket_code)

    assert answer.status_code == 409
    assert answer.json()["outcome"] == "refused"
    assert answer.json()["message"] == "This ticket is for another event: Dzień otwarty dla szkół."
    assert not Attendance.objects.exists()


def test_a_forged_ticket_is_refused_before_any_query_of_registrations(door, in_person, registration):  # noqa: F811
    code = registration.ticket_code
    forged = ("A" if code[0] != "A" else "B") + code[1:]

    with CaptureQueriesContext(connection) as queries:
        answer = scan(door, in_person, forged)

    assert answer.status_code == 400
    assert answer.json()["message"] == "This ticket code is not genuine: it was mistyped or forged."
    assert answer.json()["person"] is None
    assert not [query for query in queries if "events_registration" in query["sql"]
                and "COUNT" not in query["sql"]]  # only the page's counts read the table
    assert not Attendance.objects.exists() and not AuditEntry.objects.filter(action__startswith="attendance.").exists()


def test_a_cancelled_ticket_says_so(door, in_person, registration):  # noqa: F811
    cancel(registration=registration, actor=registration.participant)

    answer = scan(door, in_person, registration.ticket_code)

    assert answer.status_code == 409
    assert answer.json()["message"] == "This ticket was cancelled: the registration was cancelled."
    assert not Attendance.objects.exists()


def test_a_name_found_by_search_is_checked_in_by_its_registration(door, in_person, registration):  # noqa: F811
    participant = registration.participant
    participant.last_name = "Żółkiewska"
    participant.save()

    found = door.get(door_url(in_person, "search/"), {"q": "zolkiewska"}).json()["people"]
    assert [person["registration"] for person in found] == [registration.pk]

    answer = door.post(door_url(in_person, "check-in/"), {"registration": found[0]["registration"]})
    assert answer.json()["outcome"] == "checked_in"
    assert door.get(door_url(in_person, "counts/")).json() == {"present": 1, "confirmed": 1}
    assert door.post(door_url(in_person, "check-in/"), {"registration": "x"}).status_code == 400


def test_without_the_check_in_right_everything_is_forbidden(client, moderator, in_person, registration):  # noqa: F811
    client.force_login(moderator)
    ajax = {"headers": {"X-Requested-With": "XMLHttpRequest"}}  # as the page's script asks

    page = client.get(door_url(in_person))
    assert (page.status_code, page["Location"]) == (302, "/admin/")  # Wagtail's "no permission" message
    assert client.post(door_url(in_person, "check-in/"), {"code": registration.ticket_code}, **ajax).status_code == 403
    assert client.get(door_url(in_person, "counts/"), **ajax).status_code == 403
    assert client.get(door_url(in_person, "search/"), {"q": "a"}, **ajax).status_code == 403
    assert not Attendance.objects.exists()


def test_the_page_is_polish_by_default_allows_the_camera_and_webassembly_only_here(client, staff, in_person,  # noqa: F811
                                                                                   registration):  # noqa: F811
    client.force_login(staff)

    response = client.get(door_url(in_person))
    other_page = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl">' in html and "Skanowanie biletu" in html
    assert 'src="/static/vendor/zxing-wasm/zxing-reader.js"' in html and 'src="/static/js/door.js"' in html
    assert "'wasm-unsafe-eval'" in response["Content-Security-Policy"]
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "wasm-unsafe-eval" not in other_page.get("Content-Security-Policy", "")
    assert "camera=()" in other_page["Permissions-Policy"]
    # Reachable from the check-in list of the event and from the menu's list of events.
    assert door_url(in_person) in client.get(f"/admin/events/{in_person.pk}/check-in/").content.decode()
    assert door_url(in_person) in client.get("/admin/check-in/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_phones_scanning_one_ticket_at_once_check_in_once(make_event, participant):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one connection between threads; the PostgreSQL run covers this")
    from django.apps import apps
    from django.contrib.auth.models import Group

    from events.editorial import ensure_editorial_groups

    ensure_editorial_groups(apps)
    start = timezone.now().replace(microsecond=0) + timedelta(minutes=30)
    event = make_event("Dzień otwarty", format=EventPage.Format.IN_PERSON, start=start, end=start + timedelta(hours=2))
    ticket = register(event=event, participant=participant).ticket_code
    phones = []
    for _ in range(2):
        user = ProfileFactory().user
        user.groups.add(Group.objects.get(name="Event staff"))
        phone = Client()
        phone.force_login(user)
        phones.append(phone)
    together = Barrier(len(phones))

    def scan_at_once(phone):
        together.wait()
        try:
            return scan(phone, event, ticket).json()["outcome"]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(phones)) as pool:
        outcomes = sorted(pool.map(scan_at_once, phones))

    assert outcomes == ["already", "checked_in"]
    assert Attendance.objects.filter(registration__event=event).count() == 1
    assert AuditEntry.objects.filter(action="attendance.checked_in").count() == 1
