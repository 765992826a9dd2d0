"""Issuing, sealing, correcting and revoking certificates, and staff decisions about who qualifies."""

import errno
import hashlib
import logging
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates import rendering, signing
from certificates.documents import Composer, template_in, template_language
from certificates.models import (
    Certificate,
    CertificateDecision,
    CertificateSequence,
    CertificateTemplate,
    IssuingRun,
)
from certificates.selectors import (
    claims_of,
    course_candidates,
    course_is_over,
    event_candidates,
    event_hours,
    event_is_over,
    preferred_language,
)
from courses.models import CoursePage
from events.models import EventPage
from events.notifications import localized_event
from lms import audit
from lms.models import User
from lms.translations import source_of, synchronise_translations

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssueReport:
    created: int
    sealed: int
    # Left to chunk tasks (a large run): sealed by whichever workers take them.
    handed_over: int = 0


@dataclass(frozen=True)
class Draft:
    """A certificate about to be numbered: everything printed on it except number and dates of issue."""

    holder: User
    holder_name: str
    title: str
    first_day: date
    last_day: date
    hours: Decimal
    language: str


def _lock_numbering(year: int) -> CertificateSequence:
    """The year's number counter, locked until the caller's transaction ends; holding it also serialises
    concurrent issuing runs, so two of them never issue the same certificate."""
    CertificateSequence.objects.get_or_create(year=year)
    return CertificateSequence.objects.select_for_update().get(year=year)


def _take_numbers(sequence: CertificateSequence, count: int) -> range:
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return range(first, first + count)


def format_number(year: int, sequence: int) -> str:
    return f"{settings.CERTIFICATE_NUMBER_PREFIX}/{year}/{sequence:06d}"


def _holder_name(user: User) -> str:
    return user.get_full_name().strip() or user.email


def _new_certificate(draft: Draft, *, number: str, template: CertificateTemplate, scope: dict,
                     actor: User | None, now: datetime, reason: str = "") -> Certificate:
    certificate = Certificate(
        number=number, holder=draft.holder, holder_name=draft.holder_name, title=draft.title,
        first_day=draft.first_day, last_day=draft.last_day, hours=draft.hours, language=draft.language,
        template=template, issued_by=actor, correction_reason=reason, **scope,
    )
    certificate.issued_at = now
    certificate.payload = signing.sign(claims_of(certificate))
    return certificate


def _create(drafts: list[Draft], *, template: CertificateTemplate, scope: dict, actor: User | None,
            now: datetime) -> list[Certificate]:
    """Number and store certificates (not yet rendered). Holders who already have a current certificate in
    ``scope`` are skipped, checked again under the numbering lock so two runs never issue twice."""
    year = timezone.localdate(now).year
    with transaction.atomic():
        sequence = _lock_numbering(year)  # the lock first, then the look at who already has one
        taken = set(Certificate.objects.filter(
            state=Certificate.State.VALID, superseded_by=None, holder__in=[d.holder for d in drafts], **scope
        ).values_list("holder_id", flat=True))
        drafts = [draft for draft in drafts if draft.holder.pk not in taken]
        if not drafts:
            return []
        certificates = [
            _new_certificate(draft, number=format_number(year, number), template=template, scope=scope,
                             actor=actor, now=now)
            for draft, number in zip(drafts, _take_numbers(sequence, len(drafts)), strict=True)
        ]
        Certificate.objects.bulk_create(certificates, batch_size=500)
        # bulk_create sets primary keys on PostgreSQL only; fetch them back everywhere.
        by_number = dict(Certificate.objects.filter(
            number__in=[c.number for c in certificates]).values_list("number", "pk"))
        for certificate in certificates:
            certificate.pk = by_number[certificate.number]
            audit.record(actor=actor, action="certificate.issued", target=certificate,
                         data={"number": certificate.number})
    return certificates


def seal(certificates: list[Certificate]) -> int:
    """Render the certificates that have no PDF yet (grouped by template version), store each PDF with its
    SHA-256 and mail it. The first stored PDF wins: a PDF once sealed is never replaced. Returns how many.

    All template versions are rendered as one piece of work, and each batch is stored as soon as it is
    rendered, while the next ones are still being laid out; an interruption keeps what was stored."""
    pending = [certificate for certificate in certificates if not certificate.pdf]
    groups: dict[tuple[int, str], list[Certificate]] = {}
    for certificate in pending:
        groups.setdefault((certificate.template_id, certificate.language), []).append(certificate)
    work = []
    for (template_id, language), group in groups.items():
        composer = Composer(template_in(CertificateTemplate.objects.get(pk=template_id), language))
        work.append((composer.setup, [composer.document(certificate) for certificate in group]))
    members = list(groups.values())
    sealed = 0
    for group, start, pdfs in rendering.render_in_batches(work, processes=settings.CERTIFICATE_RENDER_PROCESSES):
        sealed += store_sealed_pdfs(list(zip(members[group][start:start + len(pdfs)], pdfs, strict=True)))
    return sealed


def store_sealed_pdfs(rendered: list[tuple[Certificate, bytes]]) -> int:
    """Keep each PDF and its SHA-256 unless its certificate has one already, and mail the holders. Returns how
    many were kept.

    A certificate's file is written only while its row is locked and still has no PDF, so of two runs sealing it
    only the first writes, and always under the same name (month/code.pdf): a file found there was left by a run
    interrupted before its commit and is replaced. The storage (lms.storage) moves a file into place only once
    it is completely written; when writing fails (a full or read-only disk) the files of the batch are removed
    and its certificates stay unsealed, to be sealed by a later run."""
    from certificates.notifications import send_certificate

    storage = Certificate._meta.get_field("pdf").storage
    stored = []
    with transaction.atomic():
        unsealed = set(Certificate.objects.select_for_update().order_by("pk").filter(
            pk__in=[certificate.pk for certificate, _pdf in rendered], pdf="").values_list("pk", flat=True))
        try:
            for certificate, pdf in rendered:
                if certificate.pk not in unsealed:
                    continue
                name = storage.save(f"{timezone.localdate(certificate.issued_at):%Y/%m}/{certificate.code}.pdf",
                                    ContentFile(pdf))
                stored.append(name)
                digest = hashlib.sha256(pdf).hexdigest()
                Certificate.objects.filter(pk=certificate.pk).update(pdf=name, sha256=digest)
                certificate.pdf.name, certificate.sha256 = name, digest
                send_certificate(certificate=certificate)
        except BaseException:
            for name in stored:  # still under the row locks: no other run can have written these names
                storage.delete(name)
            raise
    return len(stored)


# A chunk task still waiting in a busy queue is not overtaken by the periodic job before this.
CHUNK_TASK_GRACE = timedelta(minutes=30)


def seal_pending(*, now: datetime | None = None, **scope) -> int:
    """Retry sealing certificates whose rendering was interrupted (e.g. a worker restart), except those a chunk
    task took on less than CHUNK_TASK_GRACE ago."""
    recently_handed_over = (now or timezone.now()) - CHUNK_TASK_GRACE
    return seal(list(Certificate.objects.filter(pdf="", **scope)
                     .exclude(sealing_queued_at__gt=recently_handed_over).order_by("pk")))


def is_left_to_chunk_task(certificate: Certificate, *, now: datetime | None = None) -> bool:
    """Its PDF is still to be made by the chunk task it was handed to (seal_pending leaves it alone)."""
    return (not certificate.pdf and certificate.sealing_queued_at is not None
            and certificate.sealing_queued_at > (now or timezone.now()) - CHUNK_TASK_GRACE)


def seal_chunk(*, certificate_ids: list[int]) -> int:
    """A chunk task's work: seal those of its certificates that are still without a PDF."""
    return seal(list(Certificate.objects.filter(pk__in=certificate_ids, pdf="").order_by("pk")))


def _seal_new(certificates: list[Certificate], *, now: datetime) -> IssueReport:
    """Seal newly numbered certificates here, or, in a run larger than CERTIFICATE_SEAL_CHUNK, hand them to chunk
    tasks so that several workers share the rendering."""
    from certificates.tasks import seal_certificates

    size = settings.CERTIFICATE_SEAL_CHUNK
    if len(certificates) <= size:
        return IssueReport(created=len(certificates), sealed=seal(certificates))
    # One template version per chunk, so that no chunk lays out more than one.
    versions: dict[tuple[int, str], list[int]] = {}
    for certificate in certificates:
        versions.setdefault((certificate.template_id, certificate.language), []).append(certificate.pk)
    Certificate.objects.filter(pk__in=[certificate.pk for certificate in certificates]).update(sealing_queued_at=now)
    for ids in versions.values():
        for start in range(0, len(ids), size):
            seal_certificates.enqueue(certificate_ids=ids[start:start + size])
    return IssueReport(created=len(certificates), sealed=0, handed_over=len(certificates))


def _with_pending_sealed(report: IssueReport, *, now: datetime, **scope) -> IssueReport:
    return replace(report, sealed=report.sealed + seal_pending(now=now, **scope))


class _Titles:
    """A page's title per language, looked up once per language rather than once per participant."""

    def __init__(self, page) -> None:
        self.page, self.by_language = page, {}

    def __call__(self, language: str) -> str:
        if language not in self.by_language:
            self.by_language[language] = localized_event(self.page, language).title
        return self.by_language[language]


def _event_draft(event: EventPage, participant: User, titles: _Titles) -> Draft:
    language = preferred_language(participant)
    return Draft(
        holder=participant, holder_name=_holder_name(participant), title=titles(language),
        first_day=timezone.localtime(event.start).date(), last_day=timezone.localtime(event.end).date(),
        hours=event_hours(event), language=language,
    )


def issue_for_event(*, event: EventPage, actor: User | None = None, now: datetime | None = None) -> IssueReport:
    """Certificates for everyone who qualifies and has none yet, once the event is over."""
    now = now or timezone.now()
    event = event.canonical
    if event.certificate_template_id is None or not event_is_over(event, now):
        return IssueReport(created=0, sealed=0)
    titles = _Titles(event)
    drafts = [_event_draft(event, candidate.participant, titles) for candidate in event_candidates(event)
              if candidate.eligible and candidate.certificate is None]
    created = _create(drafts, template=event.certificate_template, scope={"event": event}, actor=actor, now=now)
    return _with_pending_sealed(_seal_new(created, now=now), now=now, event=event)


def _course_draft(participant: User, sessions: list[EventPage], titles: _Titles) -> Draft:
    language = preferred_language(participant)
    return Draft(
        holder=participant, holder_name=_holder_name(participant), title=titles(language),
        first_day=timezone.localtime(sessions[0].start).date(), last_day=timezone.localtime(sessions[-1].end).date(),
        hours=sum((event_hours(session) for session in sessions), Decimal("0.0")), language=language,
    )


def issue_for_course(*, course: CoursePage, actor: User | None = None, now: datetime | None = None) -> IssueReport:
    """Course certificates, once the course's last session is over."""
    now = now or timezone.now()
    course = course.canonical
    if course.certificate_template_id is None or not course_is_over(course, now):
        return IssueReport(created=0, sealed=0)
    sessions = course.canonical_sessions()
    titles = _Titles(course)
    drafts = [
        _course_draft(candidate.participant, candidate.sessions_attended or list(sessions.order_by("start")), titles)
        for candidate in course_candidates(course) if candidate.eligible and candidate.certificate is None
    ]
    created = _create(drafts, template=course.certificate_template, scope={"course": course}, actor=actor, now=now)
    return _with_pending_sealed(_seal_new(created, now=now), now=now, course=course)


_DISK_PROBLEMS = {
    errno.ENOSPC: IssuingRun.Cause.DISK_FULL,
    errno.EDQUOT: IssuingRun.Cause.DISK_FULL,
    errno.EROFS: IssuingRun.Cause.READ_ONLY,
    errno.EACCES: IssuingRun.Cause.NO_PERMISSION,
    errno.EPERM: IssuingRun.Cause.NO_PERMISSION,
}


def issue_recorded(*, event: EventPage | None = None, course: CoursePage | None = None, actor: User | None = None,
                   now: datetime | None = None) -> IssueReport:
    """Issue one event's or course's certificates and keep the run, so that staff see on the certificates page
    what is under way and why a run failed; the failure is raised again (the task fails too). Runs staff start
    are kept from their start; the automatic ones only when they did something or failed, as they come often."""
    event, course = (event.canonical, None) if event is not None else (None, course.canonical)
    run = IssuingRun(event=event, course=course, requested_by=actor)
    if actor is not None:
        run.save()
    try:
        report = (issue_for_event(event=event, actor=actor, now=now) if event is not None
                  else issue_for_course(course=course, actor=actor, now=now))
    except Exception as error:
        run.state, run.error = IssuingRun.State.FAILED, f"{type(error).__name__}: {error}"[:2000]
        run.cause = _DISK_PROBLEMS.get(getattr(error, "errno", None), IssuingRun.Cause.OTHER)
        run.finished_at = timezone.now()
        run.save()
        raise
    if actor is not None or report.created or report.sealed:
        run.state, run.created, run.sealed, run.finished_at = (IssuingRun.State.SUCCEEDED, report.created,
                                                               report.sealed, timezone.now())
        run.save()
    return report


def latest_run(*, event: EventPage | None = None, course: CoursePage | None = None) -> IssuingRun | None:
    scope = {"event": event.canonical} if event is not None else {"course": course.canonical}
    return IssuingRun.objects.filter(**scope).select_related("requested_by").order_by("-started_at", "-pk").first()


def issue_after_attendance(*, event_id: int) -> IssueReport:
    """Attendance of an event arrived or changed: its certificates, and its course's when it was the last."""
    event = EventPage.objects.get(pk=event_id)
    report = issue_recorded(event=event)
    if event.course_id:
        course_report = issue_recorded(course=event.course)
        report = IssueReport(report.created + course_report.created, report.sealed + course_report.sealed,
                             report.handed_over + course_report.handed_over)
    return report


RECENTLY_ENDED_DAYS = 14


def issue_recently_ended(*, now: datetime | None = None) -> int:
    """The periodic safety net behind the task sent when attendance arrives: events and courses that ended
    in the last two weeks get any certificate still missing, and interrupted renderings are finished."""
    now = now or timezone.now()
    since = now - timedelta(days=RECENTLY_ENDED_DAYS)
    events = [event for event in EventPage.objects.filter(end__gt=since, end__lte=now)
              .exclude(certificate_template=None) if event.canonical == event]
    course_ids = set(EventPage.objects.filter(end__gt=since, end__lte=now).exclude(course=None)
                     .values_list("course_id", flat=True))
    courses = CoursePage.objects.filter(pk__in=course_ids).exclude(certificate_template=None)
    created = 0
    # One event that fails (its layout no longer renders) must not keep the others from their certificates; the
    # failure is on its certificates page.
    for scope in [{"event": event} for event in events] + [{"course": course} for course in courses]:
        try:
            created += issue_recorded(now=now, **scope).created
        except Exception:
            logger.exception("Issuing certificates failed for %s; the others go on", next(iter(scope.values())))
    # Renderings interrupted longer ago than the events above, scope by scope for the same reason.
    for event_id, course_id in Certificate.objects.filter(pdf="").values_list("event_id", "course_id").distinct():
        try:
            seal_pending(now=now, event_id=event_id, course_id=course_id)
        except Exception:
            logger.exception("Storing pending certificates failed for event %s / course %s", event_id, course_id)
    return created


def decide(*, participant: User, actor: User, decision: str, reason: str, event: EventPage | None = None,
           course: CoursePage | None = None) -> CertificateDecision:
    """Staff overrule the completion rule for one participant (grant or refuse), with a reason; audited."""
    if decision not in CertificateDecision.Decision.values:
        raise ValueError(f"Unknown decision {decision!r}")
    if not reason.strip():
        raise ValidationError(_("Please give a reason."))
    scope = {"event": event.canonical} if event is not None else {"course": course.canonical}
    with transaction.atomic():
        record, _created = CertificateDecision.objects.update_or_create(
            participant=participant, **scope,
            defaults={"decision": decision, "reason": reason.strip(), "decided_by": actor},
        )
        audit.record(actor=actor, action=f"certificate.{decision}", target=record,
                     data={"participant": participant.pk, "reason": reason.strip()})
    return record


def clear_decision(*, decision: CertificateDecision, actor: User) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="certificate.decision_cleared", target=decision,
                     data={"participant": decision.participant_id, "was": decision.decision})
        decision.delete()


def revoke(*, certificate: Certificate, actor: User, category: str, reason: str,
           now: datetime | None = None) -> Certificate:
    """The record stays, with the date, the public category and the private reason; the verification page then
    says "revoked" with the date and category, and the holder is told so by e-mail. The holder is refused a
    certificate for that event or course (a staff decision carrying the reason), so no later issuing run gives
    them a new one unless staff grant it. Only the current certificate can be revoked: one superseded by a
    correction is revoked through its successor."""
    from certificates.notifications import send_revocation_notice

    if category not in Certificate.RevocationCategory.values:
        raise ValidationError(_("Please choose a category."))
    if not reason.strip():
        raise ValidationError(_("Please give a reason."))
    with transaction.atomic():
        # Read again under a lock: the page the staff member acted on may be older than a correction or a
        # revocation made meanwhile.
        certificate = (Certificate.objects.select_for_update(of=("self",)).select_related("superseded_by")
                       .get(pk=certificate.pk))
        if certificate.state == Certificate.State.REVOKED:
            raise ValidationError(_("This certificate is already revoked."))
        if certificate.superseded_by is not None:
            raise ValidationError(_("This certificate was replaced by %(number)s; revoke that one instead.")
                                  % {"number": certificate.superseded_by.number})
        certificate.state = Certificate.State.REVOKED
        certificate.revoked_at = now or timezone.now()
        certificate.revoked_by = actor
        certificate.revocation_category = category
        certificate.revocation_reason = reason.strip()
        certificate.save(update_fields=["state", "revoked_at", "revoked_by", "revocation_category",
                                        "revocation_reason"])
        mail = send_revocation_notice(certificate=certificate)
        audit.record(actor=actor, action="certificate.revoked", target=certificate,
                     data={"category": category, "reason": reason.strip(), "mail": mail.pk if mail else None})
        if certificate.holder_id is not None and (certificate.event_id or certificate.course_id):
            # Otherwise the completion rule, still met, would have the next issuing run give a new certificate.
            # Staff who change their mind grant it (or apply the rule again) on the certificates page.
            CertificateDecision.objects.update_or_create(
                participant_id=certificate.holder_id, event_id=certificate.event_id, course_id=certificate.course_id,
                defaults={"decision": CertificateDecision.Decision.REFUSE, "decided_by": actor,
                          "reason": _("Certificate %(number)s revoked: %(reason)s") % {
                              "number": certificate.number, "reason": reason.strip()}},
            )
    return certificate


def resend(*, certificate: Certificate, actor: User) -> None:
    """The certificate e-mail again (the holder lost it, or their mailbox refused it), with the sealed PDF;
    audited. Only a current certificate with a PDF and a holder goes out."""
    from certificates.notifications import send_certificate

    if not certificate.is_current or not certificate.is_sealed:
        raise ValidationError(_("Only a valid certificate that has been issued can be sent again."))
    if certificate.holder is None or not certificate.holder.email:
        raise ValidationError(_("The holder of this certificate has no account or e-mail address any more."))
    with transaction.atomic():
        mail = send_certificate(certificate=certificate)
        audit.record(actor=actor, action="certificate.resent", target=certificate,
                     data={"to": certificate.holder.email, "mail": mail.pk})


def correct(*, certificate: Certificate, actor: User, holder_name: str, reason: str,
            now: datetime | None = None) -> Certificate:
    """A new certificate with the corrected name supersedes the old one, which stays verifiable as such."""
    if not reason.strip() or not holder_name.strip():
        raise ValidationError(_("Please give the corrected name and a reason."))
    if holder_name.strip() == certificate.holder_name:
        raise ValidationError(_("The name is the same as on the certificate; a correction needs a different one."))
    new = _supersede(certificate, actor=actor, holder_name=holder_name.strip(), reason=reason.strip(), now=now)
    seal([new])
    certificate.refresh_from_db()
    return new


def unverifiable_certificates() -> list[Certificate]:
    """Current certificates whose QR payload none of the site's trusted keys verifies (after a key was
    withdrawn and removed from the trusted keys)."""
    found = []
    for certificate in Certificate.objects.filter(state=Certificate.State.VALID, superseded_by=None).exclude(pdf=""):
        try:
            signing.verify(certificate.payload)
        except signing.InvalidPayload:
            found.append(certificate)
    return found


@dataclass(frozen=True)
class ReissueReport:
    renewed: list[Certificate]
    failed: list[tuple[Certificate, str]]


def reissue(certificates: list[Certificate], *, reason: str, now: datetime | None = None) -> ReissueReport:
    """Each certificate superseded by a new one (same holder, name and training; new number, signed with the
    current key), rendered in bulk and mailed to its holder; audited with ``reason``."""
    renewed, failed = [], []
    for certificate in certificates:
        try:
            renewed.append(_supersede(certificate, actor=None, holder_name=certificate.holder_name,
                                      reason=reason, now=now))
        except ValidationError as error:
            failed.append((certificate, " ".join(error.messages)))
    seal(renewed)
    return ReissueReport(renewed=renewed, failed=failed)


def _supersede(certificate: Certificate, *, actor: User | None, holder_name: str, reason: str,
               now: datetime | None) -> Certificate:
    """A new, not yet rendered certificate that takes the place of ``certificate``: same holder, training and
    dates, a new number and signature, the old one pointing to it."""
    if not certificate.is_current:
        raise ValidationError(_("Only a valid certificate that has not been superseded can be corrected."))
    now = now or timezone.now()
    page = certificate.event or certificate.course
    scope = {"event": certificate.event} if certificate.event_id else {"course": certificate.course}
    template = certificate.template or (page.certificate_template if page is not None else None)
    if template is None:
        raise ValidationError(_("There is no certificate template to issue the corrected certificate with."))
    draft = Draft(holder=certificate.holder, holder_name=holder_name, title=certificate.title,
                  first_day=certificate.first_day, last_day=certificate.last_day, hours=certificate.hours,
                  language=certificate.language)
    year = timezone.localdate(now).year
    with transaction.atomic():
        (number,) = _take_numbers(_lock_numbering(year), 1)
        new = _new_certificate(draft, number=format_number(year, number), template=template,
                               scope=scope, actor=actor, now=now, reason=reason)
        # At most one current certificate per holder: the old one steps aside (holder cleared for a moment,
        # as NULLs never collide) until it points at its successor.
        Certificate.objects.filter(pk=certificate.pk).update(holder=None)
        new.save()
        Certificate.objects.filter(pk=certificate.pk).update(superseded_by=new, holder=certificate.holder_id)
        audit.record(actor=actor, action="certificate.corrected", target=new,
                     data={"supersedes": certificate.number, "reason": reason})
    return new


SAMPLE_HOLDER_NAME = "Олена Ковальчук-Wiśniewska"


def preview_pdf(*, template: CertificateTemplate) -> bytes:
    """The template with sample data, for the admin preview and for checking a template before it is saved;
    nothing is stored. ValidationError, in words for the editor, when the layout cannot be rendered or the
    sample participant's name is missing from the PDF's text (hidden by the styles): certificates issued with
    it would fail to render, or leave out whom they certify."""
    language = template_language(template)
    with translation.override(language):  # the sample title as a certificate in this template's language has it
        sample_title = _("Legal employment of foreigners in Poland")
    sample = Certificate(
        number=format_number(timezone.localdate().year, 123), holder_name=SAMPLE_HOLDER_NAME, title=sample_title,
        first_day=timezone.localdate(), last_day=timezone.localdate(), hours=Decimal("2.0"), language=language,
        code="preview-sample-code", issued_at=timezone.now(),
    )
    sample.payload = signing.sign(claims_of(sample))
    composer = Composer(template)
    try:
        pdf = rendering.render_certificate(composer.setup, composer.document(sample))
    except rendering.UnusableLayout as error:
        raise ValidationError(
            _("This layout cannot be made into certificates: its styles hide the page of a certificate "
              "(.%(wrapper)s) or cancel its page break. Remove those rules.") % {"wrapper": rendering.WRAPPER_CLASS},
            code="unusable_layout") from error
    except Exception as error:
        # Editors' HTML and CSS reach deep into WeasyPrint; whatever breaks there must reach the editor as a
        # refusal, never as a server error, and the office as a log entry.
        logger.exception("certificate template %s: the sample certificate could not be rendered", template.pk)
        raise ValidationError(_("The sample certificate could not be rendered with this layout. Simplify its HTML "
                                "and styles, or start again from the default layout."),
                              code="rendering_failed") from error
    if not _shows(rendering.pdf_text(pdf), SAMPLE_HOLDER_NAME):
        raise ValidationError(_("The participant's name does not appear in the text of the sample certificate: "
                                "the styles hide {{ participant_name }}."), code="name_hidden")
    return pdf


def _shows(text: str, name: str) -> bool:
    """Whether ``name`` is in the extracted ``text``, however it was wrapped, spaced or capitalised."""
    def squeezed(value: str) -> str:
        return "".join(unicodedata.normalize("NFKC", value).casefold().split())

    return squeezed(name) in squeezed(text)


def synchronise_template(*, template: CertificateTemplate, actor: User | None) -> None:
    """After any version of a certificate template is saved: its translations get the source's page size,
    orientation, background and styles (lms.translations) and the source's logos and signatures in the same order
    with their images and names, each keeping its own logo names and signature roles row by row."""
    source = source_of(template) or template
    with transaction.atomic():
        synchronise_translations(template, actor=actor)
        for translation in CertificateTemplate.objects.filter(translation_key=source.translation_key).exclude(
                pk=source.pk):
            _follow_rows(list(source.logos.all()), list(translation.logos.all()), translation=translation,
                         shared=["image_id"], own=["alt_text"])
            _follow_rows(list(source.signatures.all()), list(translation.signatures.all()), translation=translation,
                         shared=["image_id", "name"], own=["role"])


def _follow_rows(source_rows: list, rows: list, *, translation: CertificateTemplate, shared: list[str],
                 own: list[str]) -> None:
    for position, source_row in enumerate(source_rows):
        if position < len(rows):
            row = rows[position]
        else:  # a row the source gained: its own texts start as the source's, to be translated
            row = type(source_row)(template=translation, **{name: getattr(source_row, name) for name in own})
        for name in shared:
            setattr(row, name, getattr(source_row, name))
        row.sort_order = source_row.sort_order
        row.save()
    for row in rows[len(source_rows):]:
        row.delete()
