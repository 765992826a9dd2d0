"""What participants are told about their certificate on the event and course pages, and nobody else."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from certificates import services
from certificates.models import Certificate
from courses.models import CoursePage
from events.models import EventPage
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def page_as(client, user, page) -> str:
    client.force_login(user)
    with translation.override("pl"):
        return client.get(page.url).content.decode()


def says(message: str, **values) -> str:
    """``message`` as the Polish page shows it."""
    with translation.override("pl"):
        return gettext(message) % values if values else gettext(message)


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_the_holder_finds_the_certificate_on_the_event_page(client, finished_event, attended, participant):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()

    page = page_as(client, participant, finished_event)

    assert says("Your certificate %(number)s has been issued.", number=certificate.number) in page
    with translation.override("pl"):  # the page's language, whatever an earlier test left active
        assert reverse("certificate_download", args=[certificate.code]) in page
        assert reverse("certificate_verify", args=[certificate.code]) in page


def test_before_the_end_the_page_states_the_rule(client, make_event, certificate_template, attended, participant):
    upcoming = make_event("Webinar w przyszłym tygodniu", certificate_template=certificate_template,
                          attendance_threshold=75)
    attended(upcoming, participant, None)

    page = page_as(client, participant, upcoming)

    assert says("You will receive a certificate by e-mail if you attend at least %(threshold)s%% of the event.",
                threshold=75) in page
    # A webinar (the default): no word of an in-person check-in, which only in-person events have.
    assert says("For attending at least %(threshold)s%% of the scheduled time.", threshold=75) in page
    in_person = make_event("Dzień otwarty", certificate_template=certificate_template, format="in_person",
                           attendance_threshold=75)
    assert says("For attending at least %(threshold)s%% of the scheduled time (an in-person check-in counts as "
                "attendance).", threshold=75) in page_as(client, participant, in_person)


@pytest.mark.parametrize(("percent", "message", "values"), [
    (50, "A certificate needs at least %(threshold)s%% attendance; yours was %(percent)s%%. If you think this is "
         "wrong, please contact us.", {"threshold": 80, "percent": 50}),
    (None, "No attendance was recorded for you, so no certificate can be issued. If you took part, please contact "
           "us.", {}),
    (85, "You qualify for a certificate. It is being issued and will reach you by e-mail within minutes; it will "
         "also be under “My certificates”.", {}),
])
def test_after_the_end_the_participant_learns_why_there_is_or_is_not_one_yet(
        client, finished_event, attended, participant, percent, message, values):
    attended(finished_event, participant, percent)

    assert says(message, **values) in page_as(client, participant, finished_event)


def test_a_refusal_and_a_revocation_are_stated(client, finished_event, attended, participant, other_participant,
                                               staff_user):
    attended(finished_event, participant, 90)
    attended(finished_event, other_participant, 90)
    services.decide(participant=other_participant, actor=staff_user, decision="refuse", reason="Inna osoba",
                    event=finished_event)
    services.issue_for_event(event=finished_event)
    revoked = services.revoke(certificate=Certificate.objects.get(holder=participant), actor=staff_user,
                              category="issued_in_error", reason="Błąd w dacie")

    revoked_page = page_as(client, participant, finished_event)
    refused_page = page_as(client, other_participant, finished_event)

    with translation.override("pl"):
        revoked_on = formats.date_format(timezone.localtime(revoked.revoked_at), "DATE_FORMAT")
    assert says("Your certificate %(number)s was revoked on %(date)s.", number=revoked.number,
                date=revoked_on) in revoked_page
    assert reverse("certificate_download", args=[revoked.code]) not in revoked_page
    assert says("Revocation category") + ": " + says("issued in error") in revoked_page
    assert "Błąd w dacie" not in revoked_page  # the reason stays with staff
    assert says("No certificate is issued for your participation. If you think this is wrong, please contact "
                "us.") in refused_page
    assert "Inna osoba" not in refused_page  # the staff's reason stays with staff


def test_nobody_else_sees_a_participants_certificate(client, finished_event, attended, participant):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()

    stranger_page = page_as(client, ProfileFactory().user, finished_event)
    client.logout()
    with translation.override("pl"):
        anonymous_page = client.get(finished_event.url).content.decode()

    for page in (stranger_page, anonymous_page):
        assert certificate.number not in page and certificate.code not in page
        assert 'id="certificate-heading"' not in page


def test_events_without_certificates_say_nothing_about_them(client, make_event, attended, participant):
    plain = make_event("Dzień otwarty")
    attended(plain, participant, 100)
    EventPage.objects.filter(pk=plain.pk).update(end=timezone.now() - timedelta(minutes=5),
                                                 start=timezone.now() - timedelta(hours=2))

    page = page_as(client, participant, EventPage.objects.get(pk=plain.pk))

    assert 'id="certificate-heading"' not in page and says("Certificate") + "</dt>" not in page


def test_course_page_shows_the_course_certificate_or_how_many_sessions_counted(
        client, course, past_sessions, certificate_template, attended, participant, other_participant):
    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    course.refresh_from_db()
    sessions = past_sessions(course, 2)
    for session in sessions:
        attended(session, participant, 95)
    attended(sessions[0], other_participant, 95)
    attended(sessions[1], other_participant, 30)
    services.issue_for_course(course=course)
    certificate = Certificate.objects.get()

    holder_page = page_as(client, participant, course)
    other_page = page_as(client, other_participant, course)

    assert certificate.holder == participant
    assert says("Your certificate %(number)s has been issued.", number=certificate.number) in holder_page
    assert says("Those who complete it receive a certificate.") in holder_page
    with translation.override("pl"):
        one_session = translation.ngettext(
            "You attended %(sessions)s session in full, which does not complete the course. If you think this is "
            "wrong, please contact us.",
            "You attended %(sessions)s sessions in full, which does not complete the course. If you think this is "
            "wrong, please contact us.", 1) % {"sessions": 1}
    assert one_session in other_page and certificate.number not in other_page
