"""Tickets of in-person events: the signed code, its refusals, and the check-in page reading it; the door's search
by name without regard to case and diacritics."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from events import tickets
from events.models import EventPage
from events.services.registration import cancel, register
from events.tickets import TicketRefused, code_for, read_ticket, registration_for_ticket, ticket_code
from tests.events.test_checkin import in_person, staff  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(in_person, participant):  # noqa: F811
    return register(event=in_person, participant=participant)


def page_url(event: EventPage) -> str:
    return reverse("event_checkin", args=[event.pk])


def flip(code: str, at: int) -> str:
    """The code with one character changed to another of the alphabet."""
    character = code[at]
    replacement = tickets.ALPHABET[(tickets.ALPHABET.index(character) + 1) % 32]
    return code[:at] + replacement + code[at + 1:]


# --- the code ------------------------------------------------------------------------------------------------


def test_a_code_is_four_groups_of_the_alphabet_and_reads_back_to_its_registration(registration):
    code = ticket_code(registration)

    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    assert read_ticket(code) == registration.pk
    assert registration.ticket_code == code  # the model's column is the same code
    assert code != code_for(registration.pk + 1)


@pytest.mark.parametrize("registration_id", [1, 2, 4242, 2**32 - 1])
def test_codes_round_trip_over_the_whole_id_range(registration_id):
    assert read_ticket(code_for(registration_id)) == registration_id


def test_a_code_is_read_whatever_the_case_spacing_and_look_alike_letters():
    code = code_for(123456)
    assert read_ticket(code.lower()) == 123456
    assert read_ticket(f"  {code.replace('-', ' ')} ") == 123456
    assert read_ticket(code.replace("-", "")) == 123456
    assert read_ticket(code.replace("0", "o").replace("1", "l")) == 123456


@pytest.mark.parametrize("at", [0, 3, 5, 10, 15, 18])
def test_a_changed_character_is_refused_as_forged_without_a_query(django_assert_num_queries, at):
    tampered = flip(code_for(77), at)

    with django_assert_num_queries(0), pytest.raises(TicketRefused) as refused:
        registration_for_ticket(tampered)

    assert refused.value.code == "forged"


def test_a_code_signed_with_another_key_is_refused_without_a_query(django_assert_num_queries):
    with override_settings(SECRET_KEY="another-site-" * 5):
        forged = code_for(77)

    with django_assert_num_queries(0), pytest.raises(TicketRefused) as refused:
        registration_for_ticket(forged)

    assert refused.value.code == "forged"


def test_codes_of_a_rotated_key_still_read():
    with override_settings(SECRET_KEY="the-old-key-" * 5):
        old = code_for(77)

    with override_settings(SECRET_KEY_FALLBACKS=["the-old-key-" * 5]):
        assert read_ticket(old) == 77


@pytest.mark.parametrize("typed", ["", "ABCD", "ABCD-EFGH-JKMN-PQR", "ABCD-EFGH-JKMN-PQRST", "ABCD-EFGH-JKMN-PQR!",
                                   "ŻÓŁW-EFGH-JKMN-PQRS", "UUUU-UUUU-UUUU-UUUU"])
def test_malformed_codes_are_refused_without_a_query(django_assert_num_queries, typed):
    with django_assert_num_queries(0), pytest.raises(TicketRefused) as refused:
        registration_for_ticket(typed)

    assert refused.value.code == "malformed"


def test_cancelling_kills_the_ticket(registration):
    code = ticket_code(registration)
    assert registration_for_ticket(code) == registration

    cancel(registration=registration, actor=registration.participant)

    with pytest.raises(TicketRefused) as refused:
        registration_for_ticket(code)
    assert refused.value.code == "cancelled"
    with translation.override("en"):
        assert refused.value.message == "This ticket was cancelled: the registration was cancelled."


def test_a_place_on_the_waiting_list_has_no_valid_ticket(make_event, participant):
    full = make_event("Pełne szkolenie", format=EventPage.Format.IN_PERSON, capacity=1, waiting_list=True)
    register(event=full, participant=ProfileFactory().user)
    waiting = register(event=full, participant=participant)

    with pytest.raises(TicketRefused) as refused:
        registration_for_ticket(ticket_code(waiting))
    assert refused.value.code == "not_confirmed"
    assert not tickets.has_ticket(waiting)


# --- the check-in page ---------------------------------------------------------------------------------------


def test_the_check_in_page_finds_a_code_typed_in_lower_case_with_spaces(client, staff, registration, in_person):  # noqa: F811
    register(event=in_person, participant=ProfileFactory().user)
    client.force_login(staff)
    typed = ticket_code(registration).lower().replace("-", " ")

    response = client.get(page_url(in_person), {"q": typed})

    roster = response.context["roster"]
    assert [row.registration.pk for row in roster.rows] == [registration.pk]
    assert roster.ticket_match is True
    assert response.context["focus_check_in"] is True


@pytest.mark.parametrize(("what", "message"), [
    ("forged", "Ten kod biletu jest nieprawdziwy: został błędnie wpisany lub podrobiony."),
    ("cancelled", "Ten bilet jest unieważniony: rejestracja została anulowana."),
    ("other event", "Ten bilet dotyczy innego wydarzenia: Inne szkolenie."),
])
def test_the_check_in_page_says_why_a_ticket_admits_no_one(client, staff, registration, in_person, make_event,  # noqa: F811
                                                           participant, what, message):
    code = ticket_code(registration)
    if what == "forged":
        code = flip(code, 17)
    elif what == "cancelled":
        cancel(registration=registration, actor=registration.participant)
    else:
        start = timezone.now() + timedelta(days=3)
        other = make_event("Inne szkolenie", format=EventPage.Format.IN_PERSON, start=start, end=start + timedelta(hours=1))
        code = ticket_code(register(event=other, participant=ProfileFactory().user))
    client.force_login(staff)

    response = client.get(page_url(in_person), {"q": code})

    assert response.status_code == 200
    assert response.context["roster"].rows == []
    assert response.context["roster"].ticket_refusal == message
    assert message in response.content.decode()


@pytest.mark.parametrize("typed", ["zolkiewska", "ŻÓŁKIEWSKA", "marta zolk", "Zółkiewska"])
def test_door_search_ignores_case_and_diacritics(client, staff, in_person, typed):  # noqa: F811
    marta = register(event=in_person, participant=ProfileFactory(user__first_name="Marta",
                                                                 user__last_name="Żółkiewska").user)
    register(event=in_person, participant=ProfileFactory(user__first_name="Jan", user__last_name="Kowalski").user)
    client.force_login(staff)

    response = client.get(page_url(in_person), {"q": typed})

    assert [row.registration.pk for row in response.context["roster"].rows] == [marta.pk]
    assert "Żółkiewska" in response.content.decode()


def test_staff_see_the_ticket_code_in_the_registrations_inspect_view_and_export(client, administrator, registration):
    client.force_login(administrator)

    inspect = client.get(reverse("registrations:inspect", args=[registration.pk]))
    export = client.get(reverse("registrations:index"), {"export": "csv"})

    assert inspect.status_code == 200 and ticket_code(registration) in inspect.content.decode()
    assert ticket_code(registration) in b"".join(export.streaming_content).decode()
