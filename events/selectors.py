"""Reads for event pages and listings. Seats left are counted in one place: ``with_seats_left``."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Locale, Page

from events import bbb
from events.editorial import OFFICE_STAFF_GROUP
from events.exceptions import RegistrationError
from events.models import Attendance, EventMessage, EventPage, Meeting, Registration
from events.models.pages import Audience
from events.tickets import has_ticket, ticket_code
from lms.i18n import matching_in_any_language, translations_by_key
from lms.models import Profile, User
from lms.page_privacy import listed_for

EVENTS_PER_PAGE = 12


def with_seats_left(events: QuerySet[EventPage]) -> QuerySet[EventPage]:
    return events.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__state=Registration.State.CONFIRMED)),
        waiting_count=Count("registrations", filter=Q(registrations__state=Registration.State.WAITING)),
    ).annotate(seats_left=F("capacity") - F("confirmed_count"))


@dataclass
class EventCard:
    """What a listing shows of one event: texts from the visitor's language, facts from the canonical page."""

    event: EventPage
    page: EventPage
    seats_left: int
    waiting_count: int

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def summary(self) -> str:
        return self.page.summary

    @property
    def url(self) -> str:
        return self.page.url


def _apply_filters(events: QuerySet[EventPage], filters: dict, *, locale: Locale) -> QuerySet[EventPage]:
    for field, key in (("audience", "audience"), ("kind", "kind"), ("format", "format"), ("event_language", "language")):
        if filters.get(key):
            events = events.filter(**{field: filters[key]})
    if filters.get("date_from"):
        events = events.filter(start__date__gte=filters["date_from"])
    if filters.get("date_to"):
        events = events.filter(start__date__lte=filters["date_to"])
    if filters.get("q"):
        events = matching_in_any_language(events, filters["q"], first_in=locale)
    return events


def event_listing(
    *, index: Page, filters: dict, past: bool, page_number: str | int | None, request: HttpRequest,
    now: datetime | None = None,
) -> PaginatorPage:
    """Upcoming (or past) events, filtered and paginated, as cards in the visitor's language; events whose page
    this request may not open (Wagtail's view restrictions of the Polish version) are left out.

    A constant number of queries whatever the number of events: a count and the page's ids (with a search, one query
    for the ids of every match), those events with their seat counts, and their translations."""
    now = now or timezone.now()
    default_locale = Locale.get_default()
    locale = index.locale
    listed_under = index if index.locale_id == default_locale.pk else (index.get_translation_or_none(default_locale) or index)
    events = listed_for(request, EventPage.objects.live().child_of(listed_under))
    events = events.filter(end__lte=now).order_by("-start", "pk") if past else events.filter(end__gt=now).order_by("start", "pk")
    found = _apply_filters(events, filters, locale=locale).values_list("pk", flat=True)
    if filters.get("q"):
        # The full-text match is the costly part of a search: one query for every match, not a count and a page.
        found = list(found)
    page = Paginator(found, EVENTS_PER_PAGE).get_page(page_number)
    # Counting seats only for the dozen events shown keeps the aggregate off the whole table.
    shown = list(page.object_list)
    annotated = with_seats_left(EventPage.objects.filter(pk__in=shown).defer_streamfields()).select_related("location").in_bulk()
    page.object_list = [annotated[pk] for pk in shown]
    keys = [event.translation_key for event in page.object_list]
    translations = {} if locale.pk == default_locale.pk else translations_by_key(EventPage, locale=locale, keys=keys)
    page.object_list = [
        EventCard(event=event, page=translations.get(event.translation_key, event), seats_left=max(event.seats_left, 0),
                  waiting_count=event.waiting_count)
        for event in page.object_list
    ]
    return page


def titled_in_any_language(events: QuerySet[EventPage], query: str) -> QuerySet[EventPage]:
    """Narrow ``events`` to those whose title in any language contains ``query``: staff may remember the Ukrainian
    title of the event they ran. Plain containment, the same on SQLite and PostgreSQL, drafts included."""
    keys = EventPage.objects.filter(title__icontains=query).values("translation_key")
    return events.filter(translation_key__in=keys)


def waiting_position(registration: Registration) -> int | None:
    """1 for the next person to get a seat; None when not waiting."""
    if registration.state != Registration.State.WAITING:
        return None
    ahead = Registration.objects.filter(event_id=registration.event_id, state=Registration.State.WAITING).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def active_registration(*, event: EventPage, participant: User) -> Registration | None:
    if not participant.is_authenticated:
        return None
    return Registration.objects.filter(
        event=event.canonical, participant=participant, state__in=Registration.ACTIVE_STATES
    ).first()


_ONLY_FOR = {
    Audience.EMPLOYERS: "only_employers", Audience.EDUCATORS: "only_educators",
    Audience.FOREIGN_NATIONALS: "only_foreign_nationals", Audience.STAFF: "only_office_staff",
}


def _profile_of(user: User) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def is_confirmed_office_staff(user: User) -> bool:
    """The office vouches for its own staff: a member of the "Office staff" group, or a verified address in one of
    its e-mail domains (``LMS_STAFF_EMAIL_DOMAINS``). Choosing "staff" in one's own profile is not enough."""
    if user.groups.filter(name=OFFICE_STAFF_GROUP).exists():
        return True
    domain = user.email.rpartition("@")[2].lower()
    return domain in settings.LMS_STAFF_EMAIL_DOMAINS and EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True).exists()


def registration_refusal(*, event: EventPage, user: User) -> RegistrationError | None:
    """Why ``user`` may not register for ``event`` (in any language; the facts are the default-language page's),
    or None. The one place deciding who may register: the event page shows the reason instead of the form, the
    registration service and course enrolment refuse with it. When and how many are decided under the event's lock.

    A registration needs a complete profile (a certificate carries the name). The audience is a recommendation
    unless the editor restricted the event to it; an internal event for office staff takes confirmed staff only."""
    refusal = profile_refusal(user)
    facts = event.canonical
    if refusal is not None or not facts.restricted_to_audience or facts.audience == Audience.EVERYONE:
        return refusal
    if facts.audience == Audience.STAFF:
        allowed = is_confirmed_office_staff(user)
    else:
        allowed = user.profile.audience == facts.audience
    return None if allowed else RegistrationError(_ONLY_FOR[facts.audience])


def profile_refusal(user: User) -> RegistrationError | None:
    """Registering and enrolling need a complete profile: the name goes on the certificate, the audience decides
    restricted events. (The profile step holds back pages, not a form posted straight to an action.)"""
    profile = _profile_of(user)
    return None if profile is not None and profile.is_complete else RegistrationError("profile_incomplete")


def meant_for_others(*, audience: str, viewer: User) -> bool:
    """Whether an event or course for ``audience`` is meant for people other than the viewer, by their profile:
    the page says so, and registering stays open unless the event is restricted to its audience."""
    if not viewer.is_authenticated or audience == Audience.EVERYONE:
        return False
    profile = _profile_of(viewer)
    return profile is not None and profile.is_complete and profile.audience != audience


def event_detail_for(*, event: EventPage, viewer: User) -> dict:
    """Everything an event page shows that depends on the data or on who is looking."""
    canonical = with_seats_left(EventPage.objects.filter(pk=event.canonical.pk)).select_related("location").get()
    registration = active_registration(event=canonical, participant=viewer)
    location = canonical.location.localized if canonical.location else None
    now = timezone.now()
    return {
        **webinar_state_for(event=canonical, viewer=viewer, registration=registration, now=now),
        "schedule": canonical,
        "location": location,
        "seats_left": max(canonical.seats_left, 0),
        "waiting_count": canonical.waiting_count,
        "registration": registration,
        "attendance": Attendance.objects.filter(registration=registration).first() if registration else None,
        "waiting_position": waiting_position(registration) if registration else None,
        "registration_open": canonical.registration_is_open(now),
        "registration_not_yet_open": bool(canonical.registration_opens_at and now < canonical.registration_opens_at),
        "registration_refusal": registration_refusal(event=event, user=viewer) if viewer.is_authenticated else None,
        "meant_for_others": not canonical.restricted_to_audience and meant_for_others(
            audience=canonical.audience, viewer=viewer),
        "presenters": list(event.presenters.all()),
        "ticket": _ticket(registration, canonical),
        "event_messages": list(messages_for(participant=viewer, event=canonical)) if viewer.is_authenticated else [],
    }


def _ticket(registration: Registration | None, event: EventPage) -> dict | None:
    """What the event page shows of the viewer's ticket (until the event is over)."""
    from events.ticket_document import qr_alt, ticket_qr_data_url

    if registration is None or event.is_past:
        return None
    registration.event = event  # the page's own copy, loaded already
    if not has_ticket(registration):
        return None
    code = ticket_code(registration)
    return {"code": code, "qr": ticket_qr_data_url(registration), "qr_alt": qr_alt(code)}


def webinar_state_for(*, event: EventPage, viewer: User, registration: Registration | None, now: datetime) -> dict:
    """Whether the viewer may enter the webinar room now and, if not, why; what happened to the room (ended early,
    reopened, recording being processed) and its recordings for those registered; staff's end and reopen actions."""
    from events.services.meetings import (
        JoinRefused, can_moderate, can_reopen, check_can_join, live_room, recording_pending,
    )

    if event.format != EventPage.Format.ONLINE:
        return {"webinar": False}
    meeting = Meeting.objects.filter(event=event).first()
    state = {"webinar": True, "can_join": False, "join_refusal": "", "can_end": False, "can_reopen": False,
             "recordings": [], "meeting": None, "recording_pending": False}
    if not viewer.is_authenticated:
        return state
    try:
        check_can_join(event=event, user=viewer, now=now)
        state["can_join"] = True
    except JoinRefused as refusal:
        state["join_refusal"] = refusal.message
    moderator = can_moderate(event=event, user=viewer)
    staff = moderator and viewer.has_perm("events.change_registration")
    if staff and meeting is not None and meeting.state != Meeting.State.ENDED:
        try:  # offered only while BBB says people are in the room
            state["can_end"] = live_room(event=event) is not None
        except bbb.BBBError:
            state["can_end"] = False
    state["can_reopen"] = staff and can_reopen(meeting=meeting, event=event, now=now)
    if meeting and (moderator or (registration and registration.state == Registration.State.CONFIRMED)):
        state["meeting"] = meeting
        state["ended_early"] = (meeting.state == Meeting.State.ENDED and meeting.ended_at is not None
                                and meeting.ended_at < event.end)
        state["recordings"] = meeting.recordings
        state["recording_pending"] = recording_pending(meeting=meeting, now=now)
    return state


def registrations_for(*, participant: User) -> list[Registration]:
    """The person's registrations, latest event first, one per event: the newest (a registration they cancelled
    and then made again is history, not a second entry)."""
    newest: dict[int, Registration] = {}
    for registration in (Registration.objects.filter(participant=participant).select_related("event")
                         .order_by("-event__start", "-created_at", "-pk")):
        newest.setdefault(registration.event_id, registration)
    return list(newest.values())


@dataclass
class RegistrationsOverview:
    """A person's registrations as their own pages show them: upcoming ones soonest first, each with its waiting
    position, whether the webinar room is open and its ticket code; past ones latest first, with attended minutes."""

    upcoming: list[Registration]
    past: list[Registration]


def registrations_overview(*, participant: User, now: datetime | None = None) -> RegistrationsOverview:
    from events import tickets
    from events.services.meetings import join_window

    now = now or timezone.now()
    registrations = registrations_for(participant=participant)
    attended = dict(Attendance.objects.filter(registration__in=registrations)
                    .values_list("registration_id", "minutes_present"))
    for registration in registrations:
        registration.position = waiting_position(registration)
        opens, closes = join_window(registration.event)
        registration.join_open = (registration.state == Registration.State.CONFIRMED
                                  and registration.event.format == EventPage.Format.ONLINE and opens <= now < closes)
        # The QR code is on the event page; here the code, for those who type it at the door.
        registration.ticket = (tickets.ticket_code(registration)
                               if tickets.has_ticket(registration) and not registration.event.is_past else "")
        registration.attended_minutes = attended.get(registration.pk)
    upcoming = [registration for registration in registrations if not registration.event.is_past]
    return RegistrationsOverview(upcoming=upcoming[::-1],
                                 past=[registration for registration in registrations if registration.event.is_past])


@dataclass
class StaffWeek:
    """What the staff dashboard shows of the events: today's and the rest of this week's (in the office's time
    zone) with their counts, and the webinars whose rooms are open now."""

    today: list[EventPage]
    later_this_week: list[EventPage]
    running_webinars: list[Meeting]
    week_ends: datetime


def staff_week(*, now: datetime | None = None) -> StaffWeek:
    """Events happening today or starting later this week (Monday to Sunday), each annotated with
    ``confirmed_count``, ``waiting_count``, ``seats_left`` and ``checked_in_count``, and the running webinar rooms
    with the people counted in them by the last presence poll. Three queries, however many events there are."""
    now = timezone.localtime(now or timezone.now())
    today_starts = now.replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow_starts = timezone.make_aware(datetime.combine(today_starts.date() + timedelta(days=1), time()))
    week_ends = timezone.make_aware(datetime.combine(today_starts.date() + timedelta(days=7 - now.weekday()), time()))
    events = with_seats_left(
        EventPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE,
                                        start__lt=week_ends, end__gt=today_starts)
    ).annotate(
        checked_in_count=Count("registrations", filter=Q(registrations__attendance__source=Attendance.Source.CHECKIN)),
    ).select_related("location", "meeting").defer_streamfields().order_by("start", "pk")
    events = list(events)
    running = list(
        Meeting.objects.filter(state=Meeting.State.RUNNING).annotate(confirmed_count=Count(
            "event__registrations", filter=Q(event__registrations__state=Registration.State.CONFIRMED)))
        .select_related("event").order_by("event__start", "pk")
    )
    return StaffWeek(
        today=[event for event in events if event.start < tomorrow_starts],
        later_this_week=[event for event in events if event.start >= tomorrow_starts],
        running_webinars=running, week_ends=week_ends,
    )


def messages_for(*, participant: User, event: EventPage | None = None) -> QuerySet[EventMessage]:
    """The messages staff sent to ``participant`` (about one event, if given), newest first."""
    messages = EventMessage.objects.filter(recipients=participant).select_related("event")
    return messages.filter(event=event.canonical) if event is not None else messages
