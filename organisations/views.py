"""Coordinators' pages (under the language prefix): their organisations, the roster, invitations, CSV import;
and the invitation link an invited person opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from organisations import registrations, roster, selectors, services
from organisations.forms import (
    InvitationForm, MemberRegistrationForm, OrganisationApplicationForm, RosterFileForm,
)
from organisations.models import Invitation, MemberRegistration, Membership, RosterImport


@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    form = OrganisationApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.apply_for_organisation(user=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you. The office will check the organisation's details and approve it; "
                                    "until then its roster cannot be managed."))
        return redirect("my_organisations")
    return render(request, "organisations/my_organisations.html", {
        "memberships": selectors.memberships_of(request.user), "form": form,
    }, status=400 if form.errors else 200)


@login_required
def organisation_roster(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.coordinated_organisation(user=request.user, organisation_id=organisation_id)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(organisation=organisation, actor=request.user, **form.cleaned_data)
        except services.OrganisationError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, _("The invitation has been sent to %(email)s.") % form.cleaned_data)
            return redirect("organisation_roster", organisation.pk)
    return render(request, "organisations/roster.html", {
        "organisation": organisation, "roster": selectors.roster_of(organisation), "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def member_remove(request: HttpRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    organisation = selectors.coordinated_organisation(user=request.user, organisation_id=organisation_id)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    return _roster_change(request, organisation, lambda: services.remove_member(
        membership=membership, actor=request.user), _("%(person)s has been removed from the roster.")
        % {"person": membership.user.get_full_name() or membership.user.email})


@login_required
@require_POST
def invitation_withdraw(request: HttpRequest, organisation_id: int, invitation_id: int) -> HttpResponse:
    organisation = selectors.coordinated_organisation(user=request.user, organisation_id=organisation_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    return _roster_change(request, organisation, lambda: services.withdraw_invitation(
        invitation=invitation, actor=request.user),
        _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email})


def _roster_change(request: HttpRequest, organisation, change, done: str) -> HttpResponse:
    """Back to the roster with ``done`` said, or the refusal's reason if ``change`` raised one."""
    try:
        change()
    except services.OrganisationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("organisation_roster", organisation.pk)


@login_required
def roster_upload(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.coordinated_organisation(user=request.user, organisation_id=organisation_id)
    form = RosterFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = roster.read_roster(organisation=organisation, actor=request.user,
                                         data=upload.read(roster.MAX_BYTES + 1), file_name=upload.name)
        except roster.RosterFileError as error:
            form.add_error("file", error.message)
        else:
            return redirect("roster_preview", organisation.pk, checked.pk)
    return render(request, "organisations/roster_upload.html", {"organisation": organisation, "form": form},
                  status=400 if form.errors else 200)


@login_required
def roster_preview(request: HttpRequest, organisation_id: int, import_id: int) -> HttpResponse:
    organisation = selectors.coordinated_organisation(user=request.user, organisation_id=organisation_id)
    checked = get_object_or_404(RosterImport, pk=import_id, organisation=organisation)
    if request.method == "POST":
        try:
            result = roster.confirm_import(roster_import=checked, actor=request.user)
        except roster.RosterFileError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, ngettext("%(count)s invitation has been sent.", "%(count)s invitations have been sent.",
                                               result.imported) % {"count": result.imported})
            for row in result.skipped:
                messages.warning(request, _("Row %(line)s (%(email)s) was not imported: the address joined the "
                                            "roster in the meantime.") % row)
        return redirect("organisation_roster", organisation.pk)
    rows = checked.rows
    return render(request, "organisations/roster_preview.html", {
        "organisation": organisation, "import": checked, "rows": rows,
        "valid_count": sum(1 for row in rows if not row["errors"]),
        "error_rows": [row for row in rows if row["errors"]],
    })


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invited = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invited, user=request.user)
        except services.OrganisationError as error:
            return render(request, "organisations/invitation.html", {"invitation": invited, "error": error.message},
                          status=403 if error.code == "wrong_account" else 409)
        messages.success(request, _("You have joined %(organisation)s.") % {"organisation": invited.organisation})
        return redirect("my_organisations")
    return render(request, "organisations/invitation.html", {"invitation": invited})


@login_required
def register_members(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.coordinated_organisation(user=request.user, organisation_id=organisation_id)
    form = MemberRegistrationForm(request.POST or None, organisation=organisation)
    outcomes = None
    chosen = None
    if request.method == "POST" and form.is_valid():
        members, chosen = list(form.cleaned_data["memberships"]), form.cleaned_data["event"]
        if chosen is not None:
            outcomes = registrations.register_members(organisation=organisation, event=chosen, memberships=members,
                                                      actor=request.user)
        else:
            chosen = form.cleaned_data["course"]
            outcomes = registrations.enrol_members(organisation=organisation, course=chosen, memberships=members,
                                                   actor=request.user)
    return render(request, "organisations/register_members.html", {
        "organisation": organisation, "form": form, "outcomes": outcomes, "chosen": chosen,
        "enrolling": outcomes is not None and form.cleaned_data["course"] is not None,
    }, status=400 if form.errors else 200)


@login_required
def member_registrations(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = selectors.coordinated_organisation(user=request.user, organisation_id=organisation_id)
    return render(request, "organisations/member_registrations.html", {
        "organisation": organisation, "rows": selectors.member_registrations_of(organisation),
    })


@login_required
def member_registration_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The member's own answer to a place their organisation took for them; anyone else's link is 404."""
    member_registration = get_object_or_404(
        MemberRegistration.objects.select_related("organisation", "registration__event"),
        token=token, registration__participant=request.user)
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            registrations.answer(member_registration=member_registration, user=request.user, accept=accept)
        except registrations.MemberRegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you, your place is kept.") if accept
                             else _("Your registration has been cancelled; the seat goes to someone else."))
        return redirect("member_registration_answer", token)
    return render(request, "organisations/member_registration_answer.html", {
        "member_registration": member_registration,
        "event": member_registration.registration.event.localized,
    })
