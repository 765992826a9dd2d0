"""Who qualifies for a certificate, who may see which, and whether a QR code is genuine. Read-only."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from certificates import signing
from certificates.models import Certificate, CertificateDecision, IssuingRun
from certificates.models.certificates import VERIFICATION_CODE_LENGTH
from courses.models import CoursePage
from events.models import Attendance, EventPage, Meeting, Registration
from lms import codes
from lms.models import User


@dataclass
class Candidate:
    """One participant as the staff certificate page shows them: what the rule says, what staff decided."""

    participant: User
    qualifies_by_rule: bool
    percent_present: int | None = None  # events
    sessions_attended: list[EventPage] = field(default_factory=list)  # courses
    decision: CertificateDecision | None = None
    certificate: Certificate | None = None

    @property
    def eligible(self) -> bool:
        if not self.participant.is_active:  # an erased (or closed) account gets no new certificate
            return False
        if self.decision is not None:
            return self.decision.decision == CertificateDecision.Decision.GRANT
        return self.qualifies_by_rule


def _hours(length: timedelta) -> Decimal:
    return (Decimal(length.total_seconds()) / 3600).quantize(Decimal("0.1"))


def event_hours(event: EventPage) -> Decimal:
    return _hours(event.end - event.start)


def preferred_language(user: User) -> str:
    """The participant's language for e-mails and certificates (from a prefetched profile when there is one)."""
    profile = getattr(user, "profile", None)
    return profile.language if profile is not None else settings.LANGUAGE_CODE


def event_is_over(event: EventPage, now: datetime) -> bool:
    """Past its scheduled end, or its webinar was ended early (then attendance is final already)."""
    return event.end <= now or Meeting.objects.filter(event=event, state=Meeting.State.ENDED).exists()


def course_is_over(course: CoursePage, now: datetime) -> bool:
    sessions = list(course.canonical.canonical_sessions())
    return bool(sessions) and all(event_is_over(session, now) for session in sessions)


def current_certificates(participant: User | None = None, **scope) -> dict[int, Certificate]:
    """Valid, not superseded certificates of one event or course (``event=`` or ``course=``) by holder id,
    of one participant when given."""
    certificates = Certificate.objects.filter(state=Certificate.State.VALID, superseded_by=None, **scope)
    if participant is not None:
        certificates = certificates.filter(holder=participant)
    return {certificate.holder_id: certificate for certificate in certificates}


def _decisions(participant: User | None = None, **scope) -> dict[int, CertificateDecision]:
    decisions = CertificateDecision.objects.filter(**scope)
    if participant is not None:
        decisions = decisions.filter(participant=participant)
    return {decision.participant_id: decision for decision in decisions}


def event_candidates(event: EventPage, *, participant: User | None = None) -> list[Candidate]:
    """Everyone with a confirmed place at the (default-language) event, or just ``participant``, in a fixed
    number of queries."""
    event = event.canonical
    registrations = Registration.objects.filter(event=event, state=Registration.State.CONFIRMED).select_related(
        "participant__profile", "attendance"
    ).order_by("participant__last_name", "participant__first_name", "pk")
    if participant is not None:
        registrations = registrations.filter(participant=participant)
    decisions = _decisions(participant, event=event)
    certificates = current_certificates(participant, event=event)
    candidates = []
    for registration in registrations:
        attendance = getattr(registration, "attendance", None)
        percent = attendance.percent_present if attendance is not None else None
        candidates.append(Candidate(
            participant=registration.participant,
            qualifies_by_rule=percent is not None and percent >= event.attendance_threshold,
            percent_present=percent,
            decision=decisions.get(registration.participant_id),
            certificate=certificates.get(registration.participant_id),
        ))
    return candidates


def course_candidates(course: CoursePage, *, participant: User | None = None) -> list[Candidate]:
    """Everyone with a confirmed place at any session of the course, or just ``participant``; a session
    counts as attended at the course's attendance threshold (a check-in counts as 100 %)."""
    course = course.canonical
    sessions = list(course.canonical_sessions().order_by("start"))
    attended: dict[int, list[EventPage]] = {}
    participants: dict[int, User] = {}
    registrations = Registration.objects.filter(
        event__in=sessions, state=Registration.State.CONFIRMED
    ).select_related("participant__profile")
    if participant is not None:
        registrations = registrations.filter(participant=participant)
    sessions_by_id = {session.pk: session for session in sessions}
    present = set(
        Attendance.objects.filter(
            registration__in=registrations, percent_present__gte=course.attendance_threshold,
        ).values_list("registration_id", flat=True)
    )
    for registration in registrations:
        participants.setdefault(registration.participant_id, registration.participant)
        bucket = attended.setdefault(registration.participant_id, [])
        if registration.pk in present:
            bucket.append(sessions_by_id[registration.event_id])
    needed = len(sessions) if course.completion_rule == CoursePage.CompletionRule.ALL_SESSIONS else (
        course.required_sessions or len(sessions)
    )
    decisions = _decisions(participant, course=course)
    certificates = current_certificates(participant, course=course)
    candidates = [
        Candidate(
            participant=participant,
            qualifies_by_rule=bool(sessions) and len(attended[participant_id]) >= needed,
            sessions_attended=sorted(attended[participant_id], key=lambda session: session.start),
            decision=decisions.get(participant_id),
            certificate=certificates.get(participant_id),
        )
        for participant_id, participant in participants.items()
    ]
    return sorted(candidates, key=lambda c: (c.participant.last_name, c.participant.first_name, c.participant.pk))


class Outlook(StrEnum):
    """What a participant is told about their certificate on the event or course page."""

    UPCOMING = "upcoming"  # not over yet: the rule is what counts
    ISSUED = "issued"
    BEING_ISSUED = "being_issued"  # qualifies; the task issues it within minutes
    REVOKED = "revoked"
    NOT_RECORDED = "not_recorded"  # over, but no attendance came for them
    BELOW_RULE = "below_rule"
    REFUSED = "refused"  # staff decided against it


@dataclass(frozen=True)
class ParticipantCertificate:
    outlook: Outlook
    certificate: Certificate | None = None
    percent_present: int | None = None  # events
    sessions_attended: int = 0  # courses


def participant_certificate(user: User, *, event: EventPage | None = None, course: CoursePage | None = None,
                            now: datetime | None = None) -> ParticipantCertificate | None:
    """The certificate outlook of ``user`` at an event or course that gives certificates; None when they have
    no confirmed place there (or it gives none)."""
    page = (event or course).canonical
    if not user.is_authenticated or page.certificate_template_id is None:
        return None
    if event is not None:
        candidates, scope, over = event_candidates(page, participant=user), {"event": page}, event_is_over
    else:
        candidates, scope, over = course_candidates(page, participant=user), {"course": page}, course_is_over
    if not candidates:
        return None
    (candidate,) = candidates
    facts = {"percent_present": candidate.percent_present, "sessions_attended": len(candidate.sessions_attended)}
    if candidate.certificate is not None:
        outlook = Outlook.ISSUED if candidate.certificate.is_sealed else Outlook.BEING_ISSUED
        return ParticipantCertificate(outlook, candidate.certificate, **facts)
    if not over(page, now or timezone.now()):
        return ParticipantCertificate(Outlook.UPCOMING, **facts)
    if candidate.eligible:  # also after a revocation, when staff have granted it again
        return ParticipantCertificate(Outlook.BEING_ISSUED, **facts)
    revoked = Certificate.objects.filter(holder=user, state=Certificate.State.REVOKED, **scope).order_by(
        "-revoked_at").first()
    if revoked is not None:
        return ParticipantCertificate(Outlook.REVOKED, revoked, **facts)
    if candidate.decision is not None:
        return ParticipantCertificate(Outlook.REFUSED, **facts)
    if event is not None and candidate.percent_present is None:
        return ParticipantCertificate(Outlook.NOT_RECORDED, **facts)
    return ParticipantCertificate(Outlook.BELOW_RULE, **facts)


def certificate_with_code(typed: str) -> Certificate | None:
    """The certificate a verification code names, as printed or as typed from paper (any case, spaces, O for 0);
    the exact code first, since the base64 codes of older certificates are case-sensitive."""
    certificates = Certificate.objects.select_related("superseded_by")
    certificate = certificates.filter(code=typed).first()
    if certificate is None and codes.is_code(typed, VERIFICATION_CODE_LENGTH):
        certificate = certificates.filter(code=codes.grouped(codes.normalise(typed))).first()
    return certificate


def certificates_of(user: User) -> QuerySet[Certificate]:
    """The certificates a participant holds, sealed ones only (a PDF being rendered is not shown yet)."""
    return Certificate.objects.filter(holder=user).exclude(pdf="").select_related("superseded_by")


# Apps above this one that let someone else download a certificate (organisations: their coordinators).
_DOWNLOAD_GRANTS: list[Callable[[User, Certificate], bool]] = []


def grant_download(rule: Callable[[User, Certificate], bool]) -> None:
    """``rule(user, certificate)`` answers True for a signed-in person who may download a certificate that is not
    revoked; called by apps at start-up."""
    _DOWNLOAD_GRANTS.append(rule)


def can_download(user: User, certificate: Certificate) -> bool:
    """Staff with the certificate permission, and, until it is revoked (a revoked PDF still reads as valid once
    printed), the holder and whoever a rule of another app names (an organisation's coordinators)."""
    if not user.is_authenticated:
        return False
    if user.has_perm("certificates.view_certificate"):
        return True
    if certificate.state == Certificate.State.REVOKED:
        return False
    return certificate.holder_id == user.pk or any(rule(user, certificate) for rule in _DOWNLOAD_GRANTS)


def claims_of(certificate: Certificate) -> signing.Claims:
    """What a certificate's QR code carries, signed: the facts printed on it."""
    return signing.Claims(
        number=certificate.number, code=certificate.code, holder_name=certificate.holder_name,
        title=certificate.title, first_day=certificate.first_day.isoformat(),
        last_day=certificate.last_day.isoformat(), hours=str(certificate.hours),
        issued_on=timezone.localdate(certificate.issued_at).isoformat(),
    )


def claims_match(claims: signing.Claims, certificate: Certificate) -> bool:
    """Whether signed claims are this certificate's own, every printed fact included: a genuine payload of
    another certificate, or one carrying this certificate's code with another name, does not match."""
    recorded = claims_of(certificate)
    try:
        same_hours = Decimal(claims.hours) == certificate.hours  # "2.0" and "2.00" are the same hours
    except InvalidOperation:
        return False
    return same_hours and replace(claims, hours=recorded.hours) == recorded


class QrCheck(StrEnum):
    """What the signed payload from a QR code (``?p=`` on the verification page) says about the certificate
    whose page it opens."""

    GENUINE = "genuine"  # signed by us, and this certificate's data
    INVALID = "invalid"  # not signed by us, or altered since
    MISMATCH = "mismatch"  # signed by us, but not this certificate's data


def check_payload(payload: str, certificate: Certificate) -> QrCheck:
    try:
        claims = signing.verify(payload)
    except signing.InvalidPayload:
        return QrCheck.INVALID
    return QrCheck.GENUINE if claims_match(claims, certificate) else QrCheck.MISMATCH


# Participants of events that ended longer ago than this are no longer brought to staff's attention.
UNDECIDED_FOR = timedelta(days=30)


@dataclass
class CertificatesForStaff:
    """What the staff dashboard shows of certificates: where issuing failed, and who is waiting for a decision."""

    failed_runs: list[IssuingRun]
    undecided: list[EventPage]  # each with ``undecided_count``


def certificates_for_staff(*, now: datetime | None = None) -> CertificatesForStaff:
    """Failed issuing runs that no later run of the same event or course replaced, and the events that ended in
    the last 30 days (or whose webinar was ended early) with participants who did not meet the attendance rule
    (or whose attendance never arrived) and have neither a certificate nor a staff decision. Three queries."""
    now = now or timezone.now()
    later_run = IssuingRun.objects.filter(Q(event=OuterRef("event")) | Q(course=OuterRef("course"))).filter(
        Q(started_at__gt=OuterRef("started_at")) | Q(started_at=OuterRef("started_at"), pk__gt=OuterRef("pk")))
    failed_runs = list(IssuingRun.objects.filter(state=IssuingRun.State.FAILED).exclude(Exists(later_run))
                       .select_related("event", "course").order_by("-started_at", "-pk"))
    undecided_counts = dict(
        Registration.objects.filter(
            state=Registration.State.CONFIRMED, event__certificate_template__isnull=False,
            event__end__gt=now - UNDECIDED_FOR,
        ).filter(Q(event__end__lte=now) | Q(event__meeting__state=Meeting.State.ENDED))
        .filter(Q(attendance__isnull=True) | Q(attendance__percent_present__lt=F("event__attendance_threshold")))
        .exclude(Exists(CertificateDecision.objects.filter(event=OuterRef("event"),
                                                           participant=OuterRef("participant"))))
        .exclude(Exists(Certificate.objects.filter(event=OuterRef("event"), holder=OuterRef("participant"),
                                                   state=Certificate.State.VALID, superseded_by=None)))
        .values("event").annotate(count=Count("pk")).values_list("event", "count")
    )
    undecided = list(EventPage.objects.filter(pk__in=undecided_counts).defer_streamfields().order_by("-end", "pk"))
    for event in undecided:
        event.undecided_count = undecided_counts[event.pk]
    return CertificatesForStaff(failed_runs=failed_runs, undecided=undecided)
