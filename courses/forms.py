from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from events.forms import AccessNeedsMixin
from events.models.pages import Audience


class CourseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    audience = forms.ChoiceField(label=_("For"), required=False, choices=[("", _("Anyone")), *Audience.choices])
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES])


class EnrolmentForm(AccessNeedsMixin):
    """Access needs asked once for all the course's sessions."""
