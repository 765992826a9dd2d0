"""Staff see and manage registrations in the Wagtail admin; nobody else does."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.editorial import ensure_editorial_groups
from events.models import EventPage, Registration
from events.services.registration import register
from lms.models import AuditEntry
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    # Transactional tests flush the groups a data migration created; re-run it (it is idempotent).
    ensure_editorial_groups(apps)
    return {group.name: group for group in Group.objects.all()}


def member_of(groups, name):
    user = ProfileFactory(user__is_staff=False).user
    user.groups.add(groups[name])
    return user


@pytest.fixture
def full_event(make_event):
    event = make_event(capacity=1)
    holder = ProfileFactory(user__last_name="Pierwsza").user
    waiting = ProfileFactory(user__last_name="Druga").user
    register(event=event, participant=holder, access_needs=["sign_language"], access_needs_details="PJM")
    register(event=event, participant=waiting)
    return event


def test_event_staff_see_registrations_with_access_needs(client, groups, full_event):
    client.force_login(member_of(groups, "Event staff"))

    response = client.get(f"/admin/registrations/?event={full_event.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Pierwsza" in html and "Druga" in html
    assert "Polish Sign Language" in html or "PJM" in html


def test_csv_export_contains_access_needs(client, groups, full_event):
    client.force_login(member_of(groups, "Event staff"))

    response = client.get(f"/admin/registrations/?event={full_event.pk}&export=csv")

    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200
    assert "PJM" in content and "Druga" in content
    headings, first, *_ = content.splitlines()
    assert headings.startswith("Uczestnik,E-mail,Wydarzenie,Początek") and "Potrzeby w zakresie dostępności" in headings
    # States by their labels, times in the office's zone to the second (as the listing shows them).
    start = timezone.localtime(full_event.start).strftime("%Y-%m-%d %H:%M:%S")
    assert f"Webinar dla pracodawców,{start},potwierdzona," in first


def test_xlsx_export(client, groups, full_event):
    client.force_login(member_of(groups, "Event staff"))

    response = client.get(f"/admin/registrations/?event={full_event.pk}&export=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_staff_cancel_with_reason_promotes_and_is_audited(client, groups, full_event):
    staff = member_of(groups, "Event staff")
    client.force_login(staff)
    holder = Registration.objects.get(participant__last_name="Pierwsza")

    form = client.get(f"/admin/registrations/action/{holder.pk}/cancel/")
    response = client.post(f"/admin/registrations/action/{holder.pk}/cancel/", {"reason": "Zgłoszenie telefoniczne"})

    assert form.status_code == 200
    assert response.status_code == 302
    assert Registration.objects.get(participant__last_name="Druga").state == "confirmed"
    entry = AuditEntry.objects.get(action="registration.cancelled")
    assert entry.actor == staff and entry.data["reason"] == "Zgłoszenie telefoniczne"


def test_action_without_reason_is_a_field_error_and_changes_nothing(client, groups, full_event):
    client.force_login(member_of(groups, "Event staff"))
    holder = Registration.objects.get(participant__last_name="Pierwsza")

    response = client.post(f"/admin/registrations/action/{holder.pk}/cancel/", {"reason": ""})

    assert response.status_code == 400
    holder.refresh_from_db()
    assert holder.state == "confirmed"


def test_promote_without_free_seat_explains_why(client, groups, full_event):
    client.force_login(member_of(groups, "Event staff"))
    waiting = Registration.objects.get(participant__last_name="Druga")

    response = client.post(f"/admin/registrations/action/{waiting.pk}/promote/", {"reason": "Pilne"})

    assert response.status_code == 409
    waiting.refresh_from_db()
    assert waiting.state == "waiting"


@pytest.mark.parametrize("group", ["Editors", None])
def test_editors_and_participants_cannot_see_or_change_registrations(client, groups, full_event, group):
    user = member_of(groups, group) if group else ProfileFactory().user
    client.force_login(user)
    holder = Registration.objects.get(participant__last_name="Pierwsza")

    listing = client.get("/admin/registrations/")
    action = client.post(f"/admin/registrations/action/{holder.pk}/cancel/", {"reason": "x"})

    assert listing.status_code in (302, 403)
    assert action.status_code in (302, 403)
    holder.refresh_from_db()
    assert holder.state == "confirmed"


def test_unknown_action_is_not_found(client, groups, full_event):
    client.force_login(member_of(groups, "Event staff"))
    holder = Registration.objects.get(participant__last_name="Pierwsza")

    response = client.post(f"/admin/registrations/action/{holder.pk}/delete-everything/", follow=True)

    assert response.status_code == 404
    holder.refresh_from_db()
    assert holder.state == "confirmed"


def test_staff_see_attendance_with_source_and_correct_it_with_a_reason(client, groups, make_event):
    from events.models import Attendance

    event = make_event(capacity=5)
    registration = register(event=event, participant=ProfileFactory(user__last_name="Obecna").user)
    Attendance.objects.create(registration=registration, minutes_present=30, percent_present=25, source="polling")
    staff = member_of(groups, "Event staff")
    client.force_login(staff)

    listing = client.get(f"/admin/attendance/?event={event.pk}")
    refused = client.post(f"/admin/attendance/correct/{registration.pk}/", {"minutes": "90", "reason": ""})
    longer_than_the_event = client.post(f"/admin/attendance/correct/{registration.pk}/",
                                        {"minutes": str(event.scheduled_minutes + 1), "reason": "Telefon"})
    corrected = client.post(f"/admin/attendance/correct/{registration.pk}/", {"minutes": "90", "reason": "Telefon"})

    assert listing.status_code == 200 and "Obecna" in listing.content.decode()
    assert refused.status_code == 400 and longer_than_the_event.status_code == 400
    assert f"{event.scheduled_minutes}" in longer_than_the_event.content.decode()  # the limit is stated
    assert corrected.status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.minutes_present, attendance.source, attendance.correction_reason) == (90, "manual", "Telefon")
    assert AuditEntry.objects.filter(action="attendance.corrected", actor=staff).exists()


def test_participants_cannot_correct_attendance(client, groups, event, participant):
    registration = register(event=event, participant=participant)
    client.force_login(participant)

    response = client.post(f"/admin/attendance/correct/{registration.pk}/", {"minutes": "999", "reason": "x"})

    assert response.status_code in (302, 403)
    from events.models import Attendance

    assert not Attendance.objects.exists()


def test_an_event_people_registered_for_cannot_be_deleted_alone_with_its_parent_or_in_bulk(
    client, administrator, full_event, make_event
):
    client.force_login(administrator)
    empty = make_event("Nikt się nie zapisał")
    index = full_event.get_parent()

    alone = client.post(f"/admin/pages/{full_event.pk}/delete/", follow=True)
    with_parent = client.post(f"/admin/pages/{index.pk}/delete/")
    in_bulk = client.post(f"/admin/bulk/wagtailcore/page/delete/?id={full_event.pk}&id={empty.pk}")

    assert "nie można usunąć" in alone.content.decode()
    assert with_parent.status_code == 302 and in_bulk.status_code == 302
    assert EventPage.objects.filter(pk__in=[full_event.pk, empty.pk]).count() == 2
    assert Registration.objects.filter(event=full_event).count() == 2

    client.post(f"/admin/pages/{empty.pk}/delete/")
    assert not EventPage.objects.filter(pk=empty.pk).exists()


def test_seats_cannot_drop_below_the_confirmed_and_the_waiting_list_stays_while_people_wait(full_event):
    full_event.capacity = 0
    full_event.waiting_list = False

    with pytest.raises(ValidationError) as refused:
        full_event.full_clean()

    assert set(refused.value.message_dict) == {"capacity", "waiting_list"}
    assert "1" in refused.value.message_dict["capacity"][0]
    full_event.capacity, full_event.waiting_list = 1, True
    full_event.full_clean()  # as many seats as confirmed people is fine
