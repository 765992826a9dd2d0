from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.models import CoursePage, Enrolment
from courses.services import enrol, withdraw
from events.exceptions import RegistrationError
from events.models import EventPage, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(make_event, course):
    return [
        make_event("Sesja 1", course=course, capacity=1),
        make_event("Sesja 2", course=course, start=timezone.now() + timedelta(days=14)),
        make_event("Sesja zamknięta", course=course, registration_closes_at=timezone.now() - timedelta(hours=1)),
    ]


def test_enrolling_registers_for_every_open_session(course, sessions, participant):
    enrolment, registrations = enrol(course=course, participant=participant, access_needs=["step_free"])

    assert {registration.event.title for registration in registrations} == {"Sesja 1", "Sesja 2"}
    assert all(registration.enrolment == enrolment for registration in registrations)
    assert all(registration.access_needs == ["step_free"] for registration in registrations)


def test_a_full_session_puts_the_enrolled_person_on_its_waiting_list(course, sessions, participant, other_participant):
    enrol(course=course, participant=participant)

    _enrolment, registrations = enrol(course=course, participant=other_participant)

    assert {registration.event.title: registration.state for registration in registrations} == {
        "Sesja 1": "waiting", "Sesja 2": "confirmed",
    }


def test_enrolling_twice_is_refused(course, sessions, participant):
    enrol(course=course, participant=participant)

    with pytest.raises(RegistrationError) as error:
        enrol(course=course, participant=participant)

    assert error.value.code == "already_enrolled"
    assert Enrolment.objects.count() == 1


def test_course_without_open_sessions_refuses_and_writes_nothing(course, participant):
    with pytest.raises(RegistrationError) as error:
        enrol(course=course, participant=participant)

    assert error.value.code == "no_sessions_open"
    assert not Enrolment.objects.exists()


def test_withdrawing_cancels_the_sessions_and_promotes_others(course, sessions, participant, other_participant):
    enrolment, _ = enrol(course=course, participant=participant)
    enrol(course=course, participant=other_participant)

    withdraw(enrolment=enrolment, actor=participant)

    assert not Registration.objects.filter(participant=participant, state__in=["confirmed", "waiting"]).exists()
    first_session = Registration.objects.get(participant=other_participant, event=sessions[0])
    assert first_session.state == "confirmed"


def test_withdrawing_keeps_the_sessions_that_took_place(course, sessions, participant):
    enrolment, _ = enrol(course=course, participant=participant)
    held = sessions[0]
    EventPage.objects.filter(pk=held.pk).update(start=timezone.now() - timedelta(hours=3),
                                                end=timezone.now() - timedelta(hours=1))

    withdraw(enrolment=enrolment, actor=participant)

    states = dict(Registration.objects.filter(participant=participant).values_list("event__title", "state"))
    assert states == {"Sesja 1": "confirmed", "Sesja 2": "cancelled"}  # attended stays on record


def test_course_page_enrol_and_withdraw(client, course, sessions, participant):
    client.force_login(participant)

    response = client.post(f"{course.url}enrol/", {"access_needs": []})
    assert response.status_code == 302
    assert Registration.objects.filter(participant=participant).count() == 2
    page = client.get(course.url)
    assert page.context["enrolment"] is not None

    client.post(f"{course.url}withdraw/", {"confirm": "yes"})
    assert Enrolment.objects.get(participant=participant).state == "cancelled"


def test_course_listing_shows_next_session(client, course, sessions):
    response = client.get("/pl/kursy/")

    (listed,) = response.context["courses"]
    assert listed.session_count == 3
    assert listed.next_session == sessions[0].start


def test_someone_else_cannot_withdraw_me(client, course, sessions, participant, other_participant):
    enrol(course=course, participant=participant)
    client.force_login(other_participant)

    response = client.post(f"{course.url}withdraw/", {"confirm": "yes"})

    assert response.status_code == 409
    assert Enrolment.objects.get(participant=participant).state == "active"


def test_translated_sessions_are_not_counted_twice(client, course, sessions, participant):
    from wagtail.models import Locale

    uk = Locale.objects.get(language_code="uk")
    for session in sessions:
        session.copy_for_translation(uk, copy_parents=True).save_revision().publish()

    _enrolment, registrations = enrol(course=course, participant=participant)

    assert len(registrations) == 2
    assert len(client.get(course.url).context["sessions"]) == 3
    (listed,) = client.get("/pl/kursy/").context["courses"]
    assert listed.session_count == 3


def test_course_search_matches_any_language(client, course, sessions):
    from wagtail.models import Locale

    translation = course.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True)
    translation.title = "Базовий курс"
    translation.save_revision().publish()

    found = client.get("/pl/kursy/", {"q": "Базовий"}).context["courses"]
    missing = client.get("/pl/kursy/", {"q": "nieistniejące"}).context["courses"]

    assert [listed.pk for listed in found] == [course.pk] and len(missing) == 0


def test_anonymous_visitor_is_offered_sign_in_and_sign_up_that_lead_back_to_the_course(client, course, sessions):
    html = client.get(course.url).content.decode()

    back = f"?next={quote(course.url)}"
    assert f'href="/pl/accounts/login/{back}"' in html and f'href="/pl/accounts/signup/{back}"' in html


@pytest.mark.parametrize(("changes", "field"), [
    ({"completion_rule": "min", "required_sessions": None}, "required_sessions"),
    ({"completion_rule": "min", "required_sessions": 0}, "required_sessions"),
    ({"attendance_threshold": 500}, "attendance_threshold"),
    ({"attendance_threshold": 0}, "attendance_threshold"),
])
def test_a_course_rule_that_cannot_be_met_or_read_is_refused_with_a_field_error(course, changes, field):
    for name, value in changes.items():
        setattr(course, name, value)

    with pytest.raises(ValidationError) as refused:
        course.full_clean()

    assert field in refused.value.message_dict


def test_withdrawing_asks_first(client, course, sessions, participant):
    enrol(course=course, participant=participant)
    client.force_login(participant)

    question = client.post(f"{course.url}withdraw/")

    assert question.status_code == 200 and 'name="confirm" value="yes"' in question.content.decode()
    assert Enrolment.objects.get(participant=participant).state == "active"


def test_search_finds_polish_words_typed_without_polish_letters(client, course_index, make_event):
    course = course_index.add_child(instance=CoursePage(
        title="Pracownik z Ukrainy: umowa zlecenie i składki", slug="skladki", summary="Zażółć gęślą jaźń."))
    course.save_revision().publish()
    make_event("Zezwolenie na pracę – dzień otwarty")

    courses = client.get("/pl/kursy/", {"q": "skladki"}).context["courses"]
    events = client.get("/pl/wydarzenia/", {"q": "prace"}).context["events"]
    with_letters = client.get("/pl/kursy/", {"q": "składki"}).context["courses"]

    assert [listed.pk for listed in courses] == [course.pk] == [listed.pk for listed in with_letters]
    assert [listed.title for listed in events] == ["Zezwolenie na pracę – dzień otwarty"]


def test_enrolling_without_a_complete_profile_goes_to_the_profile_step_and_writes_nothing(client, course, sessions,
                                                                                         new_user):
    client.force_login(new_user)

    response = client.post(f"{course.url}enrol/", {"access_needs": []})

    assert response.status_code == 302
    assert response["Location"] == f"/pl/profile/?next={quote(course.url, safe='')}"
    assert not Enrolment.objects.exists() and not Registration.objects.exists()
    with pytest.raises(RegistrationError) as error:
        enrol(course=course, participant=new_user)
    assert error.value.code == "profile_incomplete"
    assert not Enrolment.objects.exists()


def test_a_course_whose_sessions_are_restricted_refuses_others_before_writing(client, course, make_event, participant):
    make_event("Sesja dla pracodawców", course=course, audience="employer", restricted_to_audience=True)
    client.force_login(participant)  # a foreign national

    page = client.get(course.url)
    response = client.post(f"{course.url}enrol/", {"access_needs": []})

    assert page.context["enrolment_refusal"].code == "only_employers"
    assert f'action="{course.url}enrol/"' not in page.content.decode()
    assert response.status_code == 403
    assert response.context["enrolment_error"] == page.context["enrolment_refusal"].message
    assert not Enrolment.objects.exists() and not Registration.objects.exists()


def test_an_open_course_for_another_audience_says_so_and_enrols(client, course, sessions, participant):
    CoursePage.objects.filter(pk=course.pk).update(audience="employer")
    client.force_login(participant)  # a foreign national

    page = client.get(course.url)
    response = client.post(f"{course.url}enrol/", {"access_needs": []})

    assert page.context["meant_for_others"] is True
    assert response.status_code == 302
    assert Enrolment.objects.filter(participant=participant).exists()
