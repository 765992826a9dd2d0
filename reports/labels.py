"""The words for the report's codes (audiences, languages, kinds, formats, organisations) in the reader's language: the page, the
charts and the exports name things alike."""

from django.conf import settings
from django.utils.translation import gettext as _

from events.models import EventPage
from lms.models import Profile
from organisations.models import Organisation
from reports.selectors import NOT_STATED, ReportFilters


def audience_label(code: str) -> str:
    return str(dict(Profile.Audience.choices).get(code, _("Not stated") if code == NOT_STATED else code))


def language_label(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, _("Not stated") if code == NOT_STATED else code))


def kind_label(code: str) -> str:
    return str(dict(EventPage.Kind.choices).get(code, code))


def format_label(code: str) -> str:
    return str(dict(EventPage.Format.choices).get(code, code))


def organisation_kind_label(code: str) -> str:
    return str(dict(Organisation.Kind.choices).get(code, code))


def organisation_label(organisation_id: int) -> str:
    return Organisation.objects.filter(pk=organisation_id).values_list("name", flat=True).first() or str(organisation_id)


def filter_lines(filters: ReportFilters) -> list[tuple[str, str]]:
    """The period and every filter as (label, value), "any" for those not set: what the export's first sheet says."""
    any_value = _("Any")
    return [
        (_("From"), filters.start.isoformat()),
        (_("To"), filters.end.isoformat()),
        (_("Event kind"), kind_label(filters.kind) if filters.kind else any_value),
        (_("Format"), format_label(filters.format) if filters.format else any_value),
        (_("Language of the event"), language_label(filters.language) if filters.language else any_value),
        (_("Participants' audience"), audience_label(filters.audience) if filters.audience else any_value),
        (_("Registered by the organisation"),
         organisation_label(filters.organisation) if filters.organisation else any_value),
    ]
