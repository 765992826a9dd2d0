"""Check-in at the door of an in-person event: the service's rules and the staff page in the Wagtail admin."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale

from events.editorial import ensure_editorial_groups
from events.models import Attendance, EventPage, Registration
from events.services.attendance import correct_attendance
from events.services.checkin import CheckInError, check_in, check_in_events, check_in_roster, undo_check_in
from events.services.registration import cancel, register
from events.signals import attendance_recorded
from lms.models import AuditEntry
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_person(make_event) -> EventPage:
    """Starts in half an hour (check-in is open, registration still is too) and lasts two hours."""
    start = timezone.now().replace(microsecond=0) + timedelta(minutes=30)
    return make_event("Szkolenie stacjonarne", kind=EventPage.Kind.TRAINING, format=EventPage.Format.IN_PERSON,
                      start=start, end=start + timedelta(hours=2), capacity=5)


@pytest.fixture
def registration(in_person, participant) -> Registration:
    return register(event=in_person, participant=participant, access_needs=["step_free"])


@pytest.fixture
def staff(db):
    ensure_editorial_groups(apps)  # idempotent; the groups may have been flushed by a transactional test
    user = ProfileFactory(user__first_name="Ewa", user__last_name="Bramkowa").user
    user.groups.add(Group.objects.get(name="Event staff"))
    return user


@pytest.fixture
def moderator(db):
    ensure_editorial_groups(apps)
    user = ProfileFactory().user
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def announced():
    """Event ids of the ``attendance_recorded`` signals sent during the test."""
    received: list[int] = []

    def receiver(sender, event_id, **kwargs):
        received.append(event_id)

    attendance_recorded.connect(receiver, dispatch_uid="test_checkin")
    yield received
    attendance_recorded.disconnect(dispatch_uid="test_checkin")


def audit_actions(registration: Registration) -> list[str]:
    return list(AuditEntry.objects.filter(target_type="events.registration", target_id=str(registration.pk),
                                          action__startswith="attendance.").order_by("pk").values_list("action", flat=True))


# --- the service ---------------------------------------------------------------------------------------------


def test_check_in_counts_as_present_for_the_whole_event(registration, staff, in_person):
    attendance = check_in(registration=registration, actor=staff)

    attendance.refresh_from_db()
    assert attendance.source == Attendance.Source.CHECKIN
    assert attendance.intervals == [[in_person.start.isoformat(), in_person.end.isoformat()]]
    assert (attendance.minutes_present, attendance.percent_present) == (120, 100)
    entry = AuditEntry.objects.get(action="attendance.checked_in")
    assert entry.actor == staff and entry.target_id == str(registration.pk)


def test_checking_in_twice_changes_nothing_and_is_audited_once(registration, staff, django_capture_on_commit_callbacks,
                                                               announced):
    first = check_in(registration=registration, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        second = check_in(registration=registration, actor=staff)

    assert second.pk == first.pk
    assert Attendance.objects.filter(registration=registration).count() == 1
    assert audit_actions(registration) == ["attendance.checked_in"]
    assert announced == []  # nothing changed, so nothing to tell the certificates app


@pytest.mark.parametrize("state", ["waiting", "cancelled"])
def test_only_confirmed_registrations_can_be_checked_in(make_event, in_person, participant, staff, state):
    holder = ProfileFactory().user
    register(event=in_person, participant=holder)
    in_person.capacity = 1
    in_person.save_revision().publish()
    registration = register(event=in_person, participant=participant)
    assert registration.state == "waiting"
    if state == "cancelled":
        registration = cancel(registration=registration, actor=participant)

    with pytest.raises(CheckInError) as refused:
        check_in(registration=registration, actor=staff)

    assert refused.value.code == "not_confirmed"
    assert not Attendance.objects.filter(registration=registration).exists()
    assert audit_actions(registration) == []


def test_online_events_take_attendance_from_the_webinar_room_not_check_in(make_event, participant, staff):
    webinar = make_event(start=timezone.now() + timedelta(minutes=30))
    registration = register(event=webinar, participant=participant)

    with pytest.raises(CheckInError) as refused:
        check_in(registration=registration, actor=staff)

    assert refused.value.code == "not_in_person"
    assert not Attendance.objects.exists()


def test_a_staff_correction_is_never_overwritten_or_undone(registration, staff):
    correct_attendance(registration=registration, minutes=30, reason="Wyszła w przerwie", actor=staff)

    with pytest.raises(CheckInError) as refused_check_in:
        check_in(registration=registration, actor=staff)
    with pytest.raises(CheckInError) as refused_undo:
        undo_check_in(registration=registration, actor=staff)

    assert refused_check_in.value.code == refused_undo.value.code == "corrected_by_staff"
    attendance = Attendance.objects.get(registration=registration)
    assert (attendance.source, attendance.minutes_present) == (Attendance.Source.MANUAL, 30)
    assert audit_actions(registration) == []


def test_undo_removes_the_check_in_once(registration, staff):
    check_in(registration=registration, actor=staff)

    undo_check_in(registration=registration, actor=staff)
    undo_check_in(registration=registration, actor=staff)  # a second click finds nothing to undo

    assert not Attendance.objects.filter(registration=registration).exists()
    assert audit_actions(registration) == ["attendance.checked_in", "attendance.check_in_undone"]
    checked_in = AuditEntry.objects.get(action="attendance.checked_in")
    undone = AuditEntry.objects.get(action="attendance.check_in_undone")
    assert undone.actor == staff and undone.data == checked_in.data


def test_check_in_replaces_webinar_data_from_when_the_event_was_online(registration, staff, in_person):
    earlier = Attendance.objects.create(registration=registration, intervals=[["x", "y"]], minutes_present=50,
                                        percent_present=42, source=Attendance.Source.POLLING)

    check_in(registration=registration, actor=staff)

    attendance = Attendance.objects.get(registration=registration)
    assert attendance.pk == earlier.pk
    assert (attendance.intervals, attendance.minutes_present, attendance.percent_present, attendance.source,
            attendance.correction_reason, attendance.corrected_by) == (
        [[in_person.start.isoformat(), in_person.end.isoformat()]], 120, 100, Attendance.Source.CHECKIN, "", None)
    entry = AuditEntry.objects.get(action="attendance.checked_in")
    assert entry.data == {"attendance_id": attendance.pk, "minutes": 120}


def test_undo_leaves_attendance_that_did_not_come_from_check_in(registration, staff):
    Attendance.objects.create(registration=registration, minutes_present=50, source=Attendance.Source.POLLING)

    with pytest.raises(CheckInError) as refused:
        undo_check_in(registration=registration, actor=staff)

    assert refused.value.code == "not_checked_in"
    assert Attendance.objects.get(registration=registration).minutes_present == 50


@pytest.mark.parametrize(("moment", "refusal"), [
    (lambda event: event.start - timedelta(minutes=61), "too_early"),
    (lambda event: event.start - timedelta(minutes=59), None),
    (lambda event: event.end + timedelta(days=7) - timedelta(minutes=1), None),
    (lambda event: event.end + timedelta(days=7, minutes=1), "too_late"),
])
def test_check_in_is_open_from_an_hour_before_until_a_week_after(registration, staff, in_person, moment, refusal):
    now = moment(in_person)

    if refusal:
        with pytest.raises(CheckInError) as refused:
            check_in(registration=registration, actor=staff, now=now)
        assert refused.value.code == refusal
        assert not Attendance.objects.exists()
    else:
        check_in(registration=registration, actor=staff, now=now)
        assert Attendance.objects.get().source == Attendance.Source.CHECKIN


def test_undo_follows_the_same_window(registration, staff, in_person):
    check_in(registration=registration, actor=staff)

    with pytest.raises(CheckInError) as refused:
        undo_check_in(registration=registration, actor=staff, now=in_person.end + timedelta(days=8))

    assert refused.value.code == "too_late"
    assert Attendance.objects.filter(registration=registration).exists()


def test_certificates_hear_of_check_in_and_undo_after_commit(registration, staff, in_person,
                                                             django_capture_on_commit_callbacks, announced):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        check_in(registration=registration, actor=staff)
        assert announced == []  # not before the attendance is committed
    assert len(callbacks) == 1
    assert announced == [in_person.pk]

    with django_capture_on_commit_callbacks(execute=True):
        undo_check_in(registration=registration, actor=staff)
    assert announced == [in_person.pk, in_person.pk]


def test_a_refused_check_in_tells_no_one(registration, staff, django_capture_on_commit_callbacks, announced):
    correct_attendance(registration=registration, minutes=10, reason="Spóźnienie", actor=staff)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(CheckInError):
            check_in(registration=registration, actor=staff)

    assert announced == []


def test_the_events_to_check_in_are_in_person_default_language_pages_until_a_week_after_soonest_first(
    make_event, in_person
):
    now = timezone.now()
    ended_days_ago = make_event("Szkolenie minione", format=EventPage.Format.IN_PERSON,
                                start=now - timedelta(days=3, hours=2), end=now - timedelta(days=3))
    make_event("Szkolenie dawne", format=EventPage.Format.IN_PERSON,
               start=now - timedelta(days=8, hours=2), end=now - timedelta(days=8))
    make_event("Webinar", start=now + timedelta(hours=1))
    in_person.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True)

    assert list(check_in_events(now=now)) == [ended_days_ago, in_person]


def test_the_door_list_holds_this_events_confirmed_registrations_by_surname_then_first_name(make_event, in_person):
    def person(first_name, last_name):
        return ProfileFactory(user__first_name=first_name, user__last_name=last_name).user

    zenon, anna, adam = person("Zenon", "Kowalski"), person("Anna", "Nowak"), person("Adam", "Kowalski")
    for participant in (zenon, anna, adam):
        register(event=in_person, participant=participant)
    gone = person("Adam", "Abacki")
    cancel(registration=register(event=in_person, participant=gone), actor=gone)
    register(event=make_event("Inne szkolenie", format=EventPage.Format.IN_PERSON), participant=person("Aga", "Abacka"))

    roster = check_in_roster(event=in_person)

    assert [row.registration.participant for row in roster.rows] == [adam, zenon, anna]
    assert (roster.confirmed, roster.checked_in, roster.ticket_match, roster.ticket_refusal) == (3, 0, False, "")


# --- the staff page ------------------------------------------------------------------------------------------


def page_url(event) -> str:
    return f"/admin/events/{event.pk}/check-in/"


def action_url(event, registration, action="check-in") -> str:
    return f"/admin/events/{event.pk}/check-in/{registration.pk}/{action}/"


def test_staff_see_the_door_list_with_counts_and_access_needs(client, staff, registration, in_person):
    client.force_login(staff)

    response = client.get(page_url(in_person))

    html = response.content.decode()
    assert response.status_code == 200
    assert in_person.title in html
    assert registration.participant.email in html and registration.ticket_code in html
    assert registration.access_needs_text in html  # rendered in the admin's language, as is this property here
    assert f'action="{action_url(in_person, registration)}"' in html
    assert response.context["roster"].confirmed == 1 and response.context["roster"].checked_in == 0


def test_staff_check_in_and_undo_from_the_page(client, staff, registration, in_person):
    client.force_login(staff)

    checked = client.post(action_url(in_person, registration), {"q": registration.ticket_code})
    assert checked.status_code == 302
    assert checked["Location"] == f"{page_url(in_person)}?q={registration.ticket_code}"
    assert Attendance.objects.get(registration=registration).source == Attendance.Source.CHECKIN
    shown = client.get(checked["Location"])
    assert f'action="{action_url(in_person, registration, "undo")}"' in shown.content.decode()
    assert shown.context["roster"].checked_in == 1
    assert [(message.level_tag, str(registration.participant) in str(message))
            for message in shown.context["messages"]] == [("success", True)]

    undone = client.post(action_url(in_person, registration, "undo"))
    assert undone.status_code == 302 and undone["Location"] == page_url(in_person)
    assert not Attendance.objects.filter(registration=registration).exists()


def test_a_refusal_is_shown_as_an_error_message(client, staff, registration, in_person):
    correct_attendance(registration=registration, minutes=15, reason="Spóźnienie", actor=staff)
    client.force_login(staff)

    response = client.post(action_url(in_person, registration), follow=True)

    assert response.status_code == 200
    messages = [(message.level_tag, str(message)) for message in response.context["messages"]]
    assert [level for level, _text in messages] == ["error"]
    assert str(CheckInError("corrected_by_staff").message) in messages[0][1]
    assert Attendance.objects.get(registration=registration).minutes_present == 15


def test_outside_the_window_the_page_explains_and_offers_no_button(client, staff, make_event, participant):
    later = make_event("Dzień otwarty", kind=EventPage.Kind.OPEN_DAY, format=EventPage.Format.IN_PERSON)  # in a week
    registration = register(event=later, participant=participant)
    client.force_login(staff)

    response = client.get(page_url(later))

    html = response.content.decode()
    assert str(CheckInError("too_early").message) in html
    assert action_url(later, registration) not in html


@pytest.mark.parametrize("role", ["moderator", "participant"])
def test_others_cannot_open_the_page_or_check_in(client, request, registration, in_person, role):
    client.force_login(request.getfixturevalue(role))

    page = client.get(page_url(in_person))
    action = client.post(action_url(in_person, registration))

    # Moderators are in the admin but lack "change attendance": Wagtail turns the refusal into a redirect to the
    # dashboard with a message. Participants are not let into the admin at all and are sent to the sign-in.
    assert (page.status_code, action.status_code) == (302, 302)
    expected = "/admin/" if role == "moderator" else "/pl/accounts/login/"
    assert {page["Location"].split("?")[0], action["Location"].split("?")[0]} == {expected}
    assert not Attendance.objects.exists()


def test_check_in_is_post_only(client, staff, registration, in_person):
    client.force_login(staff)

    response = client.get(action_url(in_person, registration))

    assert response.status_code == 405
    assert not Attendance.objects.exists()


def not_found(client, method: str, url: str) -> bool:
    # LocaleMiddleware answers a 404 outside the language prefixes with a redirect to the same path under /pl/,
    # where Wagtail's page serving finds nothing either; following it ends in the 404.
    response = getattr(client, method)(url, follow=True)
    return response.status_code == 404 and response.redirect_chain in ([], [(f"/pl{url}", 302)])


def test_unknown_registration_event_or_action_is_404(client, staff, registration, in_person):
    client.force_login(staff)

    assert not_found(client, "post", f"/admin/events/{in_person.pk}/check-in/999999/check-in/")
    assert not_found(client, "post", action_url(in_person, registration, "delete"))
    assert not_found(client, "get", "/admin/events/999999/check-in/")
    assert not Attendance.objects.exists()


def test_another_events_registration_cannot_be_checked_in_here(client, staff, registration, make_event, other_participant):
    other_event = make_event("Inne szkolenie", format=EventPage.Format.IN_PERSON,
                             start=timezone.now() + timedelta(minutes=20))
    elsewhere = register(event=other_event, participant=other_participant)
    client.force_login(staff)

    assert not_found(client, "post", action_url(registration.event, elsewhere))
    assert not Attendance.objects.exists()


def test_an_exact_ticket_code_leaves_one_row_ready_to_check_in(client, staff, registration, in_person, other_participant):
    other = register(event=in_person, participant=other_participant)
    client.force_login(staff)

    response = client.get(page_url(in_person), {"q": f"  {other.ticket_code} "})

    html = response.content.decode()
    rows = response.context["roster"].rows
    assert [row.registration.pk for row in rows] == [other.pk]
    assert html.count('class="checkin-match"') == 1
    assert registration.participant.email not in html
    assert response.context["focus_check_in"] is True
    assert html.count("autofocus") == 1


def test_search_by_name_or_email_words(client, staff, registration, in_person, other_participant):
    other = register(event=in_person, participant=other_participant)  # Ivan Petrenko
    client.force_login(staff)

    by_name = client.get(page_url(in_person), {"q": "ivan petr"})
    by_email = client.get(page_url(in_person), {"q": registration.participant.email.upper()})

    assert [row.registration.pk for row in by_name.context["roster"].rows] == [other.pk]
    assert [row.registration.pk for row in by_email.context["roster"].rows] == [registration.pk]
    assert by_name.context["roster"].ticket_match is False


def test_a_translations_id_leads_to_the_canonical_event(client, staff, registration, in_person):
    translation = in_person.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True)
    client.force_login(staff)

    response = client.get(page_url(translation), {"q": "x"})

    assert response.status_code == 302
    assert response["Location"] == f"{page_url(in_person)}?q=x"


def test_check_in_button_in_the_page_editor_only_for_in_person_events(client, make_event, in_person):
    ensure_editorial_groups(apps)
    client.force_login(ProfileFactory(user__is_superuser=True, user__is_staff=True).user)
    online = make_event("Webinar")

    in_person_editor = client.get(f"/admin/pages/{in_person.pk}/edit/").content.decode()
    online_editor = client.get(f"/admin/pages/{online.pk}/edit/").content.decode()

    assert page_url(in_person) in in_person_editor
    assert f"/events/{online.pk}/check-in/" not in online_editor  # the menu's own Check-in item is on every page


def test_registrations_list_links_to_the_check_in_page(client, staff, registration, in_person):
    client.force_login(staff)

    html = client.get(f"/admin/registrations/?event={in_person.pk}").content.decode()

    assert f'href="{page_url(in_person)}"' in html  # the header button
    assert f"{page_url(in_person)}?q={registration.ticket_code}" in html  # the row's menu item


def test_attendance_list_filters_by_an_in_person_event(client, staff, registration, in_person, make_event,
                                                       other_participant):
    other_event = make_event("Inne szkolenie", format=EventPage.Format.IN_PERSON,
                             start=timezone.now() + timedelta(minutes=20))
    check_in(registration=registration, actor=staff)
    check_in(registration=register(event=other_event, participant=other_participant), actor=staff)
    client.force_login(staff)

    html = client.get(f"/admin/attendance/?event={in_person.pk}").content.decode()

    assert registration.participant.get_full_name() in html
    assert other_participant.get_full_name() not in html
