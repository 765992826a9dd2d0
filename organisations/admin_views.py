"""Staff's review of an organisation: its details, coordinators and seat quotas; approve or reject it, approve a
coordinator, set or remove a quota for an event."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from organisations import services
from organisations.forms import SeatQuotaForm
from organisations.models import Membership, Organisation, Role, SeatQuota
from organisations.registrations import seats_taken

PERMISSION = "organisations.change_organisation"


def organisation_review(request: HttpRequest, organisation_id: int) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in {"approve", "reject"}:
                services.decide(organisation=organisation, actor=request.user, approve=action == "approve")
                messages.success(request, _("The organisation has been approved.") if action == "approve"
                                 else _("The organisation has been rejected."))
            elif action == "set_quota":
                quota_form = SeatQuotaForm(request.POST)
                if not quota_form.is_valid():
                    return _review(request, organisation, quota_form, status=400)
                services.set_seat_quota(organisation=organisation, actor=request.user, **quota_form.cleaned_data)
                messages.success(request, _("The seat quota has been saved."))
            elif action == "remove_quota":
                quota = get_object_or_404(SeatQuota, pk=request.POST.get("quota"), organisation=organisation)
                services.remove_seat_quota(quota=quota, actor=request.user)
                messages.success(request, _("The seat quota has been removed."))
            elif action == "approve_coordinator":
                membership = get_object_or_404(Membership, pk=request.POST.get("membership"),
                                               organisation=organisation, role=Role.COORDINATOR)
                services.approve_coordinator(membership=membership, actor=request.user)
                messages.success(request, _("The coordinator has been approved."))
            else:
                messages.error(request, _("Unknown action."))
        except services.OrganisationError as error:
            messages.error(request, error.message)
        return redirect("organisation_review", organisation.pk)
    return _review(request, organisation, SeatQuotaForm())


def _review(request: HttpRequest, organisation: Organisation, quota_form: SeatQuotaForm, *, status: int = 200
            ) -> TemplateResponse:
    quotas = list(organisation.seat_quotas.select_related("event").order_by("event__start"))
    for quota in quotas:
        quota.taken = seats_taken(organisation=organisation, event=quota.event)
    return TemplateResponse(request, "organisations/admin/review.html", {
        "organisation": organisation,
        "coordinators": organisation.memberships.filter(role=Role.COORDINATOR).select_related("user"),
        "member_count": organisation.memberships.count(),
        "quotas": quotas, "quota_form": quota_form,
        "header_title": organisation.name,
        "breadcrumbs_items": [{"url": reverse("organisations:index"), "label": _("Organisations")},
                              {"url": "", "label": organisation.name}],
    }, status=status)
