"""Walk-ins: staff register a person at the door and check them in at once; over capacity only on purpose, with a
reason; an address with an account reuses it; a new one gets an account and an invitation to set a password."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from events.models import Attendance, Registration
from events.services.registration import register
from events.services.walk_ins import Person, WalkInError, register_walk_in
from lms.models import AuditEntry, User
from tests.events.test_checkin import in_person, moderator, registration, staff  # noqa: F401  (fixtures)
from tests.events.test_door import door, door_url  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

OKSANA = Person(email="Oksana.Melnyk@example.org", first_name="Oksana", last_name="Melnyk", audience="foreign_national",
                language="uk")


def fill(event, taken: int) -> None:
    for _ in range(taken):
        register(event=event, participant=ProfileFactory().user)


def walk_in_form(**fields) -> dict:
    return {"first_name": "Oksana", "last_name": "Melnyk", "email": "oksana.melnyk@example.org",
            "audience": "foreign_national", "language": "uk", **fields}


def test_a_new_person_gets_an_account_a_confirmed_place_and_is_checked_in(
    in_person, staff, django_capture_on_commit_callbacks  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=True):
        walk_in = register_walk_in(event=in_person, actor=staff, person=OKSANA, access_needs=["sign_language"])

    user = User.objects.get(email="oksana.melnyk@example.org")
    assert walk_in.new_account and not user.has_usable_password()
    assert (user.profile.audience, user.profile.language) == ("foreign_national", "uk")
    assert not EmailAddress.objects.get(user=user).verified
    registration = Registration.objects.get(participant=user)
    assert (registration.state, registration.access_needs) == (Registration.State.CONFIRMED, ["sign_language"])
    assert Attendance.objects.get(registration=registration).source == Attendance.Source.CHECKIN
    assert {entry.action for entry in AuditEntry.objects.all()} >= {
        "account.created_for_walk_in", "registration.walk_in", "attendance.checked_in"}
    assert sorted(message.to[0] for message in mail.outbox) == ["oksana.melnyk@example.org"] * 2


def test_the_invitation_link_lets_the_person_set_a_password(client, home_pages, in_person, staff,  # noqa: F811
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_walk_in(event=in_person, actor=staff, person=OKSANA)
    invitation = next(message for message in mail.outbox if "/accounts/password/reset/key/" in message.body)
    assert invitation.subject.startswith("Ваш обліковий запис")  # in the language staff chose for her
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", invitation.body).group(0)

    form_page = client.get(link, follow=True)
    response = client.post(form_page.request["PATH_INFO"],
                           {"password1": "Nowe-Haslo-2026!", "password2": "Nowe-Haslo-2026!"})

    assert response.status_code == 302
    assert User.objects.get(email="oksana.melnyk@example.org").check_password("Nowe-Haslo-2026!")


def test_an_address_with_an_account_reuses_it_and_its_registration(in_person, registration, staff):  # noqa: F811
    existing = registration.participant
    person = Person(email=existing.email.upper(), first_name="Inna", last_name="Inna", audience="other")

    walk_in = register_walk_in(event=in_person, actor=staff, person=person, access_needs=["induction_loop"])

    assert (walk_in.new_account, walk_in.was_registered, walk_in.registration.pk) == (False, True, registration.pk)
    assert User.objects.filter(email__iexact=existing.email).count() == 1
    assert Registration.objects.filter(participant=existing).count() == 1
    registration.refresh_from_db()
    assert registration.access_needs == ["step_free", "induction_loop"]  # what she asked for before stays
    assert existing.first_name != "Inna"  # staff's typing does not rename an account
    assert Attendance.objects.filter(registration=registration, source=Attendance.Source.CHECKIN).count() == 1


def test_over_capacity_is_refused_without_the_override_and_audited_with_it(in_person, staff):  # noqa: F811
    fill(in_person, in_person.capacity)

    for over, reason, code in ((False, "", "full"), (True, "  ", "reason_needed")):
        with pytest.raises(WalkInError) as refused:
            register_walk_in(event=in_person, actor=staff, person=OKSANA, over_capacity=over, reason=reason)
        assert refused.value.code == code
    assert not User.objects.filter(email__iexact=OKSANA.email).exists()
    assert not AuditEntry.objects.filter(action__in=["registration.walk_in", "account.created_for_walk_in"]).exists()

    walk_in = register_walk_in(event=in_person, actor=staff, person=OKSANA, over_capacity=True,
                               reason="Tłumaczka PJM uczestnika")

    assert Registration.objects.filter(event=in_person, state="confirmed").count() == in_person.capacity + 1
    entry = AuditEntry.objects.get(action="registration.walk_in")
    assert (entry.actor, entry.target_id) == (staff, str(walk_in.registration.pk))
    assert entry.data["over_capacity"] is True
    assert entry.data["reason"] == "Tłumaczka PJM uczestnika"


def test_a_waiting_registration_is_confirmed_not_repeated(in_person, staff):  # noqa: F811
    in_person.waiting_list = True
    in_person.save()
    fill(in_person, in_person.capacity)
    waiting = register(event=in_person, participant=ProfileFactory().user)
    assert waiting.state == Registration.State.WAITING
    person = Person(email=waiting.participant.email, first_name="", last_name="", audience="other")

    with pytest.raises(WalkInError):
        register_walk_in(event=in_person, actor=staff, person=person)
    walk_in = register_walk_in(event=in_person, actor=staff, person=person, over_capacity=True, reason="Przyszła")

    assert walk_in.registration.pk == waiting.pk
    waiting.refresh_from_db()
    assert waiting.state == Registration.State.CONFIRMED


# --- the page ---------------------------------------------------------------------------------------------------


def test_the_walk_in_page_registers_and_checks_in(door, in_person):  # noqa: F811
    assert door.get(door_url(in_person, "walk-in/")).status_code == 200

    response = door.post(door_url(in_person, "walk-in/"), walk_in_form(access_needs=["step_free"]))

    assert response.status_code == 200
    assert "Oksana Melnyk is registered and checked in." in response.content.decode()
    assert Attendance.objects.filter(registration__participant__email="oksana.melnyk@example.org").exists()


@pytest.mark.parametrize(("fields", "field", "error"), [
    ({"email": "oksana@"}, "email", "Enter a valid email address."),
    ({"audience": "king"}, "audience", "Select a valid choice. king is not one of the available choices."),
    ({"first_name": ""}, "first_name", "This field is required."),
    ({"over_capacity": "on"}, "reason", "Give the reason for registering over capacity."),
])
def test_bad_input_shows_field_errors_and_writes_nothing(door, in_person, fields, field, error):  # noqa: F811
    response = door.post(door_url(in_person, "walk-in/"), walk_in_form(**fields))

    assert response.status_code in (400, 409)
    assert list(response.context["form"].errors) == [field]
    assert f'id="id_{field}-errors"><p>{error}</p>' in response.content.decode()
    assert not User.objects.filter(email__startswith="oksana").exists()
    assert not Registration.objects.exists()


def test_a_full_event_says_so_on_the_page_and_takes_the_override(door, in_person):  # noqa: F811
    fill(in_person, in_person.capacity)

    refused = door.post(door_url(in_person, "walk-in/"), walk_in_form())
    accepted = door.post(door_url(in_person, "walk-in/"), walk_in_form(over_capacity="on", reason="Prelegentka"))

    assert refused.status_code == 409
    assert "The event is full." in refused.content.decode()
    assert accepted.status_code == 200
    assert AuditEntry.objects.get(action="registration.walk_in").data["reason"] == "Prelegentka"


def test_only_the_check_in_right_registers_walk_ins(client, in_person, moderator):  # noqa: F811
    client.force_login(moderator)

    response = client.post(door_url(in_person, "walk-in/"), walk_in_form())

    assert response.status_code in (302, 403)
    assert not User.objects.filter(email="oksana.melnyk@example.org").exists()


def test_the_check_in_page_and_the_door_page_lead_to_the_walk_in_form(door, in_person):  # noqa: F811
    for page in (f"/admin/events/{in_person.pk}/check-in/", door_url(in_person)):
        assert f'href="{door_url(in_person, "walk-in/")}"' in door.get(page).content.decode()
