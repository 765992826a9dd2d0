from django import forms
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from events.models import EventPage, Registration
from events.models.pages import Audience


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    audience = forms.ChoiceField(label=_("For"), required=False, choices=[("", _("Anyone")), *Audience.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *EventPage.Kind.choices])
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Online or in person")), *EventPage.Format.choices]
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned


class AccessNeedsMixin(forms.Form):
    access_needs = forms.MultipleChoiceField(
        label=_("Do you need any of these to take part?"), required=False,
        choices=Registration.AccessNeed.choices, widget=forms.CheckboxSelectMultiple,
    )
    access_needs_details = forms.CharField(
        label=_("Anything else we should prepare for you?"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the language of materials you need, or assistance on site."),
    )


class AccessNeedsForm(AccessNeedsMixin):
    """What a registered person asks for to take part, changed after registering."""


class RegistrationForm(AccessNeedsMixin):
    """The event's own questions (set by editors) followed by the access-needs question every event asks."""

    def __init__(self, *args, event: EventPage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.question_fields: dict[str, str] = {}
        questions = {}
        for block in event.questions:
            name = f"question_{block.id}"
            value = block.value
            if block.block_type == "choice":
                field = forms.ChoiceField(
                    choices=[("", "—"), *[(choice, choice) for choice in value["choices"]]],
                )
            else:
                field = forms.CharField(max_length=500)
            field.label = value["label"]
            # Editors write hints as plain text; the shared field template trusts help texts as HTML (Django's own
            # contain markup), so an editor's is escaped here.
            field.help_text = escape(value.get("help_text") or "")
            field.required = bool(value.get("required"))
            questions[name] = field
            self.question_fields[name] = value["label"]
        self.fields = {**questions, **self.fields}

    def answers(self) -> dict:
        return {
            name.removeprefix("question_"): {"question": label, "answer": self.cleaned_data.get(name, "")}
            for name, label in self.question_fields.items()
        }
