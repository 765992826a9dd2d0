"""Details of issuing pinned down (found by mutation testing): what the audit keeps, a correction with no template
to issue it with, who counts for a course, and the published key list."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from certificates import services, signing
from certificates.models import Certificate
from certificates.selectors import course_candidates
from courses.models import CoursePage
from events.models import Registration
from lms.models import AuditEntry
from tests.certificates.test_signing import _new_public_pems
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_audit_of_issuing_keeps_the_number(finished_event, attended, participant):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)

    certificate = Certificate.objects.get()
    assert AuditEntry.objects.get(action="certificate.issued").data == {"number": certificate.number}


def test_a_correction_with_no_template_left_to_issue_it_with_is_refused_in_words(finished_event, attended,
                                                                                  participant):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    Certificate.objects.update(template=None, event=None)  # its template and its event were deleted since
    certificate = Certificate.objects.get()

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.correct(certificate=certificate, actor=UserFactory(is_staff=True), holder_name="Ann Other",
                         reason="Typo")
    with translation.override("en"):
        report = services.reissue([certificate], reason="Key withdrawn")

    message = "There is no certificate template to issue the corrected certificate with."
    assert refusal.value.messages == [message]
    assert report.failed == [(certificate, message)] and report.renewed == []


@pytest.fixture
def course_with_sessions(course, past_sessions, certificate_template):
    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    course.refresh_from_db()
    return course, past_sessions(course, 2)


def test_a_course_counts_only_confirmed_places_and_each_persons_own_attendance(course_with_sessions, attended,
                                                                                participant):
    course, sessions = course_with_sessions
    # Registrations without attendance first, so that attendance rows and registrations are numbered apart.
    for session in sessions:
        Registration.objects.create(event=session, participant=ProfileFactory().user,
                                    state=Registration.State.CONFIRMED)
    for session in sessions:
        attended(session, participant, 100)
    cancelled = ProfileFactory().user
    for session in sessions:
        registration = attended(session, cancelled, 100)
        Registration.objects.filter(pk=registration.pk).update(state=Registration.State.CANCELLED)

    verdicts = {candidate.participant: (candidate.qualifies_by_rule, len(candidate.sessions_attended))
                for candidate in course_candidates(course)}

    assert verdicts[participant] == (True, 2)
    assert cancelled not in verdicts


def test_the_published_key_list_is_the_current_key_then_each_retired_one(settings):
    retired_pem = "".join(signing.public_key_pem(signing.load_public_key(pem)) for pem in _new_public_pems(2))
    settings.CERTIFICATE_RETIRED_PUBLIC_KEYS = retired_pem
    retired = signing.load_public_keys(retired_pem)

    published = signing.public_keys_pem()

    current = signing.private_key().public_key()
    assert published == (signing.described_public_key(current, "current")
                         + "".join(signing.described_public_key(key, "retired") for key in retired))
