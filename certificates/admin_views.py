"""Staff pages in the Wagtail admin: who qualifies for an event's or course's certificates (with manual
grant/refuse), bulk issuing, and revoking or correcting one certificate. Every change goes through
certificates.services, which audits it."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from certificates import services
from certificates.forms import CorrectionForm, RevocationForm
from certificates.models import Certificate, CertificateDecision
from certificates.selectors import course_candidates, course_is_over, event_candidates, event_is_over
from certificates.tasks import issue_certificates
from courses.models import CoursePage
from events.models import EventPage
from lms.forms import ReasonForm
from lms.models import User


@dataclass(frozen=True)
class Scope:
    """The event or course whose certificates a staff page is about."""

    kind: str
    page: Page

    @property
    def url(self) -> str:
        return reverse("certificates_for", args=[self.kind, self.page.pk])

    @property
    def filter(self) -> dict:
        return {self.kind: self.page}

    def candidates(self):
        return event_candidates(self.page) if self.kind == "event" else course_candidates(self.page)

    def is_over(self) -> bool:
        is_over = event_is_over if self.kind == "event" else course_is_over
        return is_over(self.page, timezone.now())


def _scope(kind: str, page_id: int) -> Scope:
    models = {"event": EventPage, "course": CoursePage}
    if kind not in models:
        raise Http404("Unknown kind")
    page = get_object_or_404(models[kind], pk=page_id).canonical
    return Scope(kind=kind, page=page)


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _breadcrumbs(*items: tuple[str, str]) -> list[dict]:
    return [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("certificates:index"), "label": _("Certificates")},
            *({"url": url, "label": label} for url, label in items)]


def certificates_for(request: HttpRequest, kind: str, page_id: int) -> HttpResponse:
    _require(request, "certificates.view_certificate")
    scope = _scope(kind, page_id)
    if scope.page.pk != page_id:  # a translation's id: certificates belong to the default-language page
        return redirect(scope.url)
    candidates = scope.candidates()
    return TemplateResponse(request, "certificates/admin/certificates_for.html", {
        "scope": scope, "candidates": candidates, "is_over": scope.is_over(),
        "has_template": scope.page.certificate_template_id is not None,
        "to_issue": sum(1 for candidate in candidates if candidate.eligible and candidate.certificate is None),
        "not_stored": sum(1 for candidate in candidates if candidate.certificate and not candidate.certificate.is_sealed),
        "left_to_workers": sum(1 for candidate in candidates if candidate.certificate
                               and services.is_left_to_chunk_task(candidate.certificate)),
        "run": services.latest_run(**scope.filter),
        "threshold": scope.page.attendance_threshold,
        "may_decide": request.user.has_perm("certificates.add_certificatedecision"),
        "may_issue": request.user.has_perm("certificates.add_certificate"),
        "may_see_report": scope.kind == "event" and request.user.has_perm("reports.view_programme_report"),
        "header_title": _("Certificates: %(title)s") % {"title": scope.page.title},
        "breadcrumbs_items": _breadcrumbs((scope.url, scope.page.title)),
    })


@require_POST
def issue(request: HttpRequest, kind: str, page_id: int) -> HttpResponse:
    _require(request, "certificates.add_certificate")
    scope = _scope(kind, page_id)
    if scope.page.certificate_template_id is None:
        messages.error(request, _("Choose a certificate template on the page first."))
    elif not scope.is_over():
        messages.error(request, _("Certificates can be issued once it is over."))
    else:
        issue_certificates.enqueue(actor_id=request.user.pk, **{f"{kind}_id": scope.page.pk})
        messages.success(request, _("The certificates are being issued; each participant gets theirs by e-mail. "
                                    "Refresh this page in a minute to see them."))
    return redirect(scope.url)


def decide(request: HttpRequest, kind: str, page_id: int, participant_id: int, decision: str) -> HttpResponse:
    _require(request, "certificates.add_certificatedecision")
    scope = _scope(kind, page_id)
    participant = get_object_or_404(User, pk=participant_id)
    if participant.pk not in {candidate.participant.pk for candidate in scope.candidates()}:
        raise Http404("Not a participant")
    existing = CertificateDecision.objects.filter(participant=participant, **scope.filter).first()
    titles = {"grant": _("Grant a certificate"), "refuse": _("Refuse a certificate"),
              "clear": _("Apply the completion rule again")}
    if decision not in titles or (decision == "clear" and existing is None):
        raise Http404("Unknown decision")
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if decision == "clear":
            services.clear_decision(decision=existing, actor=request.user)
            messages.success(request, _("The completion rule applies again to %(who)s.") % {"who": participant})
            return redirect(scope.url)
        if form.is_valid():
            services.decide(participant=participant, actor=request.user, decision=decision,
                            reason=form.cleaned_data["reason"], **scope.filter)
            messages.success(request, _("Decision recorded for %(who)s.") % {"who": participant})
            return redirect(scope.url)
    return TemplateResponse(request, "certificates/admin/reason_form.html", {
        "form": form if decision != "clear" else None, "title": titles[decision], "participant": participant,
        "subject": scope.page.title, "back_url": scope.url, "header_title": titles[decision],
        "breadcrumbs_items": _breadcrumbs((scope.url, scope.page.title), ("", titles[decision])),
    }, status=400 if form.errors else 200)


def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_certificate(request, pk, form_class=RevocationForm, title=_("Revoke certificate"),
                               action=lambda certificate, data: services.revoke(
                                   certificate=certificate, actor=request.user, category=data["category"],
                                   reason=data["reason"]),
                               done=_("Certificate %(number)s revoked."))


def correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_certificate(request, pk, form_class=CorrectionForm, title=_("Correct certificate"),
                               action=lambda certificate, data: services.correct(
                                   certificate=certificate, actor=request.user, holder_name=data["holder_name"],
                                   reason=data["reason"]),
                               done=_("Certificate %(number)s superseded by a corrected one."))


def resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_certificate(request, pk, form_class=forms.Form, title=_("Send again by e-mail"),
                               action=lambda certificate, data: services.resend(
                                   certificate=certificate, actor=request.user),
                               done=_("Certificate %(number)s is on its way to %(email)s again."))


def _change_certificate(request, pk, *, form_class, title, action, done) -> HttpResponse:
    _require(request, "certificates.change_certificate")
    certificate = get_object_or_404(Certificate, pk=pk)
    # Bound on every POST, even an empty one (a confirmation without fields).
    form = form_class(request.POST if request.method == "POST" else None, initial={"holder_name": certificate.holder_name})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                action(certificate, form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 409
            else:
                messages.success(request, done % {
                    "number": certificate.number, "email": certificate.holder.email if certificate.holder else ""})
                return redirect("certificates:index")
        else:
            status = 400
    return TemplateResponse(request, "certificates/admin/reason_form.html", {
        "form": form, "title": title, "certificate": certificate, "back_url": reverse("certificates:index"),
        "header_title": title, "breadcrumbs_items": _breadcrumbs(("", title)),
    }, status=status)
