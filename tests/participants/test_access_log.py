"""Staff seeing or exporting people's data is recorded in the audit log (who, what, which event or person), next to
the changes; a participant's own pages and the door page's polling are not."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from events.editorial import ensure_editorial_groups
from events.models import Attendance, EventPage
from events.services.registration import register
from lms.models import AuditEntry
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def door_event(make_event, participant):  # noqa: F811
    event = make_event("Dzień otwarty w urzędzie", format=EventPage.Format.IN_PERSON, kind=EventPage.Kind.OPEN_DAY,
                       start=timezone.now().replace(microsecond=0) + timedelta(minutes=30))
    Attendance.objects.create(registration=register(event=event, participant=participant), minutes_present=30,
                              source=Attendance.Source.CHECKIN)
    return event


@pytest.fixture
def event_staff():
    ensure_editorial_groups(apps)
    user = ProfileFactory().user
    user.groups.add(Group.objects.get(name="Event staff"))
    return user


def accesses():
    return list(AuditEntry.objects.filter(action__startswith="access.").order_by("pk")
                .values_list("action", "target_type", "target_id", "data"))


@pytest.mark.parametrize(("url", "action", "data"), [
    ("/admin/registrations/?event={event}", "access.registrations.viewed", {}),
    ("/admin/registrations/results/?event={event}&q=kowal", "access.registrations.viewed", {"search": "kowal"}),
    ("/admin/registrations/?event={event}&export=csv", "access.registrations.exported", {"format": "csv"}),
    ("/admin/registrations/?event={event}&export=xlsx", "access.registrations.exported", {"format": "xlsx"}),
    ("/admin/attendance/?event={event}", "access.attendance.viewed", {}),
    ("/admin/attendance/?event={event}&export=csv", "access.attendance.exported", {"format": "csv"}),
    ("/admin/events/{event}/check-in/", "access.checkin.viewed", {}),
])
def test_each_staff_view_of_an_events_people_is_recorded_once(client, door_event, event_staff, url, action, data):
    client.force_login(event_staff)

    assert client.get(url.format(event=door_event.pk)).status_code == 200

    assert accesses() == [(action, "events.eventpage", str(door_event.pk), data)]
    assert AuditEntry.objects.get(action=action).actor == event_staff


def test_opening_one_registration_is_recorded(client, door_event, event_staff):
    registration = door_event.registrations.get()
    client.force_login(event_staff)

    assert client.get(f"/admin/registrations/inspect/{registration.pk}/").status_code == 200

    assert accesses() == [("access.registration.viewed", "events.registration", str(registration.pk), {})]


def test_an_unfiltered_listing_is_recorded_as_about_everyone(client, door_event, event_staff):
    client.force_login(event_staff)

    client.get("/admin/registrations/")

    entry = AuditEntry.objects.get(action="access.registrations.viewed")
    assert (entry.target_type, entry.target_repr) == ("", "*")
    assert entry.description() == "Otwarcie listy rejestracji: *"


def test_opening_a_persons_account_in_the_admin_is_recorded(client, administrator, participant):
    client.force_login(administrator)

    assert client.get(reverse("wagtailusers_users:edit", args=[participant.pk])).status_code == 200

    assert accesses() == [("access.profile.viewed", "lms.user", str(participant.pk), {})]


def test_the_door_pages_polling_and_a_participants_own_pages_are_not_recorded(client, door_event, event_staff,
                                                                              participant):
    client.force_login(event_staff)
    client.get(f"/admin/events/{door_event.pk}/door/counts/")
    client.force_login(participant)
    for url in ("/pl/my/account/", "/pl/my/account/data/", "/pl/my/account/data/?format=json",
                "/pl/my/registrations/"):
        assert client.get(url).status_code == 200

    assert accesses() == []


def test_the_audit_log_finds_the_accesses(client, door_event, event_staff, administrator):
    client.force_login(event_staff)
    client.get(f"/admin/registrations/?event={door_event.pk}&export=csv")
    client.get(f"/admin/events/{door_event.pk}/check-in/")
    client.force_login(administrator)

    page = client.get("/admin/audit-log/?action=access.").content.decode()
    searched = client.get("/admin/audit-log/?q=Dzień otwarty").content.decode()

    assert "Eksport listy rejestracji (csv): Dzień otwarty w urzędzie" in page
    assert "Otwarcie listy obecności przy wejściu: Dzień otwarty w urzędzie" in page
    assert "Eksport listy rejestracji (csv)" in searched


def test_a_refused_attempt_to_open_an_account_records_no_access(client, event_staff, participant):
    client.force_login(event_staff)

    assert client.get(reverse("wagtailusers_users:edit", args=[participant.pk])).status_code in (302, 403)

    assert accesses() == []
