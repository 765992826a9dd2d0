"""Staff arrange consultations in the Wagtail admin: an Open Day's slots by advisor, a series of slots for an
advisor in one form, blocking and moving a slot. Each calls a service, audited there."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

from consultations import selectors, services
from consultations.exceptions import ConsultationError
from consultations.models import LANGUAGES, ConsultationSlot, Topic
from events.editorial import OFFICE_STAFF_GROUP
from events.models import EventPage
from lms.models import User

PERMISSION = "events.change_registration"  # Event staff, who handle registrations, arrange consultations too


def _require_staff(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _open_day(event_id: int) -> EventPage:
    return get_object_or_404(EventPage, pk=event_id, kind=EventPage.Kind.OPEN_DAY).canonical


def _breadcrumbs(*items: tuple[str, str]) -> list[dict]:
    return [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("consultation_open_days"), "label": _("Consultations")},
            *({"url": url, "label": label} for url, label in items)]


def open_days(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return TemplateResponse(request, "consultations/admin/open_days.html", {
        "open_days": selectors.open_days_with_consultations(),
        "header_title": _("Consultations"),
        "breadcrumbs_items": _breadcrumbs(),
    })


def slots(request: HttpRequest, event_id: int) -> HttpResponse:
    _require_staff(request)
    event = _open_day(event_id)
    advisors = [(advisor, selectors.agenda(advisor=advisor)) for advisor in selectors.advisors_at(event=event)]
    title = _("Consultations: %(event)s") % {"event": event.title}
    return TemplateResponse(request, "consultations/admin/slots.html", {
        "event": event, "advisors": advisors, "header_title": title, "now": timezone.now(),
        "breadcrumbs_items": _breadcrumbs(("", event.title)),
    })


def _advisor_choices():
    """Staff accounts: the office's people in the admin groups or marked as staff."""
    return (User.objects.filter(Q(is_staff=True) | Q(groups__name__in=["Event staff", OFFICE_STAFF_GROUP]), is_active=True)
            .distinct().order_by("last_name", "first_name", "email"))


class AdvisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.get_full_name()} ({user.email})" if user.get_full_name() else user.email


class SlotSeriesForm(forms.Form):
    advisor = AdvisorChoiceField(label=gettext_lazy("Advisor"), queryset=User.objects.none())
    topics = forms.MultipleChoiceField(label=gettext_lazy("Topics"), choices=Topic.choices,
                                       widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=gettext_lazy("Languages the advisor speaks"), choices=LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple)
    day = forms.DateField(label=gettext_lazy("Day"), widget=AdminDateInput)
    starts_at = forms.TimeField(label=gettext_lazy("First consultation starts at"), widget=AdminTimeInput)
    ends_at = forms.TimeField(label=gettext_lazy("Last consultation ends by"), widget=AdminTimeInput)
    minutes = forms.IntegerField(label=gettext_lazy("Length of one consultation (minutes)"), min_value=5,
                                 max_value=240, initial=20)

    def __init__(self, *args, event: EventPage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = _advisor_choices()
        local_start = timezone.localtime(event.start)
        self.initial.setdefault("day", local_start.date())
        self.initial.setdefault("starts_at", local_start.time())
        self.initial.setdefault("ends_at", timezone.localtime(event.end).time())

    def clean(self) -> dict:
        data = super().clean()
        if data.get("day") and data.get("starts_at") and data.get("ends_at"):
            data["from"] = timezone.make_aware(datetime.combine(data["day"], data["starts_at"]))
            data["until"] = timezone.make_aware(datetime.combine(data["day"], data["ends_at"]))
            if data["until"] <= data["from"]:
                self.add_error("ends_at", _("The last consultation must end after the first one starts."))
        return data


def add_slots(request: HttpRequest, event_id: int) -> HttpResponse:
    _require_staff(request)
    event = _open_day(event_id)
    form = SlotSeriesForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.add_slots(event=event, advisor_user=data["advisor"], topics=data["topics"],
                                         languages=data["languages"], starts_at=data["from"], ends_at=data["until"],
                                         minutes=data["minutes"], actor=request.user)
        except ConsultationError as error:
            form.add_error(None, error.message)
        else:
            advisor = form.fields["advisor"].label_from_instance(data["advisor"])
            messages.success(request, _("%(count)s consultation slots added for %(advisor)s.")
                             % {"count": len(created), "advisor": advisor})
            return redirect("consultation_slots", event.pk)
    title = _("Add consultation slots")
    return TemplateResponse(request, "consultations/admin/form.html", {
        "form": form, "header_title": title, "submit": title,
        "back_url": reverse("consultation_slots", args=[event.pk]),
        "breadcrumbs_items": _breadcrumbs((reverse("consultation_slots", args=[event.pk]), event.title), ("", title)),
    }, status=400 if form.errors else 200)


@require_POST
def block_slot(request: HttpRequest, slot_id: int) -> HttpResponse:
    _require_staff(request)
    slot = get_object_or_404(ConsultationSlot.objects.select_related("advisor"), pk=slot_id)
    blocked = request.POST.get("blocked") == "1"
    try:
        services.set_blocked(slot=slot, blocked=blocked, actor=request.user)
    except ConsultationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The slot is blocked.") if blocked else _("The slot is free again."))
    return redirect("consultation_slots", slot.advisor.event_id)


class MoveSlotForm(forms.Form):
    start = forms.DateTimeField(label=gettext_lazy("New start"), widget=AdminDateTimeInput)


def move_slot(request: HttpRequest, slot_id: int) -> HttpResponse:
    _require_staff(request)
    slot = get_object_or_404(ConsultationSlot.objects.select_related("advisor__event", "advisor__user"), pk=slot_id)
    form = MoveSlotForm(request.POST or None, initial={"start": timezone.localtime(slot.start)})
    if request.method == "POST" and form.is_valid():
        try:
            services.move_slot(slot=slot, start=form.cleaned_data["start"], actor=request.user)
        except ConsultationError as error:
            form.add_error("start", error.message)
        else:
            messages.success(request, _("The slot is moved. A visitor who booked it is told by e-mail."))
            return redirect("consultation_slots", slot.advisor.event_id)
    event = slot.advisor.event
    title = _("Move the slot of %(advisor)s at %(time)s") % {
        "advisor": slot.advisor, "time": timezone.localtime(slot.start).strftime("%H:%M")}
    return TemplateResponse(request, "consultations/admin/form.html", {
        "form": form, "header_title": title, "submit": _("Move"),
        "back_url": reverse("consultation_slots", args=[event.pk]),
        "breadcrumbs_items": _breadcrumbs((reverse("consultation_slots", args=[event.pk]), event.title), ("", title)),
    }, status=400 if form.errors else 200)
