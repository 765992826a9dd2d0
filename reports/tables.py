"""The report as tables: the page, the XLSX workbook and the CSV file show the same sections with the same
headings, built here once from the selector's figures."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from reports.labels import audience_label, kind_label, language_label, organisation_kind_label
from reports.selectors import ProgrammeFigures

Cell = str | int | float | None


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    sheet: str  # a spreadsheet's tab holds at most 31 characters
    columns: list[str]
    rows: list[list[Cell]]


def month_label(month) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def report_sections(figures: ProgrammeFigures) -> list[Section]:
    summary = [
        [_("People reached (each counted once)"), figures.people],
        [_("Participations (attendances)"), figures.participations],
        [_("Events held (with at least one attendee)"), figures.events_held],
        [_("Training hours (scheduled hours of events held)"), figures.training_hours],
        [_("Person-hours (attended minutes summed)"), figures.person_hours],
        [_("Registrations"), figures.registrations],
        [_("Attendance rate (%), confirmed places at events that have ended"), figures.attendance_rate],
        [_("No-shows (confirmed but absent)"), figures.no_shows],
        [_("Waiting-list demand (registrations that never got a seat)"), figures.waiting_list_demand],
        [_("Cancellations"), figures.cancellations],
        [_("Certificates issued"), figures.certificates_issued],
        [_("Certificates revoked"), figures.certificates_revoked],
        [_("Consultations held (Open Days)"), figures.consultations_held],
    ]
    people, participations = _("People"), _("Participations")
    return [
        Section("summary", _("Summary"), _("Summary"), [_("Figure"), _("Value")], summary),
        Section("months", _("Registrations and attendance by month"), _("By month"),
                [_("Month (of the event's start)"), _("Registrations"), _("Attendances")],
                [[month_label(row.month), row.registrations, row.participations] for row in figures.by_month]),
        Section("audience", _("People by audience"), _("Audiences"), [_("Audience"), people, participations],
                [[audience_label(row.key), row.people, row.participations] for row in figures.by_audience]),
        Section("language", _("People by language"), _("Languages"),
                [_("Participant's language"), people, participations],
                [[language_label(row.key), row.people, row.participations] for row in figures.by_language]),
        Section("kind", _("By event kind"), _("Event kinds"),
                [_("Event kind"), _("Events held"), _("Training hours"), people, participations],
                [[kind_label(row.key), row.events_held, row.training_hours, row.people, row.participations]
                 for row in figures.by_kind]),
        Section("employers", _("Employers that sent people"), _("Employers"),
                [_("NIP"), _("Employer"), people, participations],
                [[row.identifier, row.name, row.people, row.participations] for row in figures.employers]),
        Section("schools", _("Schools that sent people"), _("Schools"),
                [_("School"), _("Town"), people, participations],
                [[row.name, row.identifier, row.people, row.participations] for row in figures.schools]),
        Section("organisations", _("Registrations made by organisations' coordinators"), _("Organisations"),
                [_("Organisation"), _("Kind"), _("NIP or RSPO number"), _("Registrations"), people, participations],
                [[row.name, organisation_kind_label(row.kind), row.identifier, row.registrations, row.people,
                  row.participations] for row in figures.by_organisation]),
    ]
