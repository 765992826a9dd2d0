from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from courses import services
from courses.forms import EnrolmentForm
from courses.models import CoursePage, Enrolment
from events.exceptions import RegistrationError


def _show_course_again(request: HttpRequest, course_page: CoursePage, *, form=None, error: str = "", status: int = 400):
    context = course_page.get_context(request)
    context["enrolment_form"] = form
    context["enrolment_error"] = error
    return TemplateResponse(request, course_page.get_template(request), context, status=status)


def enrol_in_course(request: HttpRequest, *, course_page: CoursePage) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course_page.url)
    form = EnrolmentForm(request.POST)
    if not form.is_valid():
        return _show_course_again(request, course_page, form=form)
    try:
        _enrolment, registrations = services.enrol(
            course=course_page, participant=request.user, access_needs=form.cleaned_data["access_needs"],
            access_needs_details=form.cleaned_data["access_needs_details"],
        )
    except RegistrationError as error:
        return _show_course_again(request, course_page, form=form, error=error.message, status=409)
    waiting = sum(1 for registration in registrations if registration.state == registration.State.WAITING)
    messages.success(
        request,
        _("You are enrolled. Registered for %(count)s session(s), on the waiting list for %(waiting)s.")
        % {"count": len(registrations) - waiting, "waiting": waiting},
    )
    return redirect(course_page.url)


def withdraw_from_course(request: HttpRequest, *, course_page: CoursePage) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course_page.url)
    enrolment = Enrolment.objects.filter(
        course=course_page.canonical, participant=request.user, state=Enrolment.State.ACTIVE
    ).first()
    if enrolment is None:
        return _show_course_again(request, course_page, error=str(RegistrationError.MESSAGES["not_enrolled"]), status=409)
    services.withdraw(enrolment=enrolment, actor=request.user)
    messages.success(request, _("You have withdrawn from the course and your session registrations are cancelled."))
    return redirect(course_page.url)
