"""The staff dashboard on the Wagtail admin home: each app's panel, who sees it, the numbers it shows, and a
constant number of queries however many events there are."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Workflow
from wagtail.users.models import UserProfile

from certificates.models import CertificateDecision, IssuingRun
from events.editorial import ensure_editorial_groups
from events.models import EventPage, Meeting
from events.selectors import staff_week
from events.services.checkin import check_in
from events.services.meetings import join_url_for, poll_running_meetings
from events.services.registration import register
from lms.models import OutgoingMail
from tests.certificates.conftest import attended, certificate_template, finished_event  # noqa: F401
from tests.events.conftest import event_index, location, make_event  # noqa: F401
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def member_of(db):
    ensure_editorial_groups(apps)

    def make(*group_names: str, **user_fields):
        user = ProfileFactory(**{f"user__{name}": value for name, value in user_fields.items()}).user
        user.groups.add(*Group.objects.filter(name__in=group_names))
        return user

    return make


def dashboard(client, user) -> str:
    """The admin home as ``user`` sees it, in English (the office uses it in Polish; the tests read English)."""
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, title: str, *, after: str = "") -> list[str]:
    """The cells of the dashboard table row headed by ``title`` (the first after ``after``), as text."""
    html = html[html.index(after):]
    row = re.search(r"<tr>\s*<th scope=\"row\">" + re.escape(title) + r".*?</tr>", html, re.S)
    assert row, f"no row for {title}"
    return [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row.group(0), re.S)]


def people(count: int) -> list:
    return [ProfileFactory().user for _ in range(count)]


@pytest.fixture
def training_now(make_event):  # noqa: F811
    """An in-person training going on now (so it is "today" whatever the hour) with 2 seats."""
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    return make_event("Szkolenie w urzędzie", kind=EventPage.Kind.TRAINING, format=EventPage.Format.IN_PERSON,
                      start=start, end=start + timedelta(hours=2), capacity=2)


def test_event_staff_see_todays_event_with_registered_waiting_and_seats_and_the_check_in_link(
        client, member_of, training_now):
    first, second, third = people(3)
    for person in (first, second, third):
        register(event=training_now, participant=person, now=training_now.start - timedelta(days=1))
    check_in(registration=training_now.registrations.get(participant=first), actor=first)

    html = dashboard(client, member_of("Event staff"))

    assert "Events this week" in html
    # Registered, waiting, seats, checked in, links.
    assert row_of(html, training_now.title)[:4] == ["2", "1", "2", "1"]
    assert f'href="/admin/events/{training_now.pk}/check-in/"' in html
    assert f'href="/admin/attendance/?event={training_now.pk}"' in html
    assert f'href="/admin/registrations/?event={training_now.pk}"' in html


def test_moderators_see_the_events_without_the_check_in_link(client, member_of, training_now):
    html = dashboard(client, member_of("Moderators"))

    assert row_of(html, training_now.title)[:3] == ["0", "0", "2"]
    assert f"/admin/events/{training_now.pk}/check-in/" not in html


def test_editors_and_participants_without_admin_access_do_not_see_the_events(client, member_of, training_now,
                                                                             participant):
    assert "Events this week" not in dashboard(client, member_of("Editors"))

    client.force_login(participant)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_week_is_today_and_the_days_left_until_sunday_in_the_office_time_zone(make_event):  # noqa: F811
    wednesday = datetime(2026, 12, 9, 0, 30, tzinfo=WARSAW)  # still Tuesday in UTC

    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 12, day, hour, tzinfo=WARSAW)

    yesterday = make_event("Wtorek", start=at(8, 10), end=at(8, 12))
    early_today = make_event("Środa rano", start=at(9, 8), end=at(9, 10))
    sunday = make_event("Niedziela", start=at(13, 10), end=at(13, 12))
    make_event("Poniedziałek", start=at(14, 10), end=at(14, 12))

    week = staff_week(now=wednesday)

    assert [event.title for event in week.today] == [early_today.title]
    assert [event.title for event in week.later_this_week] == [sunday.title]
    assert yesterday.title not in [event.title for event in week.today + week.later_this_week]


def test_a_running_webinar_shows_the_people_in_the_room_from_the_last_poll(
        client, member_of, standin, make_event, settings):  # noqa: F811
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=10)
    webinar = make_event("Webinar trwający", start=start, end=start + timedelta(hours=1))
    joined = people(2)
    for person in [*joined, *people(1)]:
        register(event=webinar, participant=person, now=start - timedelta(days=1))
    for person in joined:
        requests.get(join_url_for(event=webinar, user=person), timeout=5)
    poll_running_meetings()
    settings.BBB_URL = "http://127.0.0.1:9/bigbluebutton/"  # the dashboard reads the poll's count, never BBB

    html = dashboard(client, member_of("Event staff"))

    meeting = Meeting.objects.get()
    assert (meeting.state, meeting.people_in_room) == ("running", 2)
    assert "Webinars running now" in html
    people_in_room, registered, _links = row_of(html, webinar.title)[:3]
    assert people_in_room.startswith("2 ") and registered == "3"


def test_event_staff_see_a_failed_issuing_run_until_a_later_run_replaces_it(
        client, member_of, finished_event):  # noqa: F811
    IssuingRun.objects.create(event=finished_event, state=IssuingRun.State.FAILED, cause=IssuingRun.Cause.DISK_FULL)
    staff = member_of("Event staff")

    html = dashboard(client, staff)

    assert "Issuing that failed" in html
    assert row_of(html, finished_event.title, after="Issuing that failed")[1] == "the disk for certificates is full"
    assert f'href="/admin/certificates/for/event/{finished_event.pk}/"' in html
    IssuingRun.objects.create(event=finished_event, state=IssuingRun.State.SUCCEEDED)
    assert "Issuing that failed" not in dashboard(client, staff)


def test_event_staff_see_participants_waiting_for_a_certificate_decision(
        client, member_of, finished_event, attended):  # noqa: F811
    below, missing, decided = people(3)
    attended(finished_event, below, 50)
    attended(finished_event, missing, None)
    attended(finished_event, decided, 40)
    attended(finished_event, ProfileFactory().user, 95)  # meets the rule: issued without anyone deciding
    staff = member_of("Event staff")
    CertificateDecision.objects.create(event=finished_event, participant=decided, decision="refuse",
                                       reason="Nieobecny", decided_by=staff)

    html = dashboard(client, staff)

    assert "Waiting for a decision" in html
    assert row_of(html, finished_event.title, after="Waiting for a decision")[1] == "2"
    assert "Certificates needing attention" not in dashboard(client, member_of("Moderators"))


def test_given_up_mail_is_shown_to_those_who_may_see_outgoing_mail_only(client, member_of, administrator):
    OutgoingMail.objects.create(to=["a@example.org"], subject="Potwierdzenie", body_text="…",
                                state=OutgoingMail.State.GIVEN_UP)
    OutgoingMail.objects.create(to=["b@example.org"], subject="Przypomnienie", body_text="…",
                                state=OutgoingMail.State.SENT)

    html = dashboard(client, administrator)

    assert "1 e-mail was given up" in html
    assert 'href="/admin/outgoing-mail/?state=given_up"' in html
    staff = member_of("Event staff")
    assert "was given up" not in dashboard(client, staff)
    staff.user_permissions.add(Permission.objects.get(codename="view_outgoingmail"))
    assert "1 e-mail was given up" in dashboard(client, type(staff).objects.get(pk=staff.pk))


def test_moderators_see_pages_waiting_for_their_review_and_event_staff_do_not(
        client, member_of, make_event):  # noqa: F811
    editor = member_of("Editors")
    event = make_event("Wydarzenie do akceptacji")
    workflow = Workflow.objects.get(name="Moderators approval")
    workflow.start(Page.objects.get(pk=event.pk), editor)

    moderators_view = dashboard(client, member_of("Moderators"))
    assert 'id="awaiting-review' in moderators_view and "Wydarzenie do akceptacji" in moderators_view
    staff_view = dashboard(client, member_of("Event staff"))
    assert 'id="awaiting-review' not in staff_view and "Wydarzenie do akceptacji" not in staff_view


def test_the_dashboard_takes_the_same_number_of_queries_for_two_or_eight_events(
        client, member_of, make_event, finished_event, attended):  # noqa: F811
    staff = member_of("Event staff")
    client.force_login(staff)
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=30)

    def add_events(count: int) -> None:
        for number in range(count):
            event = make_event(f"Szkolenie {number}", format=EventPage.Format.IN_PERSON, start=start,
                               end=start + timedelta(hours=2))
            for person in people(2):
                register(event=event, participant=person, now=start - timedelta(days=1))
            IssuingRun.objects.create(event=event, state=IssuingRun.State.FAILED)
            attended(finished_event, ProfileFactory().user, 10)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured.captured_queries)

    add_events(2)
    client.get("/admin/")  # warms Wagtail's per-process caches
    with_two = count_queries()
    add_events(6)
    assert count_queries() == with_two
