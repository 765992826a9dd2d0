"""Revocation, pinned exactly (found by mutation testing): who revoked it, the refusal it leaves for an event's
and for a course's certificate, the words of each refusal, and holders without an account or an address."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from certificates import services
from certificates.models import Certificate, CertificateDecision
from courses.models import CoursePage
from lms.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def issued(finished_event, attended, participant) -> Certificate:
    attended(finished_event, participant, 90, language="en")
    services.issue_for_event(event=finished_event)
    return Certificate.objects.get()


def refusal_of(call) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.messages


def test_the_record_names_who_revoked_it_and_the_audit_its_actor(issued, staff):
    services.revoke(certificate=issued, actor=staff, category="issued_in_error", reason=" Zła osoba ")

    issued.refresh_from_db()
    assert issued.revoked_by == staff and issued.revocation_reason == "Zła osoba"
    entry = AuditEntry.objects.get(action="certificate.revoked")
    assert entry.actor == staff
    assert entry.data["category"] == "issued_in_error" and entry.data["reason"] == "Zła osoba"
    decision = CertificateDecision.objects.get()
    assert (decision.event_id, decision.course_id, decision.decided_by) == (issued.event_id, None, staff)
    assert decision.reason == f"Certificate {issued.number} revoked: Zła osoba"


def test_each_refusal_says_exactly_why(issued, staff):
    revoke = services.revoke
    assert refusal_of(lambda: revoke(certificate=issued, actor=staff, category="bogus", reason="x")) == [
        "Please choose a category."]
    assert refusal_of(lambda: revoke(certificate=issued, actor=staff, category="other", reason="  ")) == [
        "Please give a reason."]
    revoke(certificate=issued, actor=staff, category="other", reason="x")
    assert refusal_of(lambda: revoke(certificate=issued, actor=staff, category="other", reason="x")) == [
        "This certificate is already revoked."]


def test_a_replaced_certificate_names_its_successor_when_refused(issued, staff):
    services.correct(certificate=issued, actor=staff, holder_name="Ann Smith-Jones", reason="Typo")

    assert refusal_of(lambda: services.revoke(certificate=issued, actor=staff, category="other", reason="x")) == [
        f"This certificate was replaced by {issued.superseded_by.number}; revoke that one instead."]


def test_a_certificate_whose_holder_account_is_gone_is_revoked_without_mail_or_refusal(issued, staff, participant):
    participant.delete()
    issued.refresh_from_db()

    services.revoke(certificate=issued, actor=staff, category="other", reason="Konto usunięte")

    issued.refresh_from_db()
    assert issued.state == Certificate.State.REVOKED
    assert AuditEntry.objects.get(action="certificate.revoked").data["mail"] is None
    assert not CertificateDecision.objects.exists()


def test_revoking_a_course_certificate_refuses_the_holder_that_course(course, past_sessions, certificate_template,
                                                                     attended, participant, staff):
    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    course.refresh_from_db()
    for session in past_sessions(course, 2):
        attended(session, participant, 100)
    services.issue_for_course(course=course)
    certificate = Certificate.objects.get(course=course)

    services.revoke(certificate=certificate, actor=staff, category="other", reason="x")

    decision = CertificateDecision.objects.get()
    assert (decision.participant, decision.course_id, decision.event_id) == (participant, course.pk, None)
    assert decision.decision == CertificateDecision.Decision.REFUSE
    assert services.issue_for_course(course=course).created == 0
