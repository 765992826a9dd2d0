"""What a participant is told about their certificate, compared whole (outlook, certificate and the facts the page
states), for every outlook; and the periodic job's bookkeeping (found by mutation testing)."""

import logging
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateTemplate, IssuingRun
from certificates.selectors import Outlook, ParticipantCertificate, participant_certificate
from courses.models import CoursePage
from events.models import EventPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def outlook(user, event) -> ParticipantCertificate:
    return participant_certificate(user, event=event)


def test_issued_and_being_rendered_carry_the_certificate_and_the_attendance(finished_event, attended, participant):
    attended(finished_event, participant, 90)
    assert outlook(participant, finished_event) == ParticipantCertificate(Outlook.BEING_ISSUED, percent_present=90)

    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()
    assert outlook(participant, finished_event) == ParticipantCertificate(Outlook.ISSUED, certificate, 90)

    Certificate.objects.update(pdf="", sha256="")
    assert outlook(participant, finished_event) == ParticipantCertificate(
        Outlook.BEING_ISSUED, Certificate.objects.get(), 90)


def test_before_the_end_the_attendance_so_far_is_stated(make_event, certificate_template, attended, participant):
    running = make_event("Trwa", certificate_template=certificate_template)
    attended(running, participant, 50)

    assert outlook(participant, running) == ParticipantCertificate(Outlook.UPCOMING, percent_present=50)


def test_refused_and_revoked_state_the_attendance_and_only_this_events_revocation(
        finished_event, make_event, certificate_template, attended, participant):
    staff = UserFactory(is_staff=True)
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    revoked = services.revoke(certificate=Certificate.objects.get(), actor=staff, category="other", reason="x")
    assert outlook(participant, finished_event) == ParticipantCertificate(Outlook.REVOKED, revoked, 90)

    other = make_event("Inne", certificate_template=certificate_template)
    EventPage.objects.filter(pk=other.pk).update(start=finished_event.start, end=finished_event.end)
    other = EventPage.objects.get(pk=other.pk)
    attended(other, participant, 30)
    assert outlook(participant, other) == ParticipantCertificate(Outlook.BELOW_RULE, percent_present=30)

    services.decide(participant=participant, actor=staff, decision="refuse", reason="Nie", event=other)
    assert outlook(participant, other) == ParticipantCertificate(Outlook.REFUSED, percent_present=30)


def test_a_staff_run_for_a_course_issues_as_that_person_at_the_given_time(
        course, past_sessions, certificate_template, attended, participant):
    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    course.refresh_from_db()
    for session in past_sessions(course, 2):
        attended(session, participant, 100)
    staff = UserFactory(is_staff=True)
    at = timezone.now().replace(microsecond=0) - timedelta(minutes=5)

    services.issue_recorded(course=course, actor=staff, now=at)

    certificate = Certificate.objects.get(course=course)
    assert (certificate.issued_by, certificate.issued_at) == (staff, at)


def test_a_failed_run_keeps_the_error_cut_to_2000_characters_and_when_it_ended(finished_event, attended,
                                                                              participant, monkeypatch):
    attended(finished_event, participant, 90)

    def fail(*args, **kwargs):
        raise RuntimeError("x" * 5000)

    monkeypatch.setattr(services, "issue_for_event", fail)
    with pytest.raises(RuntimeError):
        services.issue_recorded(event=finished_event)

    run = IssuingRun.objects.get()
    assert run.error == ("RuntimeError: " + "x" * 5000)[:2000] and run.finished_at is not None


def test_a_run_is_kept_when_staff_started_it_even_with_nothing_to_do_or_when_it_only_stored_pdfs(
        finished_event, attended, participant):
    staff = UserFactory(is_staff=True)
    services.issue_recorded(event=finished_event, actor=staff)
    assert IssuingRun.objects.get().state == IssuingRun.State.SUCCEEDED

    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    Certificate.objects.update(pdf="", sha256="")  # an interrupted rendering
    services.issue_recorded(event=finished_event)  # automatic: it only stores the PDF
    kept = IssuingRun.objects.order_by("pk").last()
    assert (kept.requested_by, kept.created, kept.sealed, kept.state) == (None, 0, 1, IssuingRun.State.SUCCEEDED)


def test_old_pending_pdfs_are_stored_event_by_event_one_that_fails_holding_back_no_other(
        make_event, certificate_template, attended, participant, other_participant, caplog):
    long_ago = timezone.now().replace(microsecond=0) - timedelta(days=30)
    broken_template = CertificateTemplate.objects.get(pk=certificate_template.pk)
    broken_template.pk, broken_template.translation_key, broken_template.name = None, uuid.uuid4(), "Zepsuty"
    broken_template.save()
    events = []
    for title, template, person in (("Dobre", certificate_template, participant),
                                    ("Zepsute", broken_template, other_participant)):
        event = make_event(title, certificate_template=template)
        EventPage.objects.filter(pk=event.pk).update(start=long_ago, end=long_ago + timedelta(hours=2))
        event = EventPage.objects.get(pk=event.pk)
        attended(event, person, 100)
        services.issue_for_event(event=event, now=long_ago + timedelta(hours=3))
        events.append(event)
    Certificate.objects.update(pdf="", sha256="")
    CertificateTemplate.objects.filter(pk=broken_template.pk).update(styles=".certificate-page{display:none}")

    with caplog.at_level(logging.ERROR, logger="certificates.services"):
        services.issue_recently_ended()

    assert Certificate.objects.get(event=events[0]).is_sealed
    assert not Certificate.objects.get(event=events[1]).is_sealed
    (record,) = [record for record in caplog.records if "Storing pending" in record.getMessage()]
    assert record.getMessage() == f"Storing pending certificates failed for event {events[1].pk} / course None"
