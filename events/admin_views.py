"""Staff actions on one registration in the Wagtail admin; each calls a service and is audited there."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.exceptions import RegistrationError
from events.models import Attendance, Registration
from events.services import registration as registration_service
from events.services.attendance import correct_attendance

ACTIONS = {
    "promote": (gettext_lazy("Promote from the waiting list"), registration_service.promote_by_staff),
    "cancel": (gettext_lazy("Cancel registration"), registration_service.cancel),
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the audit log."),
    )


def registration_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if not request.user.has_perm("events.change_registration"):
        raise PermissionDenied
    if action not in ACTIONS:
        raise Http404("Unknown action")
    title, service = ACTIONS[action]
    registration = get_object_or_404(Registration.objects.select_related("event", "participant"), pk=pk)
    form = ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                service(registration=registration, actor=request.user, reason=form.cleaned_data["reason"])
            except RegistrationError as error:
                messages.error(request, error.message)
                status = 409
            else:
                messages.success(request, _("Done: %(action)s for %(who)s.") % {"action": title, "who": registration.participant})
                return redirect(f"{reverse('registrations:index')}?event={registration.event_id}")
        else:
            status = 400
    return TemplateResponse(
        request, "events/admin/registration_action.html",
        {"registration": registration, "form": form, "title": title, "action": action,
         "index_url": f"{reverse('registrations:index')}?event={registration.event_id}"},
        status=status,
    )


class AttendanceCorrectionForm(ReasonForm):
    minutes = forms.IntegerField(label=gettext_lazy("Minutes present"), min_value=0, max_value=24 * 60)


def attendance_correct(request: HttpRequest, registration_id: int) -> HttpResponse:
    if not request.user.has_perm("events.change_registration"):
        raise PermissionDenied
    registration = get_object_or_404(
        Registration.objects.select_related("event", "participant"), pk=registration_id, state=Registration.State.CONFIRMED
    )
    current = Attendance.objects.filter(registration=registration).first()
    form = AttendanceCorrectionForm(request.POST or None, initial={"minutes": current.minutes_present if current else 0})
    if request.method == "POST" and form.is_valid():
        correct_attendance(registration=registration, minutes=form.cleaned_data["minutes"],
                           reason=form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("Attendance corrected for %(who)s.") % {"who": registration.participant})
        return redirect(f"{reverse('attendance:index')}?event={registration.event_id}")
    return TemplateResponse(
        request, "events/admin/registration_action.html",
        {"registration": registration, "form": form, "title": _("Correct attendance"),
         "index_url": f"{reverse('attendance:index')}?event={registration.event_id}"},
        status=400 if form.errors else 200,
    )
