from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from courses import services
from courses.forms import EnrolmentForm
from courses.models import CoursePage, Enrolment
from courses.selectors import enrolment_refusal
from events.exceptions import RegistrationError
from lms.confirmation import confirmation_page, is_confirmed
from lms.decorators import page_action
from lms.middleware import to_profile_step


def _show_course_again(request: HttpRequest, page: CoursePage, *, form=None, error: str = "", status: int = 400):
    context = page.get_context(request)
    context["enrolment_form"] = form
    context["enrolment_error"] = error
    return TemplateResponse(request, page.get_template(request), context, status=status)


@page_action
def enrol_in_course(request: HttpRequest, *, page: CoursePage) -> HttpResponse:
    refusal = enrolment_refusal(course=page, user=request.user)
    if refusal is not None and refusal.code == "profile_incomplete":
        return to_profile_step(then=page.url)
    if refusal is not None:
        return _show_course_again(request, page, error=refusal.message, status=403)
    form = EnrolmentForm(request.POST)
    if not form.is_valid():
        return _show_course_again(request, page, form=form)
    try:
        _enrolment, registrations = services.enrol(
            course=page, participant=request.user, access_needs=form.cleaned_data["access_needs"],
            access_needs_details=form.cleaned_data["access_needs_details"],
        )
    except RegistrationError as error:
        return _show_course_again(request, page, form=form, error=error.message, status=409)
    waiting = sum(1 for registration in registrations if registration.state == registration.State.WAITING)
    messages.success(
        request,
        _("You are enrolled. Registered for %(count)s session(s), on the waiting list for %(waiting)s.")
        % {"count": len(registrations) - waiting, "waiting": waiting},
    )
    return redirect(page.url)


@page_action
def withdraw_from_course(request: HttpRequest, *, page: CoursePage) -> HttpResponse:
    enrolment = Enrolment.objects.filter(
        course=page.canonical, participant=request.user, state=Enrolment.State.ACTIVE
    ).first()
    if enrolment is None:
        return _show_course_again(request, page, error=str(RegistrationError.MESSAGES["not_enrolled"]), status=409)
    if not is_confirmed(request):
        return confirmation_page(
            request, page=page, question=_("Withdraw from “%(title)s”?") % {"title": page.title},
            consequence=_("Your registrations for the sessions still to come will be cancelled and their seats given "
                          "to others."),
            confirm_label=_("Withdraw from the course"), keep_label=_("Stay enrolled"))
    services.withdraw(enrolment=enrolment, actor=request.user)
    messages.success(request, _("You have withdrawn from the course and your session registrations are cancelled."))
    return redirect(page.url)
