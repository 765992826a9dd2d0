from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from lms.models import Profile
from organisations.models import Organisation
from reports.selectors import ReportFilters

ANY = [("", _("Any"))]


def _date_field(label: str) -> forms.DateField:
    # The browser's own date picker: typed or picked, always sent as YYYY-MM-DD.
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ReportFilterForm(forms.Form):
    """The period (required, first day not after the last) and the optional narrowing. A value that is not a choice
    is a field error, as a hand-edited address may send anything."""

    start = _date_field(_("From"))
    end = _date_field(_("To"))
    kind = forms.ChoiceField(label=_("Event kind"), choices=ANY + EventPage.Kind.choices, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=ANY + EventPage.Format.choices, required=False)
    language = forms.ChoiceField(label=_("Language of the event"), choices=ANY + list(settings.LANGUAGES),
                                 required=False)
    audience = forms.ChoiceField(label=_("Participants' audience"), choices=ANY + Profile.Audience.choices,
                                 required=False)
    organisation = forms.ModelChoiceField(
        label=_("Registered by the organisation"), required=False, empty_label=_("Any"),
        queryset=Organisation.objects.filter(state=Organisation.State.APPROVED))

    @classmethod
    def this_year(cls, today: date) -> dict[str, str]:
        """What the report opens with: from the first of January to today."""
        return {"start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()}

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The last day cannot be before the first day."))
        return cleaned

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(start=data["start"], end=data["end"], kind=data["kind"], format=data["format"],
                             language=data["language"], audience=data["audience"],
                             organisation=data["organisation"].pk if data["organisation"] else None)
