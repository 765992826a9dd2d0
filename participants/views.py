"""The participant's space ("My account") and their personal calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certificates.selectors import certificates_of
from events.ics import personal_calendar
from events.models import Registration
from events.notifications import absolute_url, localized_event
from events.selectors import registrations_for, registrations_overview
from lms.services import profile_get_or_create
from participants import services
from participants.models import CalendarFeed
from participants.selectors import personal_data


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
