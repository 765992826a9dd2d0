"""Thin views: parse, call one service, redirect with a message or show the page again with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from events.exceptions import RegistrationError
from events.forms import RegistrationForm
from events.models import EventPage
from events.selectors import active_registration, registrations_for, waiting_position
from events.services import registration as registration_service


def _show_event_again(request: HttpRequest, event_page: EventPage, *, form=None, error: str = "", status: int = 400) -> HttpResponse:
    context = event_page.get_context(request)
    if form is not None:
        context["registration_form"] = form
    context["registration_error"] = error
    return TemplateResponse(request, event_page.get_template(request), context, status=status)


def register_for_event(request: HttpRequest, *, event_page: EventPage) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(event_page.url)
    form = RegistrationForm(request.POST, event=event_page)
    if not form.is_valid():
        return _show_event_again(request, event_page, form=form)
    try:
        registration = registration_service.register(
            event=event_page, participant=request.user, answers=form.answers(),
            access_needs=form.cleaned_data["access_needs"], access_needs_details=form.cleaned_data["access_needs_details"],
        )
    except RegistrationError as error:
        return _show_event_again(request, event_page, form=form, error=error.message, status=409)
    if registration.state == registration.State.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation with a calendar file is on its way to your e-mail."))
    else:
        messages.info(
            request,
            _("The event is full. You are on the waiting list at position %(position)s; we will e-mail you if a seat frees up.")
            % {"position": waiting_position(registration)},
        )
    return redirect(event_page.url)


def cancel_registration(request: HttpRequest, *, event_page: EventPage) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(event_page.url)
    registration = active_registration(event=event_page, participant=request.user)
    if registration is None:
        return _show_event_again(request, event_page, error=str(RegistrationError.MESSAGES["not_active"]), status=409)
    try:
        registration_service.cancel(registration=registration, actor=request.user)
    except RegistrationError as error:
        return _show_event_again(request, event_page, error=error.message, status=409)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect(event_page.url)


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = list(registrations_for(participant=request.user))
    for registration in registrations:
        registration.position = waiting_position(registration)
    return render(request, "events/my_registrations.html", {"registrations": registrations})
