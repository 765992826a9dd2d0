from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import LANGUAGES, Topic


class SlotFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("Any topic")), *Topic.choices])
    language = forms.ChoiceField(label=_("Language of the consultation"), required=False,
                                 choices=[("", _("Any language")), *LANGUAGES])


class BookingForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    topic = forms.ChoiceField(required=False, choices=[("", ""), *Topic.choices], widget=forms.HiddenInput)
