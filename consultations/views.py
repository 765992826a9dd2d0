"""Thin views: the visitor's booking page and the advisor's agenda, under the language prefix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import selectors, services
from consultations.exceptions import ConsultationError
from consultations.forms import BookingForm, SlotFilterForm
from consultations.models import Advisor, Booking, ConsultationSlot
from events.models import EventPage


def _open_day(event_id: int) -> EventPage:
    event = get_object_or_404(EventPage.objects.live().select_related("locale"), pk=event_id,
                              kind=EventPage.Kind.OPEN_DAY)
    if event.canonical.pk != event.pk:  # bookings belong to the default-language page
        raise Http404("Open the consultations of the default-language event")
    return event


def _booking_page(request: HttpRequest, event: EventPage, *, error: str = "", status: int = 200) -> HttpResponse:
    filters = SlotFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    registration = selectors.confirmed_registration(event=event, visitor=request.user)
    if registration is None and not error:
        error, status = ConsultationError("not_registered").message, 403
    return TemplateResponse(request, "consultations/booking.html", {
        "event": event,
        "page_in_language": event.localized,
        "filter_form": filters,
        "topic": chosen.get("topic", ""),
        "registration": registration,
        "booking": selectors.booking_of(event=event, visitor=request.user),
        "slots": selectors.slots_for_visitors(event=event, topic=chosen.get("topic", ""),
                                              language=chosen.get("language", "")) if registration else [],
        "error": error,
    }, status=status)


@login_required
def booking(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _open_day(event_id)
    if request.method != "POST":
        return _booking_page(request, event)
    form = BookingForm(request.POST)
    if not form.is_valid():
        return _booking_page(request, event, error=_("Please choose a consultation slot."), status=400)
    slot = ConsultationSlot.objects.filter(pk=form.cleaned_data["slot"], advisor__event=event).first()
    if slot is None:
        return _booking_page(request, event, error=_("This consultation slot does not exist."), status=400)
    try:
        services.book(slot=slot, visitor=request.user, topic=form.cleaned_data["topic"])
    except ConsultationError as error:
        return _booking_page(request, event, error=error.message, status=409)
    messages.success(request, _("Your consultation is booked. A confirmation with a calendar file is on its way to "
                                "your e-mail."))
    return redirect(reverse("consultation_booking", args=[event.pk]))


@require_POST
@login_required
def cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _open_day(event_id)
    own = selectors.booking_of(event=event, visitor=request.user)
    if own is None:
        return _booking_page(request, event, error=ConsultationError("not_booked").message, status=409)
    try:
        services.cancel_booking(booking=own, actor=request.user)
    except ConsultationError as error:
        return _booking_page(request, event, error=error.message, status=409)
    messages.success(request, _("Your consultation is cancelled; its time is free for others."))
    return redirect(reverse("consultation_booking", args=[event.pk]))


@login_required
def my_agenda(request: HttpRequest) -> HttpResponse:
    """The Open Days the signed-in person advises at (staff: all coming ones), to open one day's agenda."""
    advising = (Advisor.objects.filter(user=request.user, event__end__gt=timezone.now())
                .select_related("event").order_by("event__start"))
    return TemplateResponse(request, "consultations/my_agenda.html", {
        "advising": advising,
        "open_days": selectors.open_days_with_consultations() if selectors.is_consultation_staff(request.user) else [],
    })


def _agenda_advisor(request: HttpRequest, event: EventPage) -> Advisor | None:
    """The advisor whose agenda is asked for: one's own, or for Event staff any (``?advisor=``); None for staff
    who have not chosen one yet."""
    wanted = request.GET.get("advisor") or request.POST.get("advisor")
    if wanted:
        advisor = (Advisor.objects.select_related("user")
                   .filter(event=event, pk=wanted if wanted.isdigit() else 0).first())
        if advisor is None:
            raise Http404("No such advisor at this Open Day")
    else:
        advisor = Advisor.objects.select_related("user").filter(event=event, user=request.user).first()
        if advisor is None and selectors.is_consultation_staff(request.user):
            return None
    if advisor is None or not selectors.may_see_agenda(user=request.user, advisor=advisor):
        raise PermissionDenied
    return advisor


@login_required
def agenda(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _open_day(event_id)
    advisor = _agenda_advisor(request, event)
    return TemplateResponse(request, "consultations/agenda.html", {
        "event": event,
        "page_in_language": event.localized,
        "advisor": advisor,
        "advisors": selectors.advisors_at(event=event) if advisor is None else [],
        "slots": selectors.agenda(advisor=advisor) if advisor else [],
        "now": timezone.now(),
    })


@require_POST
@login_required
def record_outcome(request: HttpRequest, event_id: int, booking_id: int, outcome: str) -> HttpResponse:
    event = _open_day(event_id)
    if outcome not in Booking.Outcome.values:
        raise Http404("Unknown outcome")
    booking = get_object_or_404(Booking.objects.select_related("slot__advisor", "visitor"), pk=booking_id, event=event)
    if not selectors.may_see_agenda(user=request.user, advisor=booking.slot.advisor):
        raise PermissionDenied
    try:
        services.record_outcome(booking=booking, outcome=outcome, actor=request.user)
    except ConsultationError as error:
        messages.error(request, error.message)
    else:
        who = booking.visitor.get_full_name() or booking.visitor.email
        done = _("%(who)s: consultation held.") if outcome == "held" else _("%(who)s: did not come.")
        messages.success(request, done % {"who": who})
    url = reverse("consultation_agenda", args=[event.pk])
    if booking.slot.advisor.user_id != request.user.pk:
        url += f"?advisor={booking.slot.advisor_id}"
    return redirect(url)
