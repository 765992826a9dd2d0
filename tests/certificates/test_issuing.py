"""Who qualifies, issuing (automatic and bulk), sealing, correction and revocation."""

import hashlib
import io
import logging
from datetime import timedelta

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from certificates import rendering, services, signing
from certificates.management.commands.verify_certificate import payload_from
from certificates.models import Certificate, CertificateDecision
from certificates.selectors import claims_match, course_candidates, event_candidates
from events.models import Attendance, EventPage, Registration
from events.services.attendance import correct_attendance
from lms.models import AuditEntry, OutgoingMail
from tests.certificates.pdf_reading import pdf_text as read_pdf_text
from tests.certificates.pdf_reading import read_qr_code, structure
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def pdf_text(certificate: Certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        return read_pdf_text(handle.read())


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_event_rule_uses_the_threshold_and_counts_check_in(finished_event, attended):
    people = {percent: ProfileFactory().user for percent in (79, 80, 100)}
    for percent, user in people.items():
        attended(finished_event, user, percent)
    checked_in, absent = ProfileFactory().user, ProfileFactory().user
    attended(finished_event, checked_in, 100, source=Attendance.Source.CHECKIN)
    attended(finished_event, absent, None)

    verdicts = {c.participant: c.qualifies_by_rule for c in event_candidates(finished_event)}

    assert verdicts == {people[79]: False, people[80]: True, people[100]: True, checked_in: True, absent: False}


def test_a_stricter_threshold_changes_who_qualifies(finished_event, attended, participant):
    attended(finished_event, participant, 85)
    EventPage.objects.filter(pk=finished_event.pk).update(attendance_threshold=90)
    finished_event.refresh_from_db()

    assert [c.qualifies_by_rule for c in event_candidates(finished_event)] == [False]


def test_issuing_renders_a_sealed_pdf_with_name_number_and_hash(finished_event, attended, participant,
                                                                other_participant):
    attended(finished_event, participant, 90)
    attended(finished_event, other_participant, 40)

    report = services.issue_for_event(event=finished_event)

    assert (report.created, report.sealed) == (1, 1)
    certificate = Certificate.objects.get()
    year = timezone.localdate().year
    assert certificate.number == f"I3/{year}/000001"
    assert certificate.holder == participant and certificate.status == "valid"
    text = pdf_text(certificate)
    assert participant.get_full_name() in text and certificate.number in text
    with certificate.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == certificate.sha256
    assert len(certificate.code) >= 20
    assert AuditEntry.objects.filter(action="certificate.issued", target_id=str(certificate.pk)).exists()


def test_pdf_carries_the_signed_payload_and_the_hours(finished_event, attended, participant):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()

    with certificate.pdf.open("rb") as handle:
        pdf = handle.read()
    metadata = rendering.read_metadata(pdf)
    claims = signing.verify(metadata["CertificatePayload"])
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.open_metadata().pdfa_status == "3B"  # archival, the payload still in its metadata

    assert metadata["CertificateNumber"] == certificate.number
    assert (claims.number, claims.code, claims.holder_name) == (certificate.number, certificate.code,
                                                               certificate.holder_name)
    assert claims.hours == "2.0"


def test_issuing_twice_issues_nothing_new_and_numbers_continue(finished_event, attended, participant,
                                                               other_participant):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    again = services.issue_for_event(event=finished_event)
    attended(finished_event, other_participant, 95)
    later = services.issue_for_event(event=finished_event)

    assert again.created == 0 and later.created == 1
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [
        f"I3/{timezone.localdate().year}/000001", f"I3/{timezone.localdate().year}/000002"]


def test_nothing_is_issued_before_the_end_or_without_a_template(make_event, certificate_template, attended,
                                                                participant):
    running = make_event("Trwa", certificate_template=certificate_template)
    EventPage.objects.filter(pk=running.pk).update(start=timezone.now() - timedelta(minutes=30))
    attended(running, participant, 100)
    no_template = make_event("Bez zaświadczeń")
    EventPage.objects.filter(pk=no_template.pk).update(start=timezone.now() - timedelta(hours=3),
                                                      end=timezone.now() - timedelta(hours=1))
    attended(no_template, participant, 100)

    assert services.issue_for_event(event=running).created == 0
    assert services.issue_for_event(event=EventPage.objects.get(pk=no_template.pk)).created == 0
    assert not Certificate.objects.exists()


def test_staff_decisions_overrule_the_rule_and_are_audited(finished_event, attended, participant,
                                                           other_participant, staff_user):
    attended(finished_event, participant, 95)
    attended(finished_event, other_participant, 10)

    services.decide(participant=participant, actor=staff_user, decision="refuse", reason="Nie zaliczył testu",
                    event=finished_event)
    services.decide(participant=other_participant, actor=staff_user, decision="grant",
                    reason="Problem techniczny z BBB, był obecny", event=finished_event)
    services.issue_for_event(event=finished_event)

    assert list(Certificate.objects.values_list("holder", flat=True)) == [other_participant.pk]
    assert set(AuditEntry.objects.filter(action__in=["certificate.grant", "certificate.refuse"])
               .values_list("action", flat=True)) == {"certificate.grant", "certificate.refuse"}
    with pytest.raises(ValidationError):
        services.decide(participant=participant, actor=staff_user, decision="grant", reason="  ",
                        event=finished_event)
    assert CertificateDecision.objects.get(participant=participant).decision == "refuse"


def test_certificate_is_in_the_participants_language(finished_event, attended, other_participant):
    attended(finished_event, other_participant, 90, language="uk")
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()

    assert certificate.language == "uk"
    assert "Сертифікат" in pdf_text(certificate)
    with certificate.pdf.open("rb") as handle:  # screen readers read it in Ukrainian
        assert PdfReader(handle).trailer["/Root"]["/Lang"] == "uk"


def test_every_image_on_a_certificate_has_a_text_alternative_in_its_language(finished_event, attended,
                                                                              other_participant, caplog):
    attended(finished_event, other_participant, 90, language="uk")
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()
    with certificate.pdf.open("rb") as handle:
        (page,) = structure(handle.read())

    figures = [alt for _, kind, alt in page if kind == "Figure"]
    assert len(figures) == 5 and all(figures)  # two logos, two signatures, the QR code
    with translation.override("uk"):
        assert gettext("QR code that opens this certificate's verification page") in figures
        assert gettext("Signature: %(name)s") % {"name": "Anna Nowak"} in figures
    assert not [record for record in caplog.records if record.name.startswith("weasyprint")]


def test_participant_gets_an_email_with_the_pdf(finished_event, attended, participant, mailoutbox,
                                                django_capture_on_commit_callbacks):
    attended(finished_event, participant, 90, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()

    (message,) = mailoutbox
    assert message.to == [participant.email]
    assert message.subject == f"Your certificate: {certificate.title}"
    ((filename, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf" and filename == certificate.download_filename
    assert hashlib.sha256(content).hexdigest() == certificate.sha256
    assert f"/en/certificates/verify/{certificate.code}/" in message.body


def test_analytics_arriving_issues_certificates_through_the_signal(finished_event, participant, attended,
                                                                   django_capture_on_commit_callbacks, staff_user):
    registration = attended(finished_event, participant, None)
    with django_capture_on_commit_callbacks(execute=True):
        correct_attendance(registration=registration, minutes=110, reason="Lista obecności", actor=staff_user)

    certificate = Certificate.objects.get()
    assert certificate.holder == participant and certificate.is_sealed


def test_a_sealed_pdf_is_never_replaced(finished_event, attended, participant):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()
    stored_name, stored_hash = certificate.pdf.name, certificate.sha256

    assert services.seal([Certificate.objects.get(pk=certificate.pk)]) == 0
    certificate.pdf = ""  # a stale copy of the row, as a second worker might hold
    assert services.seal([certificate]) == 0
    certificate.refresh_from_db()
    assert (certificate.pdf.name, certificate.sha256) == (stored_name, stored_hash)


def test_interrupted_rendering_is_finished_by_the_periodic_job(finished_event, attended, participant):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    Certificate.objects.update(pdf="", sha256="")  # as if the worker died after numbering

    services.issue_recently_ended()

    certificate = Certificate.objects.get()
    assert certificate.is_sealed and len(certificate.sha256) == 64


def test_batches_rendered_before_a_failure_stay_sealed_and_mailed(finished_event, attended, participant,
                                                                  other_participant, monkeypatch):
    """Two languages, two template versions, two batches: the second fails (a worker killed, say); the first
    batch's certificate is already stored and mailed, the other is finished by the next run."""
    attended(finished_event, participant, 90, language="pl")
    attended(finished_event, other_participant, 90, language="uk")
    render_batch, calls = rendering._render_batch, []

    def fail_the_second_batch(setup, documents):
        calls.append(len(documents))
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return render_batch(setup, documents)

    monkeypatch.setattr(rendering, "_render_batch", fail_the_second_batch)
    with pytest.raises(RuntimeError):
        services.issue_for_event(event=finished_event)

    assert calls == [1, 1]
    (sealed,) = [certificate for certificate in Certificate.objects.all() if certificate.is_sealed]
    (pending,) = Certificate.objects.exclude(pk=sealed.pk)
    assert OutgoingMail.objects.filter(to=[sealed.holder.email]).count() == 1
    assert not OutgoingMail.objects.filter(to=[pending.holder.email]).exists()

    monkeypatch.setattr(rendering, "_render_batch", render_batch)
    services.issue_recently_ended()

    pending.refresh_from_db()
    assert pending.is_sealed and pending.holder_name in pdf_text(pending)
    assert OutgoingMail.objects.filter(to=[pending.holder.email]).count() == 1
    assert OutgoingMail.objects.filter(to=[sealed.holder.email]).count() == 1  # nobody is mailed twice


def test_a_revoked_certificate_is_not_issued_again_unless_staff_grant_it(finished_event, attended, participant,
                                                                         staff_user):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    revoked = services.revoke(certificate=Certificate.objects.get(), actor=staff_user, category="other",
                              reason="Nie był obecny")

    services.issue_recently_ended()  # the periodic run: the attendance rule is still met

    assert list(Certificate.objects.values_list("number", "state")) == [(revoked.number, "revoked")]
    decision = CertificateDecision.objects.get(participant=participant, event=finished_event)
    assert decision.decision == "refuse" and "Nie był obecny" in decision.reason and revoked.number in decision.reason

    services.decide(participant=participant, actor=staff_user, decision="grant", reason="Obecność potwierdzona",
                    event=finished_event)
    services.issue_for_event(event=finished_event)

    new = Certificate.objects.get(state="valid")
    assert new.number != revoked.number and new.is_sealed


def test_correction_supersedes_and_keeps_the_old_record(finished_event, attended, participant, staff_user):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    old = Certificate.objects.get()

    new = services.correct(certificate=old, actor=staff_user, holder_name="Olena Kowalczuk-Nowak",
                           reason="Literówka w nazwisku")

    old.refresh_from_db()
    assert old.status == "superseded" and old.superseded_by == new and old.holder == participant
    assert new.status == "valid" and new.number != old.number and new.is_sealed
    assert "Olena Kowalczuk-Nowak" in pdf_text(new)
    with pytest.raises(ValidationError):
        services.correct(certificate=old, actor=staff_user, holder_name="X", reason="again")
    with pytest.raises(ValidationError, match=new.number):  # "replaced by <the new number>"
        services.revoke(certificate=old, actor=staff_user, category="other",
                        reason="From a page opened before the correction")
    with pytest.raises(ValidationError):  # the same name
        services.correct(certificate=new, actor=staff_user, holder_name="Olena Kowalczuk-Nowak", reason="No change")
    old.refresh_from_db()
    assert old.status == "superseded" and Certificate.objects.count() == 2
    assert not CertificateDecision.objects.exists()  # nobody is refused because of the superseded one


def test_the_record_keeps_the_issuing_time_its_signed_payload_carries(finished_event, attended, participant):
    """A run's "now" (here a day later, as when a run starts at 23:59 and stores at 00:00) is what the record keeps:
    the payload and the record must name the same day, or the verification page calls the paper not genuine."""
    attended(finished_event, participant, 90)
    tomorrow = timezone.now() + timedelta(days=1)

    services.issue_for_event(event=finished_event, now=tomorrow)

    certificate = Certificate.objects.get()
    assert certificate.issued_at == tomorrow
    assert signing.verify(certificate.payload).issued_on == timezone.localdate(tomorrow).isoformat()
    assert claims_match(signing.verify(certificate.payload), certificate)


def test_a_correction_is_numbered_in_its_year_and_audited_with_its_author(finished_event, attended, participant,
                                                                          staff_user):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    old = Certificate.objects.get()
    next_year = timezone.now() + timedelta(days=366)

    new = services.correct(certificate=old, actor=staff_user, holder_name="Olena Kowalczuk-Nowak",
                           reason="Literówka w nazwisku", now=next_year)

    assert f"/{timezone.localdate(next_year).year}/" in new.number and new.issued_at == next_year
    assert new.issued_by == staff_user and new.event == finished_event and new.course is None
    assert new.template == old.template and new.correction_reason == "Literówka w nazwisku"
    entry = AuditEntry.objects.get(action="certificate.corrected")
    assert entry.actor == staff_user
    assert entry.data == {"supersedes": old.number, "reason": "Literówka w nazwisku"}


def test_a_certificate_whose_template_was_deleted_is_corrected_with_the_events_template(
        finished_event, attended, participant, staff_user, certificate_template):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    old = Certificate.objects.get()
    Certificate.objects.filter(pk=old.pk).update(template=None)
    old.refresh_from_db()

    new = services.correct(certificate=old, actor=staff_user, holder_name="Olena Nowak", reason="Nazwisko")

    assert new.template == certificate_template
    Certificate.objects.filter(pk=new.pk).update(template=None)
    EventPage.objects.filter(pk=finished_event.pk).update(certificate_template=None)
    new.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError, match="There is no certificate template to issue"):
        services.correct(certificate=new, actor=staff_user, holder_name="Olena Nowak-Kowalczuk", reason="Nazwisko")


def test_only_a_current_certificate_can_be_corrected(finished_event, attended, participant, staff_user):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    revoked = services.revoke(certificate=Certificate.objects.get(), actor=staff_user, category="other",
                              reason="Błąd")

    with translation.override("en"), pytest.raises(ValidationError, match="Only a valid certificate that has not"):
        services.correct(certificate=revoked, actor=staff_user, holder_name="Olena Nowak", reason="Nazwisko")
    assert Certificate.objects.count() == 1


def test_revocation_keeps_the_record_with_reason_and_date(finished_event, attended, participant, staff_user):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()

    services.revoke(certificate=certificate, actor=staff_user, category="other", reason="Wydane omyłkowo")

    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revocation_reason == "Wydane omyłkowo"
    assert certificate.revoked_at is not None and certificate.is_sealed
    assert AuditEntry.objects.filter(action="certificate.revoked").count() == 1
    with pytest.raises(ValidationError):
        services.revoke(certificate=certificate, actor=staff_user, category="other", reason="again")


def test_course_rule_counts_sessions_at_the_course_threshold(course, past_sessions, certificate_template,
                                                              attended):
    from courses.models import CoursePage

    CoursePage.objects.filter(pk=course.pk).update(
        certificate_template=certificate_template, completion_rule=CoursePage.CompletionRule.MIN_SESSIONS,
        required_sessions=2, attendance_threshold=75)
    course.refresh_from_db()
    sessions = past_sessions(course, 3)
    two_sessions, one_session = ProfileFactory().user, ProfileFactory().user
    attended(sessions[0], two_sessions, 80)
    attended(sessions[2], two_sessions, 100, source=Attendance.Source.CHECKIN)
    attended(sessions[1], two_sessions, 50)
    attended(sessions[0], one_session, 100)
    attended(sessions[1], one_session, 70)

    verdicts = {c.participant: (c.qualifies_by_rule, len(c.sessions_attended)) for c in course_candidates(course)}
    report = services.issue_for_course(course=course)

    assert verdicts == {two_sessions: (True, 2), one_session: (False, 1)}
    assert report.created == 1
    certificate = Certificate.objects.get()
    assert certificate.course_id == course.pk and certificate.event_id is None
    assert certificate.hours == 4  # the two sessions attended
    assert (certificate.first_day, certificate.last_day) == (timezone.localtime(sessions[0].start).date(),
                                                            timezone.localtime(sessions[2].end).date())


@pytest.mark.parametrize("rule, required", [("min", 2), ("all", None)], ids=["at least two sessions", "all sessions"])
def test_course_rule_is_met_at_exactly_the_threshold_and_the_number_of_sessions(
    course, past_sessions, certificate_template, attended, rule, required,
):
    """A session counts at exactly the course's threshold (75 %), not a point below; the course is complete at
    exactly the sessions required (two of three, or all three), not one fewer."""
    from courses.models import CoursePage

    CoursePage.objects.filter(pk=course.pk).update(
        certificate_template=certificate_template, completion_rule=rule, required_sessions=required,
        attendance_threshold=75)
    course.refresh_from_db()
    sessions = past_sessions(course, 3)
    needed = required or len(sessions)
    exactly, one_short, one_point_below = (ProfileFactory().user for _ in range(3))
    for session in sessions[:needed]:
        attended(session, exactly, 75)
    for session in sessions[:needed - 1]:
        attended(session, one_short, 100)
    for index, session in enumerate(sessions[:needed]):
        attended(session, one_point_below, 74 if index == 0 else 75)

    verdicts = {c.participant: (c.qualifies_by_rule, len(c.sessions_attended)) for c in course_candidates(course)}

    assert verdicts == {exactly: (True, needed), one_short: (False, needed - 1),
                        one_point_below: (False, needed - 1)}


def test_course_certificates_wait_for_the_last_session(course, make_event, certificate_template, attended,
                                                       participant):
    from courses.models import CoursePage

    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    course.refresh_from_db()
    past = make_event("Sesja 1", course=course)
    EventPage.objects.filter(pk=past.pk).update(start=timezone.now() - timedelta(days=2),
                                                end=timezone.now() - timedelta(days=2) + timedelta(hours=2))
    make_event("Sesja 2", course=course)  # next week
    attended(EventPage.objects.get(pk=past.pk), participant, 100)

    assert services.issue_for_course(course=course).created == 0


def test_registration_cancelled_means_no_certificate(finished_event, attended, participant):
    registration = attended(finished_event, participant, 100)
    Registration.objects.filter(pk=registration.pk).update(state=Registration.State.CANCELLED)

    assert services.issue_for_event(event=finished_event).created == 0


def test_the_qr_code_holds_the_verification_address_with_the_payload(finished_event, attended, participant):
    from certificates.documents import Composer, qr_target

    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()

    document = Composer(certificate.template).document(certificate)

    target = qr_target(certificate)
    assert target == f"http://127.0.0.1:8000/v/{certificate.payload}"
    assert rendering.QR_CODE_SLOT in document.html and document.qr_text == target
    assert document.metadata["CertificateVerificationUrl"] == target


def test_the_printed_qr_code_scans_to_the_signed_verification_address(finished_event, attended, participant):
    from certificates.documents import qr_target

    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()

    with certificate.pdf.open("rb") as handle:
        scanned = read_qr_code(handle.read())

    assert scanned == qr_target(certificate)
    assert signing.verify(payload_from(scanned)).number == certificate.number


def test_a_webinar_ended_early_issues_at_once(make_event, certificate_template, attended, participant):
    from events.models import Meeting

    webinar = make_event("Skrócony webinar", certificate_template=certificate_template)
    EventPage.objects.filter(pk=webinar.pk).update(start=timezone.now() - timedelta(minutes=50))
    webinar.refresh_from_db()
    attended(webinar, participant, 85)
    assert services.issue_for_event(event=webinar).created == 0

    Meeting.objects.create(event=webinar, bbb_meeting_id="m-1", state=Meeting.State.ENDED)

    assert services.issue_for_event(event=webinar).created == 1


def test_a_course_certificate_spans_every_attended_session_in_the_holders_language(
        course, past_sessions, certificate_template, attended, staff_user):
    from courses.models import CoursePage

    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template,
                                                   completion_rule=CoursePage.CompletionRule.ALL_SESSIONS)
    sessions = past_sessions(course, 3)
    holder = ProfileFactory().user
    for session in sessions:
        attended(session, holder, 100, language="uk")

    report = services.issue_after_attendance(event_id=sessions[-1].pk)  # the last session's attendance arrived

    course_certificate = Certificate.objects.get(course=course)
    assert (course_certificate.first_day, course_certificate.last_day) == (
        timezone.localtime(sessions[0].start).date(), timezone.localtime(sessions[2].end).date())
    assert course_certificate.language == "uk" and course_certificate.hours == 6
    assert (report.created, report.sealed) == (1, 1)  # the sessions have no certificate template of their own
    corrected = services.correct(certificate=course_certificate, actor=staff_user, holder_name="Olena Nowak",
                                 reason="Nazwisko")
    assert (corrected.course, corrected.event, corrected.template) == (course, None, certificate_template)


def test_a_reissue_that_cannot_supersede_reports_why_and_goes_on(finished_event, attended, participant,
                                                                  other_participant, staff_user):
    attended(finished_event, participant, 90)
    attended(finished_event, other_participant, 90)
    services.issue_for_event(event=finished_event)
    kept, revoked = Certificate.objects.order_by("pk")
    services.revoke(certificate=revoked, actor=staff_user, category="other", reason="Błąd")
    revoked.refresh_from_db()

    with translation.override("en"):
        report = services.reissue([revoked, kept], reason="Klucz wycofany")

    assert [certificate.holder for certificate in report.renewed] == [kept.holder]
    assert report.failed == [(revoked, "Only a valid certificate that has not been superseded can be corrected.")]


def test_only_current_rendered_certificates_are_listed_as_unverifiable(finished_event, attended, participant,
                                                                        other_participant, staff_user, settings):
    from io import StringIO

    from django.core.management import call_command

    attended(finished_event, participant, 90)
    attended(finished_event, other_participant, 90)
    third = ProfileFactory().user
    attended(finished_event, third, 90)
    services.issue_for_event(event=finished_event)
    current, revoked, unrendered = Certificate.objects.order_by("pk")
    services.revoke(certificate=revoked, actor=staff_user, category="other", reason="Błąd")
    Certificate.objects.filter(pk=unrendered.pk).update(pdf="")
    new_key = StringIO()
    call_command("certificate_signing_key", stdout=new_key)
    settings.CERTIFICATE_SIGNING_KEY = new_key.getvalue()  # the old key withdrawn

    assert services.unverifiable_certificates() == [current]


@pytest.mark.parametrize("holder_name, reason, message", [
    ("Olena Nowak", "  ", "Please give the corrected name and a reason."),
    (" ", "Nazwisko", "Please give the corrected name and a reason."),
    ("Olena Kowalczuk", "Nazwisko", "The name is the same as on the certificate; a correction needs a different one."),
], ids=["no reason", "no name", "the same name"])
def test_a_correction_needs_a_new_name_and_a_reason(finished_event, attended, participant, staff_user,
                                                    holder_name, reason, message):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()
    assert certificate.holder_name == "Olena Kowalczuk"

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        services.correct(certificate=certificate, actor=staff_user, holder_name=holder_name, reason=reason)

    assert refusal.value.messages == [message] and Certificate.objects.count() == 1


def test_a_course_met_by_its_rule_still_waits_for_its_last_session(course, make_event, certificate_template,
                                                                   attended, participant):
    from courses.models import CoursePage

    CoursePage.objects.filter(pk=course.pk).update(
        certificate_template=certificate_template, completion_rule=CoursePage.CompletionRule.MIN_SESSIONS,
        required_sessions=1)
    course.refresh_from_db()
    past = make_event("Sesja 1", course=course)
    EventPage.objects.filter(pk=past.pk).update(start=timezone.now() - timedelta(days=2),
                                                end=timezone.now() - timedelta(days=2) + timedelta(hours=2))
    make_event("Sesja 2", course=course)  # next week
    attended(EventPage.objects.get(pk=past.pk), participant, 100)

    assert [c.qualifies_by_rule for c in course_candidates(course)] == [True]
    assert services.issue_for_course(course=course).created == 0


def test_every_session_means_every_session_whatever_number_was_left_from_the_other_rule(
        course, past_sessions, certificate_template, attended, participant):
    from courses.models import CoursePage

    CoursePage.objects.filter(pk=course.pk).update(
        certificate_template=certificate_template, completion_rule=CoursePage.CompletionRule.ALL_SESSIONS,
        required_sessions=2)  # the editor switched from "at least 2 of 3"
    course.refresh_from_db()
    sessions = past_sessions(course, 3)
    for session in sessions[:2]:
        attended(session, participant, 100)

    assert [c.qualifies_by_rule for c in course_candidates(course)] == [False]


def test_a_course_counts_only_its_own_sessions_decisions_and_certificates(
        course, past_sessions, finished_event, certificate_template, attended, participant, staff_user):
    from courses.models import CoursePage

    CoursePage.objects.filter(pk=course.pk).update(
        certificate_template=certificate_template, completion_rule=CoursePage.CompletionRule.MIN_SESSIONS,
        required_sessions=2)
    course.refresh_from_db()
    (session, _other) = past_sessions(course, 2)
    attended(session, participant, 100)
    attended(finished_event, participant, 100)  # an event outside the course
    services.issue_for_event(event=finished_event)
    services.decide(participant=participant, actor=staff_user, decision="grant", reason="Obecny",
                    event=finished_event)

    (candidate,) = course_candidates(course, participant=participant)

    assert not candidate.qualifies_by_rule and candidate.sessions_attended == [session]
    assert candidate.decision is None and candidate.certificate is None


def test_staff_decide_for_a_course_with_a_reason_and_its_run_is_the_courses(course, past_sessions,
                                                                            certificate_template, attended,
                                                                            participant, staff_user):
    from courses.models import CoursePage

    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    course.refresh_from_db()
    (session,) = past_sessions(course, 1)
    attended(session, participant, 10)
    with translation.override("en"):
        with pytest.raises(ValidationError) as no_reason:
            services.decide(participant=participant, actor=staff_user, decision="grant", reason=" ", course=course)
        assert no_reason.value.messages == ["Please give a reason."]
        with pytest.raises(ValueError, match="Unknown decision 'maybe'"):
            services.decide(participant=participant, actor=staff_user, decision="maybe", reason="?", course=course)

    services.decide(participant=participant, actor=staff_user, decision="grant", reason="Obecny", course=course)
    services.issue_recorded(course=course, actor=staff_user)

    decision = CertificateDecision.objects.get()
    assert (decision.course, decision.event) == (course, None)
    assert Certificate.objects.get().course == course
    run = services.latest_run(course=course)
    assert run is not None and run.course == course and run.requested_by == staff_user
    assert services.latest_run(event=session) is None


def test_the_periodic_run_covers_the_last_two_weeks_counts_every_certificate_and_finishes_courses(
        make_event, finished_event, attended, participant, other_participant, course, past_sessions,
        certificate_template):
    from courses.models import CoursePage

    long_ago = make_event("Szkolenie sprzed miesiąca", certificate_template=certificate_template)
    EventPage.objects.filter(pk=long_ago.pk).update(start=timezone.now() - timedelta(days=15, hours=2),
                                                    end=timezone.now() - timedelta(days=15))
    second = make_event("Drugie szkolenie", certificate_template=certificate_template)
    EventPage.objects.filter(pk=second.pk).update(start=timezone.now() - timedelta(hours=5),
                                                  end=timezone.now() - timedelta(hours=4))
    attended(EventPage.objects.get(pk=long_ago.pk), participant, 100)
    attended(finished_event, participant, 100)
    attended(EventPage.objects.get(pk=second.pk), other_participant, 100)
    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    (session,) = past_sessions(course, 1)
    attended(session, other_participant, 100)

    assert services.issue_recently_ended() == 3  # two events and the course; not the one 15 days ago
    assert not Certificate.objects.filter(event=long_ago).exists()

    course_certificate = Certificate.objects.get(course=course)
    Certificate.objects.filter(pk=course_certificate.pk).update(pdf="", sha256="")  # a rendering interrupted
    assert services.issue_recently_ended(now=timezone.now() + timedelta(days=30)) == 0
    course_certificate.refresh_from_db()
    assert course_certificate.is_sealed


def test_a_course_certificate_carries_the_course_title_in_the_holders_language(course, past_sessions,
                                                                              certificate_template, attended):
    from wagtail.models import Locale

    from courses.models import CoursePage

    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    course.refresh_from_db()
    ukrainian = course.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True)
    ukrainian.title = "Базовий курс"
    ukrainian.save_revision().publish()
    (session,) = past_sessions(course, 1)
    attended(session, ProfileFactory().user, 100, language="uk")
    attended(session, ProfileFactory().user, 100, language="pl")

    services.issue_for_course(course=course)

    assert sorted(Certificate.objects.values_list("language", "title")) == [
        ("pl", "Kurs podstawowy"), ("uk", "Базовий курс")]


def test_a_course_is_issued_once_it_is_over_with_its_issuer_finishing_interrupted_renderings(
        course, past_sessions, make_event, certificate_template, attended, staff_user):
    from courses.models import CoursePage

    (session,) = past_sessions(course, 1)
    first, second = ProfileFactory().user, ProfileFactory().user
    attended(session, first, 100)
    assert services.issue_for_course(course=course, actor=staff_user) == services.IssueReport(created=0, sealed=0)
    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    course.refresh_from_db()
    upcoming = make_event("Sesja zamykająca", course=course)
    assert services.issue_for_course(course=course, actor=staff_user) == services.IssueReport(created=0, sealed=0)
    EventPage.objects.filter(pk=upcoming.pk).update(start=session.start, end=session.end)  # over now
    attended(EventPage.objects.get(pk=upcoming.pk), first, 100)
    services.issue_for_course(course=course)
    Certificate.objects.update(pdf="", sha256="")  # its rendering was interrupted
    for each in (session, EventPage.objects.get(pk=upcoming.pk)):
        attended(each, second, 100)

    report = services.issue_for_course(course=course, actor=staff_user)

    assert report == services.IssueReport(created=1, sealed=2)
    assert Certificate.objects.get(holder=second).issued_by == staff_user
    assert all(certificate.is_sealed for certificate in Certificate.objects.all())


def test_a_reissue_is_numbered_and_dated_in_the_year_of_its_time(finished_event, attended, participant, settings):
    from datetime import datetime

    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    when = datetime(2031, 3, 2, 10, 0, tzinfo=timezone.get_current_timezone())

    (renewed,) = services.reissue(list(Certificate.objects.all()), reason="Nowy klucz", now=when).renewed

    assert renewed.number == f"{settings.CERTIFICATE_NUMBER_PREFIX}/2031/000001"
    assert renewed.issued_at == when


def test_a_decision_is_audited_with_the_participant_and_the_reason_as_given(finished_event, participant,
                                                                             staff_user):
    services.decide(participant=participant, actor=staff_user, decision="grant", reason="  Obecny na sali  ",
                    event=finished_event)

    entry = AuditEntry.objects.get(action="certificate.grant")
    assert entry.actor == staff_user
    assert entry.data == {"participant": participant.pk, "reason": "Obecny na sali"}
