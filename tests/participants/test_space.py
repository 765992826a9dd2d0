"""The participant's space: upcoming registrations (join, tickets, waiting positions), past events with attended
minutes, certificates, and a personal calendar feed behind a secret, resettable address; nobody sees another
person's."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Attendance, EventPage, Registration
from events.services.registration import cancel, register
from lms.models import AuditEntry, OutgoingMail
from participants.models import CalendarFeed
from certificates import services as certificate_services
from certificates.models import Certificate
from tests.certificates.conftest import attended, certificate_template, finished_event  # noqa: F401  (fixtures)
from courses.models import Enrolment
from tests.events.conftest import course, course_index, event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def feed_of(client, user) -> str:
    client.force_login(user)
    client.get(reverse("my_account"))
    return reverse("calendar_feed", kwargs={"token": CalendarFeed.objects.get(user=user).token})


def test_the_space_shows_upcoming_past_with_minutes_and_certificates(client, make_event, participant):
    coming = make_event("Webinar o zezwoleniach")
    waiting_for = make_event("Dzień otwarty", capacity=1, format=EventPage.Format.IN_PERSON,
                             kind=EventPage.Kind.OPEN_DAY)
    register(event=waiting_for, participant=ProfileFactory().user)
    register(event=waiting_for, participant=participant)
    register(event=coming, participant=participant)
    past = make_event("Szkolenie minione")
    EventPage.objects.filter(pk=past.pk).update(start=timezone.now() - timedelta(days=3),
                                                end=timezone.now() - timedelta(days=3) + timedelta(hours=2))
    registration = Registration.objects.create(event=past, participant=participant,
                                               state=Registration.State.CONFIRMED)
    Attendance.objects.create(registration=registration, minutes_present=95, percent_present=79)
    client.force_login(participant)

    page = client.get(reverse("my_account")).content.decode()

    assert "Webinar o zezwoleniach" in page and "Szkolenie minione" in page
    assert "lista rezerwowa, pozycja 1" in page
    assert "obecność: 95 min" in page
    assert "Nie ma jeszcze żadnych zaświadczeń." in page
    assert "/calendar/" in page and ".ics" in page


def test_the_feed_holds_the_persons_active_registrations_with_the_uids_of_their_mails(
        client, make_event, participant, django_capture_on_commit_callbacks, mailoutbox):
    kept, dropped = make_event("Webinar A"), make_event("Webinar B")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event=kept, participant=participant)
    cancel(registration=register(event=dropped, participant=participant), actor=participant)
    url = feed_of(client, participant)
    client.logout()  # calendar apps fetch it without signing in

    response = client.get(url)

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    entries = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(entry["SUMMARY"]) for entry in entries] == ["Webinar A"]
    mail_uid = Calendar.from_ical(mailoutbox[0].attachments[0][1]).walk("VEVENT")[0]["UID"]
    assert entries[0]["UID"] == mail_uid == f"registration-{registration.uid}@" + str(mail_uid).split("@")[1]


def test_a_wrong_or_reset_address_is_404_and_the_reset_is_audited(client, participant):
    old = feed_of(client, participant)
    assert client.get(old).status_code == 200
    assert client.get(reverse("calendar_feed", kwargs={"token": "not-a-token"})).status_code == 404

    response = client.post(reverse("calendar_feed_reset"))

    assert response.status_code == 302
    new = reverse("calendar_feed", kwargs={"token": CalendarFeed.objects.get(user=participant).token})
    assert new != old and client.get(old).status_code == 404 and client.get(new).status_code == 200
    assert AuditEntry.objects.filter(action="calendar_feed.reset", actor=participant).count() == 1


def test_nobody_sees_another_persons_space_or_feed(client, make_event, participant, other_participant):
    register(event=make_event("Webinar tylko dla mnie"), participant=participant)
    own_feed = feed_of(client, participant)
    client.force_login(other_participant)

    page = client.get(reverse("my_account")).content.decode()
    others_feed = client.get(feed_of(client, other_participant)).content.decode()

    assert "Webinar tylko dla mnie" not in page and "Webinar tylko dla mnie" not in others_feed
    assert own_feed not in page
    assert client.post(reverse("calendar_feed_reset")).status_code == 302
    assert client.get(own_feed).status_code == 200  # resetting one's own address leaves the other's alone


def test_the_space_asks_to_sign_in(client):
    response = client.get(reverse("my_account"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_feed_speaks_the_persons_language(client, make_event):
    ukrainian = ProfileFactory(language="uk").user
    register(event=make_event("Webinar dla pracodawców"), participant=ukrainian)

    calendar = Calendar.from_ical(client.get(feed_of(client, ukrainian)).content)

    assert str(calendar["X-WR-CALNAME"]) == "Мої навчання"


def test_the_space_lists_the_persons_certificates_with_download_and_verification(
        client, finished_event, attended, participant, other_participant):  # noqa: F811
    attended(finished_event, participant, 90)
    attended(finished_event, other_participant, 90)
    certificate_services.issue_for_event(event=finished_event)
    own = Certificate.objects.get(holder=participant)
    client.force_login(participant)

    page = client.get(reverse("my_account")).content.decode()

    assert own.number in page
    assert reverse("certificate_download", kwargs={"code": own.code}) in page
    assert reverse("certificate_verify", kwargs={"code": own.code}) in page
    assert Certificate.objects.get(holder=other_participant).number not in page


def test_my_data_holds_exactly_the_requesters_data(client, make_event, participant, other_participant,
                                                   django_capture_on_commit_callbacks):
    event = make_event("Webinar o składkach")
    with django_capture_on_commit_callbacks(execute=True):
        mine = register(event=event, participant=participant, access_needs=[Registration.AccessNeed.STEP_FREE],
                        access_needs_details="Wózek")
        register(event=event, participant=other_participant, access_needs_details="Cudza potrzeba")
    Attendance.objects.create(registration=mine, minutes_present=42, percent_present=35, source="analytics")
    client.force_login(participant)

    response = client.get(reverse("my_data"), {"format": "json"})

    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == participant.email
    (registration,) = data["registrations"]
    assert registration["event"] == "Webinar o składkach" and registration["access_needs_details"] == "Wózek"
    assert registration["attendance"] == {"minutes": 42, "percent": 35, "source": "analytics"}
    assert [mail["subject"] for mail in data["emails_sent_to_you"]] == [
        OutgoingMail.objects.get(to=[participant.email]).subject]
    body = response.content.decode()
    assert other_participant.email not in body and "Cudza potrzeba" not in body
    assert any(action["action"].startswith("registration.") for action in data["your_actions"])


def test_my_data_reads_as_a_page_and_asks_to_sign_in(client, participant):
    assert client.get(reverse("my_data")).status_code == 302
    client.force_login(participant)

    page = client.get(reverse("my_data")).content.decode()

    assert "Moje dane" in page and participant.email in page and "?format=json" in page


def test_my_data_page_is_a_printable_summary_with_answers_and_course_enrolments(client, make_event, course,
                                                                                participant):
    register(event=make_event("Webinar o składkach"), participant=participant,
             answers={"q1": {"question": "Nazwa firmy?", "answer": "Firma Testowa"}})
    Enrolment.objects.create(course=course, participant=participant)
    client.force_login(participant)

    page = client.get(reverse("my_data")).content.decode()

    assert "Nazwa firmy?: Firma Testowa" in page
    assert "Zapisy na kursy" in page and course.title in page
    assert 'class="no-print"' in page and "drukując tę stronę" in page
