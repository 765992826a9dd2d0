"""The programme report: what the office delivered over a period, for the funder.

Every figure is counted over the events in scope: the default-language event pages (translations share their
registrations) that start within the period in the office's time zone, narrowed by the filters. A *person* is counted
once however many events they attended; a *participation* once per attended event. Someone attended when their
attendance record holds a minute or more (BBB data, check-in or a staff correction), as for "those who attended" in
messages to participants. Audience, language, employer and school are read from the person's profile as it is now.

Consultations held are the Open Days' consultations their advisors marked as held (consultations app). The
organisation filter keeps the registrations an organisation's coordinators made (organisations app), with the
certificates and consultations that came of them; the per-organisation breakdown sums those registrations.

Eleven grouped queries, however many events and registrations there are (never one per event)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from certificates.models import Certificate
from consultations.models import Booking
from events.models import EventPage, Registration
from lms.models import Profile
from organisations.models import MemberRegistration

NOT_STATED = ""  # the key of people without an audience or a profile in the breakdowns


@dataclass(frozen=True)
class ReportFilters:
    """The period (both days included, office time) and the optional narrowing; empty strings mean "any"."""

    start: date
    end: date
    kind: str = ""
    format: str = ""
    language: str = ""  # the event's language
    audience: str = ""  # the participant's audience (profile)
    organisation: int | None = None  # registrations its coordinators made (organisations app)


@dataclass(frozen=True)
class Breakdown:
    """One row of a breakdown: people counted once within the row, and their participations."""

    key: str
    people: int
    participations: int


@dataclass(frozen=True)
class KindRow:
    key: str
    events_held: int
    training_hours: float
    people: int
    participations: int


@dataclass(frozen=True)
class MonthRow:
    month: date  # the first day of the month
    registrations: int
    participations: int


@dataclass(frozen=True)
class Organisation:
    """An employer (by NIP) or a school (by name and town) that sent people."""

    identifier: str  # NIP, or the town of a school
    name: str
    people: int
    participations: int


@dataclass(frozen=True)
class OrganisationRow:
    """An organisation whose coordinators registered people: what those registrations came to."""

    name: str
    kind: str
    identifier: str  # NIP or RSPO number; empty for an office
    registrations: int
    people: int
    participations: int


@dataclass(frozen=True)
class ProgrammeFigures:
    filters: ReportFilters
    people: int
    participations: int
    events_held: int
    training_hours: float
    person_hours: float
    registrations: int
    confirmed_at_ended_events: int
    no_shows: int
    waiting_list_demand: int
    cancellations: int
    certificates_issued: int
    certificates_revoked: int
    consultations_held: int = 0
    by_audience: list[Breakdown] = field(default_factory=list)
    by_language: list[Breakdown] = field(default_factory=list)
    by_kind: list[KindRow] = field(default_factory=list)
    by_month: list[MonthRow] = field(default_factory=list)
    employers: list[Organisation] = field(default_factory=list)
    schools: list[Organisation] = field(default_factory=list)
    by_organisation: list[OrganisationRow] = field(default_factory=list)

    @property
    def attendance_rate(self) -> float | None:
        """Share of confirmed places at events that have ended whose holder attended (percent, one decimal)."""
        if not self.confirmed_at_ended_events:
            return None
        attended = self.confirmed_at_ended_events - self.no_shows
        return round(100 * attended / self.confirmed_at_ended_events, 1)


def _office_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_bounds(filters: ReportFilters) -> tuple[datetime, datetime]:
    """From midnight of the first day to midnight after the last day, in office time."""
    zone = _office_zone()
    return (datetime.combine(filters.start, time(), tzinfo=zone),
            datetime.combine(filters.end + timedelta(days=1), time(), tzinfo=zone))


def events_in_scope(filters: ReportFilters, *, event: EventPage | None = None) -> QuerySet[EventPage]:
    """The default-language event pages the report counts: ``event`` alone, or those starting in the period."""
    if event is not None:
        return EventPage.objects.filter(pk=event.canonical.pk)
    starts, ends = period_bounds(filters)
    events = EventPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE, start__gte=starts, start__lt=ends)
    for name, value in (("kind", filters.kind), ("format", filters.format), ("event_language", filters.language)):
        if value:
            events = events.filter(**{name: value})
    return events


def _registrations(filters: ReportFilters, event: EventPage | None) -> QuerySet[Registration]:
    registrations = Registration.objects.filter(event__in=events_in_scope(filters, event=event).values("pk"))
    if filters.audience:
        registrations = registrations.filter(participant__profile__audience=filters.audience)
    if filters.organisation:
        registrations = registrations.filter(member_registration__organisation_id=filters.organisation)
    # Minutes present, 0 without an attendance record: one name for "attended" in every query below.
    return registrations.annotate(present=Coalesce(F("attendance__minutes_present"), Value(0)))


ATTENDED = Q(present__gt=0)


def _breakdown(attended: QuerySet[Registration], key: str) -> list[Breakdown]:
    rows = (attended.values(key).annotate(people=Count("participant", distinct=True), participations=Count("pk"))
            .order_by("-people", key))
    return [Breakdown(key=row[key] or NOT_STATED, people=row["people"], participations=row["participations"])
            for row in rows]


def _merged(rows: list[Breakdown]) -> list[Breakdown]:
    """People without a profile and with an empty audience are one "not stated" row (they are different people, so
    their counts add up)."""
    merged: dict[str, Breakdown] = {}
    for row in rows:
        before = merged.get(row.key)
        merged[row.key] = row if before is None else Breakdown(
            key=row.key, people=before.people + row.people, participations=before.participations + row.participations)
    return sorted(merged.values(), key=lambda row: (-row.people, row.key))


def _months(filters: ReportFilters, counts: dict[date, tuple[int, int]]) -> list[MonthRow]:
    """Every month of the period, those without events too, so the chart's time axis has no gaps."""
    months, month = [], filters.start.replace(day=1)
    while month <= filters.end:
        registrations, participations = counts.get(month, (0, 0))
        months.append(MonthRow(month=month, registrations=registrations, participations=participations))
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _hours(duration: timedelta | None) -> float:
    return round((duration or timedelta()).total_seconds() / 3600, 1)


def programme_report(*, filters: ReportFilters, event: EventPage | None = None, now: datetime | None = None
                     ) -> ProgrammeFigures:
    """The figures over the events in scope (see the module's docstring); ``event`` narrows them to one event, whose
    own dates then make the period."""
    now = now or timezone.now()
    registrations = _registrations(filters, event)
    attended = registrations.filter(ATTENDED)
    ended_confirmed = Q(state=Registration.State.CONFIRMED, event__end__lte=now)
    totals = registrations.aggregate(
        registrations=Count("pk"),
        people=Count("participant", distinct=True, filter=ATTENDED),
        participations=Count("pk", filter=ATTENDED),
        person_minutes=Coalesce(Sum("present"), 0),
        confirmed_at_ended_events=Count("pk", filter=ended_confirmed),
        no_shows=Count("pk", filter=ended_confirmed & Q(present=0)),
        # Never had a seat: still waiting, or left the waiting list (a place cancelled after it was confirmed has
        # its confirmation time).
        waiting_list_demand=Count("pk", filter=Q(confirmed_at__isnull=True) & ~Q(state=Registration.State.CONFIRMED)),
        cancellations=Count("pk", filter=Q(state=Registration.State.CANCELLED)),
    )
    # Per event, then summed here: months, events held and their hours come from at most one row per event (grouping
    # the registrations by a month computed in SQLite would call Python once per registration).
    per_event = {row["event_id"]: (row["registrations"], row["participations"]) for row in
                 registrations.values("event_id").annotate(registrations=Count("pk"),
                                                           participations=Count("pk", filter=ATTENDED)).order_by()}
    held_by_kind: dict[str, tuple[int, timedelta]] = {}
    month_counts: dict[date, tuple[int, int]] = {}
    for pk, kind, start, end in events_in_scope(filters, event=event).values_list("pk", "kind", "start", "end"):
        registered, participations = per_event.get(pk, (0, 0))
        month = timezone.localtime(start, _office_zone()).date().replace(day=1)
        before = month_counts.get(month, (0, 0))
        month_counts[month] = (before[0] + registered, before[1] + participations)
        if participations:
            held_events, duration = held_by_kind.get(kind, (0, timedelta()))
            held_by_kind[kind] = (held_events + 1, duration + (end - start))
    # A held event has an attendee, so the kinds with people are the kinds with held events.
    by_kind = [KindRow(key=row.key, events_held=held_by_kind[row.key][0],
                       training_hours=_hours(held_by_kind[row.key][1]), people=row.people,
                       participations=row.participations)
               for row in _breakdown(attended, "event__kind")]

    certificates = Certificate.objects.filter(
        event__in=events_in_scope(filters, event=event).values("pk"), superseded_by__isnull=True)
    if filters.audience:
        certificates = certificates.filter(holder__profile__audience=filters.audience)
    if filters.organisation:
        certificates = certificates.filter(Exists(MemberRegistration.objects.filter(
            organisation_id=filters.organisation, registration__event=OuterRef("event"),
            registration__participant=OuterRef("holder"))))
    certificate_totals = certificates.aggregate(
        issued=Count("pk"), revoked=Count("pk", filter=Q(state=Certificate.State.REVOKED)))

    consultations = Booking.objects.filter(event__in=events_in_scope(filters, event=event).values("pk"),
                                           state=Booking.State.BOOKED, outcome=Booking.Outcome.HELD)
    if filters.audience:
        consultations = consultations.filter(visitor__profile__audience=filters.audience)
    if filters.organisation:
        consultations = consultations.filter(registration__member_registration__organisation_id=filters.organisation)
    by_organisation = (registrations.filter(member_registration__isnull=False)
                       .values("member_registration__organisation_id")
                       .annotate(name=Max("member_registration__organisation__name"),
                                 kind=Max("member_registration__organisation__kind"),
                                 nip=Max("member_registration__organisation__nip"),
                                 rspo=Max("member_registration__organisation__rspo"),
                                 registrations=Count("pk"), people=Count("participant", distinct=True, filter=ATTENDED),
                                 participations=Count("pk", filter=ATTENDED))
                       .order_by("-registrations", "name"))

    employers = (attended.filter(participant__profile__audience=Profile.Audience.EMPLOYER)
                 .exclude(participant__profile__nip="").values("participant__profile__nip")
                 .annotate(name=Max("participant__profile__company_name"),
                           people=Count("participant", distinct=True), participations=Count("pk"))
                 .order_by("-people", "name"))
    schools = (attended.filter(participant__profile__audience=Profile.Audience.EDUCATOR)
               .exclude(participant__profile__school="")
               .values("participant__profile__school", "participant__profile__town")
               .annotate(people=Count("participant", distinct=True), participations=Count("pk"))
               .order_by("-people", "participant__profile__school"))
    return ProgrammeFigures(
        filters=filters,
        people=totals["people"], participations=totals["participations"],
        events_held=sum(events for events, _hours_held in held_by_kind.values()),
        training_hours=_hours(sum((duration for _events, duration in held_by_kind.values()), timedelta())),
        person_hours=round(totals["person_minutes"] / 60, 1),
        registrations=totals["registrations"], confirmed_at_ended_events=totals["confirmed_at_ended_events"],
        no_shows=totals["no_shows"], waiting_list_demand=totals["waiting_list_demand"],
        cancellations=totals["cancellations"],
        certificates_issued=certificate_totals["issued"], certificates_revoked=certificate_totals["revoked"],
        consultations_held=consultations.count(),
        by_audience=_merged(_breakdown(attended, "participant__profile__audience")),
        by_language=_merged(_breakdown(attended, "participant__profile__language")),
        by_kind=by_kind,
        by_month=_months(filters, month_counts),
        employers=[Organisation(identifier=row["participant__profile__nip"], name=row["name"], people=row["people"],
                                participations=row["participations"]) for row in employers],
        schools=[Organisation(identifier=row["participant__profile__town"], name=row["participant__profile__school"],
                              people=row["people"], participations=row["participations"]) for row in schools],
        by_organisation=[OrganisationRow(name=row["name"], kind=row["kind"], identifier=row["nip"] or row["rspo"],
                                         registrations=row["registrations"], people=row["people"],
                                         participations=row["participations"]) for row in by_organisation],
    )


def event_report_filters(event: EventPage) -> ReportFilters:
    """The period of one event's report: its own days in office time."""
    canonical = event.canonical
    return ReportFilters(start=timezone.localtime(canonical.start, _office_zone()).date(),
                         end=timezone.localtime(canonical.end, _office_zone()).date())
