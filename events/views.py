"""Thin views: parse, call one service, redirect with a message or show the page again with the reason."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

WEBINAR_UNAVAILABLE = gettext_lazy("The webinar service is unavailable, please try again in a moment.")

from events import bbb
from events.exceptions import RegistrationError
from events.forms import AccessNeedsForm, RegistrationForm
from events.ics import event_calendar, registration_calendar
from events.models import EventPage, Registration
from events.notifications import absolute_url, localized_event
from events.selectors import (
    active_registration,
    messages_for,
    registration_refusal,
    registrations_overview,
    waiting_position,
)
from events.services import meetings
from events.services import registration as registration_service
from events.ticket_document import ticket_pdf
from events.tickets import has_ticket
from lms.confirmation import confirmation_page, is_confirmed
from lms.decorators import page_action, page_action_with_question
from lms.middleware import to_profile_step

logger = logging.getLogger(__name__)


def _show_event_again(request: HttpRequest, page: EventPage, *, form=None, error: str = "", status: int = 400,
                      about: str = "registration", access_needs_form=None) -> HttpResponse:
    """The event page again with ``error`` in the section it is ``about`` ("registration" or "webinar")."""
    context = page.get_context(request)
    if form is not None:
        context["registration_form"] = form
    if access_needs_form is not None:
        context["access_needs_form"] = access_needs_form
    context[f"{about}_error"] = error
    return TemplateResponse(request, page.get_template(request), context, status=status)


def register_for_event(request: HttpRequest, event_id: int) -> HttpResponse:
    """The busiest endpoint (everyone registers at once when a popular event opens), so it finds the page by id
    rather than through Wagtail's page tree."""
    page = get_object_or_404(EventPage.objects.live().select_related("locale"), pk=event_id)
    return _register(request, page=page)


@page_action
def _register(request: HttpRequest, *, page: EventPage) -> HttpResponse:
    refusal = registration_refusal(event=page, user=request.user)
    if refusal is not None and refusal.code == "profile_incomplete":
        return to_profile_step(then=page.url)
    if refusal is not None:
        return _show_event_again(request, page, error=refusal.message, status=403)
    form = RegistrationForm(request.POST, event=page)
    if not form.is_valid():
        return _show_event_again(request, page, form=form)
    try:
        registration = registration_service.register(
            event=page, participant=request.user, answers=form.answers(),
            access_needs=form.cleaned_data["access_needs"], access_needs_details=form.cleaned_data["access_needs_details"],
        )
    except RegistrationError as error:
        return _show_event_again(request, page, form=form, error=error.message, status=409)
    if registration.state == registration.State.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation with a calendar file is on its way to your e-mail."))
    else:
        messages.info(
            request,
            _("The event is full. You are on the waiting list at position %(position)s; we will e-mail you if a seat frees up.")
            % {"position": waiting_position(registration)},
        )
    return redirect(page.url)


@page_action
def cancel_registration(request: HttpRequest, *, page: EventPage) -> HttpResponse:
    registration = active_registration(event=page, participant=request.user)
    if registration is None:
        return _show_event_again(request, page, error=str(RegistrationError.MESSAGES["not_active"]), status=409)
    if page.is_past:
        return _show_event_again(request, page, error=str(RegistrationError.MESSAGES["past"]), status=409)
    if not is_confirmed(request):
        if registration.state == registration.State.WAITING:
            question, consequence, confirm_label, keep_label = (
                _("Leave the waiting list for “%(title)s”?"), _("You will lose your place on the waiting list."),
                _("Leave the waiting list"), _("Stay on the waiting list"))
        else:
            question, consequence, confirm_label, keep_label = (
                _("Cancel your registration for “%(title)s”?"),
                _("Your seat will be given to the next person on the waiting list at once, or to anyone who registers."),
                _("Cancel my registration"), _("Keep my registration"))
        return confirmation_page(request, page=page, question=question % {"title": page.title},
                                 consequence=consequence, confirm_label=confirm_label, keep_label=keep_label)
    try:
        registration_service.cancel(registration=registration, actor=request.user)
    except RegistrationError as error:
        return _show_event_again(request, page, error=error.message, status=409)
    messages.success(request, _("Your registration has been cancelled."))
    return redirect(page.url)


@page_action
def change_access_needs(request: HttpRequest, *, page: EventPage) -> HttpResponse:
    registration = active_registration(event=page, participant=request.user)
    if registration is None:
        return _show_event_again(request, page, error=str(RegistrationError.MESSAGES["not_active"]), status=409)
    form = AccessNeedsForm(request.POST)
    if not form.is_valid():
        return _show_event_again(request, page, error=_("Please correct what you need to take part."),
                                 access_needs_form=form)
    try:
        registration_service.change_access_needs(
            registration=registration, actor=request.user, access_needs=form.cleaned_data["access_needs"],
            details=form.cleaned_data["access_needs_details"])
    except RegistrationError as error:
        return _show_event_again(request, page, error=error.message, status=409)
    messages.success(request, _("What you need to take part has been saved; the office will prepare it."))
    return redirect(page.url)


@page_action
def join_webinar(request: HttpRequest, *, page: EventPage) -> HttpResponse:
    """Send the browser into the BBB room; problems come back to the event page with the reason."""
    try:
        return redirect(meetings.join_url_for(event=page, user=request.user))
    except meetings.JoinRefused as refusal:
        return _show_event_again(request, page, error=refusal.message, status=403, about="webinar")
    except bbb.BBBError:
        return _show_event_again(request, page, error=str(WEBINAR_UNAVAILABLE), status=503, about="webinar")


@page_action_with_question
def end_webinar(request: HttpRequest, *, page: EventPage) -> HttpResponse:
    """Asks first, naming the event and how many people are in the room (BBB's count); only a confirmed POST ends it."""
    if not request.user.has_perm("events.change_registration"):
        raise PermissionDenied
    try:
        if request.method == "POST" and is_confirmed(request):
            meetings.end_meeting(event=page, actor=request.user)
            messages.success(request, _("The webinar has been ended for everyone."))
            return redirect(page.url)
        room = meetings.live_room(event=page)
        if room is None:
            raise meetings.MeetingActionRefused("not_running")
    except meetings.MeetingActionRefused as refusal:
        return _show_event_again(request, page, error=refusal.message, status=409, about="webinar")
    except bbb.BBBError:
        return _show_event_again(request, page, error=str(WEBINAR_UNAVAILABLE), status=503, about="webinar")
    people = len(room.attendees)
    return confirmation_page(
        request, page=page, question=_("End “%(title)s” for everyone?") % {"title": page.title},
        consequence=ngettext("%(count)s person is in the room now.", "%(count)s people are in the room now.", people)
        % {"count": people},
        confirm_label=_("End the webinar for everyone"), keep_label=_("Keep the webinar running"),
    )


@page_action
def reopen_webinar(request: HttpRequest, *, page: EventPage) -> HttpResponse:
    """Staff open again a webinar that was ended by mistake before its scheduled end."""
    if not request.user.has_perm("events.change_registration"):
        raise PermissionDenied
    try:
        meetings.reopen_meeting(event=page, actor=request.user)
    except meetings.MeetingActionRefused as refusal:
        return _show_event_again(request, page, error=refusal.message, status=409, about="webinar")
    except bbb.BBBError:
        return _show_event_again(request, page, error=str(WEBINAR_UNAVAILABLE), status=503, about="webinar")
    messages.success(request, _("The webinar has been reopened; participants can join again."))
    return redirect(page.url)


def event_calendar_download(request: HttpRequest, *, page: EventPage) -> HttpResponse:
    """A registered person gets their own entry, the one their mails add (same UID), so their calendar keeps one
    entry per event; everybody else the event's."""
    registration = active_registration(event=page, participant=request.user)
    url = absolute_url(page.url)
    if registration is not None:
        calendar = registration_calendar(registration=registration, page=page, url=url, method="PUBLISH")
    else:
        calendar = event_calendar(event=page.canonical, page=page, url=url)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.ics"'
    return response


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    overview = registrations_overview(participant=request.user)
    return render(request, "events/my_registrations.html", {
        "registrations": overview.upcoming + overview.past,
        "upcoming": overview.upcoming,
        "past": overview.past,
        "event_messages": messages_for(participant=request.user),
    })


@login_required
def ticket_download(request: HttpRequest, uid) -> HttpResponse:
    """The holder's ticket as the PDF the mails carry, in the language of the page; anyone else's is 404."""
    registration = get_object_or_404(Registration.objects.select_related("event__location", "participant"),
                                     uid=uid, participant=request.user)
    if not has_ticket(registration) or registration.event.is_past:
        raise Http404("No ticket for this registration")
    language = translation.get_language()
    event_title = localized_event(registration.event, language).title
    try:
        pdf = ticket_pdf(registration=registration, event_title=event_title, language=language)
    except Exception:
        logger.exception("The ticket PDF of registration %s could not be drawn for download.", registration.pk)
        messages.error(request, _("The ticket could not be prepared just now. Please try again in a moment; "
                                  "the ticket code above is enough at the entrance."))
        return redirect("my_registrations")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{_('ticket')}.pdf")
    return response
