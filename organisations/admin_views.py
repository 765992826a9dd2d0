"""Staff's review of an organisation: its details and coordinators; approve or reject it, approve a coordinator."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from organisations import services
from organisations.models import Membership, Organisation, Role

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
    return TemplateResponse(request, "organisations/admin/review.html", {
        "organisation": organisation,
        "coordinators": organisation.memberships.filter(role=Role.COORDINATOR).select_related("user"),
        "member_count": organisation.memberships.count(),
        "header_title": organisation.name,
        "breadcrumbs_items": [{"url": "", "label": _("Organisations")}, {"url": "", "label": organisation.name}],
    })
