"""The participant's space ("My account"), their personal calendar feed, their data and deleting their account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates.selectors import certificates_of
from events.exceptions import RegistrationError
from events.ics import personal_calendar
from events.models import Registration
from events.notifications import absolute_url, localized_event
from events.selectors import registrations_for, registrations_overview
from lms.services import profile_get_or_create
from participants import services
from participants.exceptions import ErasureRefused
from participants.forms import AccountErasureForm
from participants.models import CalendarFeed
from participants.selectors import personal_data, registrations_cancelled_by_erasure


@require_GET
@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    overview = registrations_overview(participant=request.user)
    feed = services.calendar_feed_for(request.user)
    return render(request, "participants/my_account.html", {
        "upcoming": overview.upcoming,
        "past": overview.past,
        "certificates": certificates_of(request.user),
        "feed_url": absolute_url(reverse("calendar_feed", kwargs={"token": feed.token})),
    })


@require_POST
@login_required
def reset_calendar_feed(request: HttpRequest) -> HttpResponse:
    services.reset_calendar_feed(user=request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works: subscribe to the new "
                                "one in your calendar app."))
    return redirect("my_account")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Calendar apps fetch it without signing in: the token is the key, and a wrong one is 404."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    language = profile_get_or_create(user=feed.user).language
    active = [registration for registration in registrations_for(participant=feed.user)
              if registration.state in Registration.ACTIVE_STATES]
    with translation.override(language):
        pages = {registration.event_id: localized_event(registration.event, language) for registration in active}
        urls = {event_id: absolute_url(page.get_url()) for event_id, page in pages.items()}
        calendar = personal_calendar(registrations=active, pages=pages, urls=urls, name=_("My trainings"))
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_GET
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything held about the person: readable here, or as JSON to keep or take elsewhere."""
    data = personal_data(request.user)
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response
    return render(request, "participants/my_data.html", {"data": data})


@require_http_methods(["GET", "POST"])
@login_required
def erase_account(request: HttpRequest) -> HttpResponse:
    """Says what deleting the account cancels and keeps, asks for the password, then erases and signs the person
    out; the page that follows is the last they see of the account."""
    form = AccountErasureForm(request.POST or None, user=request.user)
    refusal = ErasureRefused("staff").message if services.is_office_account(request.user) else None
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            erasure = services.erase_account(user=request.user)
        except RegistrationError as error:  # an event busy with registrations: nothing was changed
            form.add_error(None, error.message)
        else:
            logout(request)
            return render(request, "participants/account_erased.html", {"erasure": erasure})
    return render(request, "participants/erase_account.html", {
        "form": form,
        "refusal": refusal,
        "to_cancel": registrations_cancelled_by_erasure(user=request.user, now=timezone.now()),
        "certificates": certificates_of(request.user),
    }, status=403 if refusal and request.method == "POST" else 200)
