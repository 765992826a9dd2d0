"""Staff actions on registrations and attendance in the Wagtail admin (promote, cancel, correct, check in);
each calls a service and is audited there."""

import json
import uuid
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.coreutils import find_available_slug

from events import tickets
from events.exceptions import RegistrationError
from events.models import Attendance, EventMessage, EventPage, Registration
from events.models.pages import schedule_errors
from events.services import checkin as checkin_service
from events.services import copying
from events.services import messages as messages_service
from events.services import registration as registration_service
from events.services import walk_ins
from events.services.attendance import correct_attendance
from lms.audit import record_access
from lms.codes import normalise
from lms.forms import ReasonForm
from lms.models import Profile
from lms.search_words import without_diacritics
from lms.security import PERMISSIONS_POLICY, content_security_policy

ACTIONS = {
    "promote": (gettext_lazy("Promote from the waiting list"), registration_service.promote_by_staff),
    "cancel": (gettext_lazy("Cancel registration"), registration_service.cancel),
}


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
    minutes = forms.IntegerField(label=gettext_lazy("Minutes present"), min_value=0)

    def __init__(self, *args, scheduled_minutes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Nobody is present longer than the event was scheduled; BBB data is clipped to it in the same way.
        self.fields["minutes"].validators.append(MaxValueValidator(scheduled_minutes))
        self.fields["minutes"].widget.attrs["max"] = scheduled_minutes
        self.fields["minutes"].help_text = ngettext(
            "The event was scheduled for %(minutes)s minute.", "The event was scheduled for %(minutes)s minutes.",
            scheduled_minutes) % {"minutes": scheduled_minutes}


def attendance_correct(request: HttpRequest, registration_id: int) -> HttpResponse:
    if not request.user.has_perm("events.change_registration"):
        raise PermissionDenied
    registration = get_object_or_404(
        Registration.objects.select_related("event", "participant"), pk=registration_id, state=Registration.State.CONFIRMED
    )
    current = Attendance.objects.filter(registration=registration).first()
    form = AttendanceCorrectionForm(request.POST or None, initial={"minutes": current.minutes_present if current else 0},
                                    scheduled_minutes=registration.event.scheduled_minutes)
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


CHECK_IN_ACTIONS = {"check-in": checkin_service.check_in, "undo": checkin_service.undo_check_in}


def _require_change_attendance(request: HttpRequest) -> None:
    if not request.user.has_perm("events.change_attendance"):
        raise PermissionDenied


def _checkin_url(event_id: int, query: str = "") -> str:
    url = reverse("event_checkin", args=[event_id])
    return f"{url}?{urlencode({'q': query})}" if query else url


def _canonical_event(event_id: int) -> EventPage:
    return get_object_or_404(EventPage.objects.select_related("locale"), pk=event_id).canonical


def checkin_events(request: HttpRequest) -> HttpResponse:
    """Check-in from the menu: the in-person events whose door list is open or still to come, to pick one."""
    _require_change_attendance(request)
    query = request.GET.get("q", "").strip()
    events = Paginator(checkin_service.check_in_events(query=query, now=timezone.now()), 20)
    return TemplateResponse(request, "events/admin/check_in_events.html", {
        "events": events.get_page(request.GET.get("p")),
        "query": query,
        "header_title": _("Check-in"),
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": _("Check-in")},
        ],
    })


def event_checkin(request: HttpRequest, event_id: int) -> HttpResponse:
    """The door list of one in-person event: search, then one button per confirmed registration."""
    _require_change_attendance(request)
    event = _canonical_event(event_id)
    query = request.GET.get("q", "").strip()
    if event.pk != event_id:  # a translation's id: registrations belong to the default-language page
        return redirect(_checkin_url(event.pk, query))
    roster = checkin_service.check_in_roster(event=event, query=query)
    refusal = checkin_service.check_in_refusal(event, now=timezone.now())
    record_access(actor=request.user, what="checkin.viewed", target=event, data={"search": query} if query else None)
    return TemplateResponse(request, "events/admin/check_in.html", {
        "event": event,
        "query": query,
        "roster": roster,
        "refusal": refusal and checkin_service.CheckInError(refusal).message,
        # After a ticket code search the one row's button takes the focus, so Enter checks the person in;
        # otherwise the search box does, ready for the next code.
        "focus_check_in": bool(roster.ticket_match and not refusal and roster.rows[0].can_check_in),
        "header_title": _("Check-in: %(event)s") % {"event": event.title},
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": f"{reverse('registrations:index')}?event={event.pk}", "label": _("Registrations")},
            {"url": "", "label": _("Check-in")},
        ],
    })


@require_POST
def event_checkin_action(request: HttpRequest, event_id: int, registration_id: int, action: str) -> HttpResponse:
    _require_change_attendance(request)
    if action not in CHECK_IN_ACTIONS:
        raise Http404("Unknown action")
    event = _canonical_event(event_id)
    # Scoped to the event in the URL, so a form of one event's page cannot act on another event's registration.
    registration = get_object_or_404(Registration.objects.select_related("participant"), pk=registration_id, event=event)
    who = registration.participant.get_full_name() or registration.participant.email
    try:
        CHECK_IN_ACTIONS[action](registration=registration, actor=request.user)
    except checkin_service.CheckInError as error:
        messages.error(request, _("%(who)s: %(reason)s") % {"who": who, "reason": error.message})
    else:
        done = _("%(who)s is checked in.") if action == "check-in" else _("The check-in of %(who)s was undone.")
        messages.success(request, done % {"who": who})
    return redirect(_checkin_url(event.pk, request.POST.get("q", "").strip()))


# --- the door: check-in from a phone with its camera -----------------------------------------------------

# Ticket codes refused before any query (a typo or a forgery) are bad input; the others are refusals of a real
# registration (cancelled, another event, check-in closed).
DOOR_BAD_INPUT = {"malformed", "forged"}
# The camera is allowed on this page only, and only for the site itself.
DOOR_PERMISSIONS_POLICY = PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")


def _door_event(request: HttpRequest, event_id: int) -> EventPage:
    _require_change_attendance(request)
    event = _canonical_event(event_id)
    if event.pk != event_id:  # registrations belong to the default-language page
        raise Http404("Open the door page of the default-language event")
    return event


def _counts(event: EventPage) -> dict[str, int]:
    confirmed, present = checkin_service.check_in_counts(event)
    return {"present": present, "confirmed": confirmed}


def _person(registration: Registration) -> dict:
    participant = registration.participant
    profile = getattr(participant, "profile", None)
    return {
        "registration": registration.pk,
        "name": participant.get_full_name() or participant.email,
        "audience": profile.get_audience_display() if profile else "",
        "access_needs": [*registration.access_need_labels(),
                         *([registration.access_needs_details] if registration.access_needs_details else [])],
    }


def event_door(request: HttpRequest, event_id: int) -> HttpResponse:
    """The check-in page for a phone at the door: scan a ticket with the camera, type its code or search a name."""
    _require_change_attendance(request)
    event = _canonical_event(event_id)
    if event.pk != event_id:
        return redirect(reverse("event_door", args=[event.pk]))
    refusal = checkin_service.check_in_refusal(event, now=timezone.now())
    response = TemplateResponse(request, "events/admin/door.html", {
        "event": event,
        "counts": _counts(event),
        "refusal": refusal and checkin_service.CheckInError(refusal).message,
        "texts": {
            "camera_starting": _("Starting the camera…"),
            "camera_on": _("Point the camera at the QR code of a ticket."),
            "camera_off": _("The camera is off."),
            "camera_refused": _("The camera is not available here. Type the ticket code or search by name."),
            "start_camera": _("Start the camera"),
            "stop_camera": _("Stop the camera"),
            "offline": _("The check-in was not sent: there is no connection. Try again."),
            "forbidden": _("The check-in was refused: sign in again, with an account that has the check-in right."),
            "audience": _("Audience"),
            "access_needs": _("Access needs"),
            "no_access_needs": _("No access needs"),
            "check_in": _("Check in"),
            "nobody": _("No confirmed registration matches."),
            # Without a connection the page answers from the list it loaded, with the server's own texts.
            "checked_in": _("%(who)s is checked in."),
            "already": _("%(who)s was already checked in at %(time)s."),
            "malformed": tickets.TicketRefused("malformed").message,
            "corrected": checkin_service.CheckInError("corrected_by_staff").message,
            "unknown_offline": _("This ticket code is not on this event's list kept on this phone, and without a "
                                 "connection it cannot be verified. It will be checked when the connection is back."),
            "offline_waiting": _("Offline — check-ins waiting to be sent: %(count)s"),
            "sending": _("Sending the check-ins made offline: %(count)s"),
            "no_list": _("No connection, and the list of this event was not loaded on this phone. Check people in "
                         "when the connection is back."),
        },
        "time_zone": settings.TIME_ZONE,
    })
    response["Content-Security-Policy"] = content_security_policy(webassembly=True)
    response["Permissions-Policy"] = DOOR_PERMISSIONS_POLICY
    return response


@require_POST
def event_door_check_in(request: HttpRequest, event_id: int) -> JsonResponse:
    """Check in a scanned or typed ticket ``code``, or a ``registration`` picked by name; answers in JSON what
    the phone shows, with the counts."""
    event = _door_event(request, event_id)
    registration = None
    if picked := request.POST.get("registration", ""):
        registration = (Registration.objects.select_related("event", "participant")
                        .filter(pk=picked, event=event).first() if picked.isdigit() else None)
        if registration is None:
            return _door_answer(event, "refused", _("No confirmed registration matches."), status=400)
    answer = checkin_service.door_check_in(event=event, actor=request.user, registration=registration,
                                           ticket=request.POST.get("code", ""))
    status = 200 if answer.outcome != "refused" else 400 if answer.refusal in DOOR_BAD_INPUT else 409
    return _door_answer(event, answer.outcome, answer.message, answer.registration, status=status,
                        checked_in_at=answer.checked_in_at)


def _door_answer(event: EventPage, outcome: str, message: str, registration: Registration | None = None, *,
                 status: int, checked_in_at: datetime | None = None) -> JsonResponse:
    return JsonResponse({
        "outcome": outcome,
        "message": message,
        "checked_in_at": checked_in_at and checked_in_at.isoformat(),
        "person": _person(registration) if registration else None,
        "counts": _counts(event),
    }, status=status)


def event_door_counts(request: HttpRequest, event_id: int) -> JsonResponse:
    return JsonResponse(_counts(_door_event(request, event_id)))


DOOR_SEARCH_LIMIT = 20


def event_door_search(request: HttpRequest, event_id: int) -> JsonResponse:
    """Confirmed registrations whose name or e-mail holds every word typed (case and diacritics aside)."""
    event = _door_event(request, event_id)
    query = request.GET.get("q", "").strip()
    rows = checkin_service.check_in_roster(event=event, query=query).rows if query else []
    return JsonResponse({"people": [
        {"can_check_in": row.can_check_in,
         "checked_in": row.status == "checked_in", **_person(row.registration)}
        for row in rows[:DOOR_SEARCH_LIMIT]
    ]})


def event_door_list(request: HttpRequest, event_id: int) -> JsonResponse:
    """What the door page keeps to go on without a connection: this event's tickets, who holds them, and the
    texts a ticket that admits no one gets."""
    event = _door_event(request, event_id)
    confirmed, others = checkin_service.door_list(event=event)
    return JsonResponse({
        "people": [{
            "registration": row.registration.pk,
            "code": normalise(tickets.code_for(row.registration.pk)),
            # Searched as typed at the door: lower case, without diacritics (the page folds the query the same way).
            "search": without_diacritics(" ".join([row.registration.participant.get_full_name(),
                                                   row.registration.participant.email])).casefold(),
            "can_check_in": row.can_check_in,
            "checked_in_at": row.attendance.checked_in_at.isoformat() if row.status == "checked_in" else None,
            **_person(row.registration),
        } for row in confirmed],
        "refused": {normalise(tickets.code_for(registration.pk)): tickets.TicketRefused(
            "cancelled" if registration.state == Registration.State.CANCELLED else "not_confirmed").message
            for registration in others},
        "counts": _counts(event),
    })


# A phone offline for a whole Open Day at a busy door queues a few hundred check-ins; more is not a door.
DOOR_SYNC_LIMIT = 1000


def _sync_item(event: EventPage, item: object) -> tuple[Registration | None, str, datetime] | str:
    """The registration (picked by name) or ticket code, and the time, of one queued check-in; or why it cannot
    be read."""
    unreadable = _("This check-in could not be read.")
    if not isinstance(item, dict) or not isinstance(item.get("at"), str) or len(item["at"]) > 40:
        return unreadable
    try:
        at = parse_datetime(item["at"])
    except ValueError:  # well formed but no such day
        at = None
    if at is None or timezone.is_naive(at):
        return unreadable
    picked, code = item.get("registration"), item.get("code")
    if isinstance(picked, int) and not isinstance(picked, bool):
        registration = (Registration.objects.select_related("event", "participant")
                        .filter(pk=picked, event=event).first())
        if registration is None:
            return _("No registration for this event has this number.")
        return registration, "", at
    if isinstance(code, str) and code:
        return None, code[:100], at
    return unreadable


@require_POST
def event_door_sync(request: HttpRequest, event_id: int) -> JsonResponse:
    """Check-ins made while the phone had no connection, each with the time of the scan: one answer per item,
    in order, so the phone can drop what was taken and show what was refused and why."""
    event = _door_event(request, event_id)
    try:
        items = json.loads(request.body).get("check_ins")
    except (ValueError, AttributeError):
        items = None
    if not isinstance(items, list) or len(items) > DOOR_SYNC_LIMIT:
        return JsonResponse({"error": _("The list of check-ins could not be read.")}, status=400)
    answers = []
    now = timezone.now()
    for item in items:
        read = _sync_item(event, item)
        key = item.get("key", "") if isinstance(item, dict) else ""
        if isinstance(read, str):
            answers.append({"key": key, "outcome": "refused", "message": read, "person": None})
            continue
        registration, code, at = read
        answer = checkin_service.door_check_in(event=event, actor=request.user, registration=registration,
                                               ticket=code, at=at, now=now)
        answers.append({"key": key, "outcome": answer.outcome, "message": answer.message,
                        "person": _person(answer.registration) if answer.registration else None})
    return JsonResponse({"answers": answers, "counts": _counts(event)})


class WalkInForm(forms.Form):
    """A person registered at the door by staff (events.services.walk_ins)."""

    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254,
                             help_text=gettext_lazy("An address that already has an account uses that account."))
    audience = forms.ChoiceField(label=gettext_lazy("Audience"), choices=Profile.Audience.choices)
    language = forms.ChoiceField(label=gettext_lazy("Language of the e-mails"), choices=settings.LANGUAGES,
                                 initial=settings.LANGUAGE_CODE)
    access_needs = forms.MultipleChoiceField(label=gettext_lazy("Access needs"), required=False,
                                             choices=Registration.AccessNeed.choices,
                                             widget=forms.CheckboxSelectMultiple)
    access_needs_details = forms.CharField(label=gettext_lazy("Access needs, details"), required=False,
                                           max_length=1000)
    over_capacity = forms.BooleanField(
        label=gettext_lazy("Over capacity"), required=False,
        help_text=gettext_lazy("Register this person even if every seat is taken."))
    reason = forms.CharField(label=gettext_lazy("Reason for going over capacity"), required=False, max_length=500,
                             help_text=gettext_lazy("Kept in the audit log."))

    def person(self) -> walk_ins.Person:
        data = self.cleaned_data
        return walk_ins.Person(email=data["email"], first_name=data["first_name"], last_name=data["last_name"],
                               audience=data["audience"], language=data["language"])


def event_walk_in(request: HttpRequest, event_id: int) -> HttpResponse:
    """Register a person at the door and check them in at once, from the phone at the door."""
    event = _door_event(request, event_id)
    form = WalkInForm(request.POST or None)
    done = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                walk_in = walk_ins.register_walk_in(
                    event=event, actor=request.user, person=form.person(), access_needs=data["access_needs"],
                    access_needs_details=data["access_needs_details"], over_capacity=data["over_capacity"],
                    reason=data["reason"])
            except walk_ins.WalkInError as refusal:
                form.add_error(refusal.field, refusal.message)
                status = 409
            except (checkin_service.CheckInError, RegistrationError) as refusal:
                form.add_error(None, refusal.message)
                status = 409
            else:
                done = walk_in
                form = WalkInForm()
                status = 200
    return TemplateResponse(request, "events/admin/walk_in.html", {
        "event": event, "form": form, "done": done, "person": done and _person(done.registration),
        "counts": _counts(event),
    }, status=status)


class EventMessageForm(forms.Form):
    audience = forms.ChoiceField(label=gettext_lazy("Send to"), widget=forms.RadioSelect)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Message"), widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("Plain text. Each person gets it in their own e-mail, with a greeting and the event's "
                               "name in their language; your text goes out as written."),
    )
    # From the form's first display to "Send": sending the same form twice sends one message.
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, sizes: dict[str, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [
            (audience, ngettext("%(group)s (%(count)s person)", "%(group)s (%(count)s people)", sizes[audience])
             % {"group": label, "count": sizes[audience]})
            for audience, label in EventMessage.Audience.choices
        ]


def _message_breadcrumbs(event: EventPage) -> list[dict]:
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": f"{reverse('registrations:index')}?event={event.pk}", "label": _("Registrations")},
        {"url": "", "label": _("Message to participants")},
    ]


def event_message(request: HttpRequest, event_id: int) -> HttpResponse:
    """Write, preview ("preview" in the POST), then send ("send") a message to one audience of the event."""
    if not request.user.has_perm("events.change_registration"):
        raise PermissionDenied
    event = _canonical_event(event_id)
    if event.pk != event_id:
        return redirect("event_message", event.pk)
    sizes = messages_service.audience_sizes(event=event)
    form = EventMessageForm(request.POST or None, sizes=sizes,
                            initial={"audience": EventMessage.Audience.CONFIRMED, "token": uuid.uuid4()})
    context = {
        "event": event, "form": form, "sent": EventMessage.objects.filter(event=event).select_related("sent_by"),
        "header_title": _("Message to participants: %(event)s") % {"event": event.title},
        "breadcrumbs_items": _message_breadcrumbs(event),
    }
    if request.method != "POST" or "edit" in request.POST:  # "Edit" on the preview brings the text back
        return TemplateResponse(request, "events/admin/event_message.html", context)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if "send" in request.POST:
                message, sent_now = messages_service.send_event_message(
                    event=event, audience=data["audience"], subject=data["subject"], body=data["body"],
                    actor=request.user, token=data["token"])
                if sent_now:
                    messages.success(request, ngettext("The message was sent to %(count)s person.",
                                                       "The message was sent to %(count)s people.",
                                                       message.recipient_count) % {"count": message.recipient_count})
                else:
                    messages.info(request, _("This message was already sent; it was not sent again."))
                return redirect("event_message", event.pk)
            preview = messages_service.preview_event_message(
                event=event, audience=data["audience"], subject=data["subject"], body=data["body"])
        except messages_service.EventMessageError as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            return TemplateResponse(request, "events/admin/event_message_preview.html", {
                **context, "preview": preview, "audience_label": EventMessage.Audience(data["audience"]).label,
            })
    return TemplateResponse(request, "events/admin/event_message.html", context, status=400)


def _event_field(name: str, **kwargs) -> forms.DateTimeField:
    """A date field of the copy form, labelled as on the event page."""
    field = EventPage._meta.get_field(name)
    return forms.DateTimeField(label=field.verbose_name, help_text=field.help_text, widget=AdminDateTimeInput,
                               **kwargs)


class EventCopyForm(forms.Form):
    """Wagtail's copy, for an event: a copy is the next run of it, so it asks for the new dates."""

    new_title = forms.CharField(label=gettext_lazy("Title of the copy"), max_length=255)
    new_slug = forms.SlugField(label=gettext_lazy("Slug of the copy"), max_length=255, allow_unicode=True,
                               help_text=gettext_lazy("The last part of the copy's address."))
    start = _event_field("start")
    end = _event_field("end")
    registration_opens_at = _event_field("registration_opens_at", required=False)
    registration_closes_at = _event_field("registration_closes_at", required=False)
    with_translations = forms.BooleanField(
        label=gettext_lazy("Copy the translations too"), required=False, initial=True,
        help_text=gettext_lazy("Each language version is copied as a draft with the new dates."),
    )

    def __init__(self, *args, event: EventPage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.translated_parents = [
            parent for parent in (event.get_parent().get_translation_or_none(translation.locale)
                                  for translation in event.get_translations().select_related("locale"))
            if parent is not None
        ]
        if not self.translated_parents:
            del self.fields["with_translations"]
        self.initial.setdefault("new_title", event.title)
        self.initial.setdefault("new_slug", find_available_slug(event.get_parent(), event.slug))

    def clean(self) -> dict:
        data = super().clean()
        for field, error in schedule_errors(
                start=data.get("start"), end=data.get("end"), registration_opens_at=data.get("registration_opens_at"),
                registration_closes_at=data.get("registration_closes_at")).items():
            self.add_error(field, error)
        slug = data.get("new_slug")
        parents = [self.event.get_parent(), *(self.translated_parents if data.get("with_translations") else [])]
        if slug and any(parent.get_children().filter(slug=slug).exists() for parent in parents):
            self.add_error("new_slug", _("This slug is already in use here; choose another."))
        return data


def event_copy(request: HttpRequest, page: EventPage) -> HttpResponse:
    """Replaces Wagtail's copy form for events (``before_copy_page``); Wagtail has checked the right to copy."""
    event = page.canonical
    form = EventCopyForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = copying.NewRun(title=data["new_title"], slug=data["new_slug"], start=data["start"], end=data["end"],
                             registration_opens_at=data["registration_opens_at"],
                             registration_closes_at=data["registration_closes_at"])
        copy = copying.copy_event(event=event, actor=request.user, run=run,
                                  with_translations=data.get("with_translations", False))
        messages.success(request, _("“%(title)s” was copied as a draft with the new dates.") % {"title": copy.title})
        return redirect("wagtailadmin_pages:edit", copy.pk)
    title = _("Copy %(event)s") % {"event": event.title}
    return TemplateResponse(request, "events/admin/event_copy.html", {
        "form": form, "event": event, "header_title": title,
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_explore", args=[event.get_parent().pk]), "label": event.get_parent().title},
            {"url": "", "label": title},
        ],
    }, status=400 if form.errors else 200)
