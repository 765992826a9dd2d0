from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage
from events.models import EventPage

from lms.validators import normalise_nip, validate_nip, validate_personal_name
from organisations.models import Membership, Organisation, Role
from organisations.selectors import upcoming_events


class OrganisationApplicationForm(forms.ModelForm):
    # People type a NIP with dashes and spaces; it is stored as ten digits.
    nip = forms.CharField(label=_("NIP"), required=False, max_length=20, validators=[validate_nip],
                          help_text=Organisation._meta.get_field("nip").help_text)

    class Meta:
        model = Organisation
        fields = ["kind", "name", "nip", "rspo", "town"]

    def clean_nip(self) -> str:
        return normalise_nip(self.cleaned_data["nip"])


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("Name and surname"), max_length=200, validators=[validate_personal_name])
    email = forms.EmailField(label=_("E-mail address"))
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RosterFileForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "Columns: name, e-mail, language (pl, en, uk or ru) and, optionally, role (member or coordinator); "
        "the first row names them. UTF-8 encoding, comma or semicolon between columns."))


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, event) -> str:
        return f"{event.title} — {formats.date_format(timezone.localtime(event.start), 'DATETIME_FORMAT')}"


class MemberRegistrationForm(forms.Form):
    """An event, or a course (enrolling registers for each of its sessions), and the members to place."""

    event = EventChoiceField(label=_("Event"), queryset=EventPage.objects.none(), required=False)
    course = forms.ModelChoiceField(label=_("or a course"), queryset=CoursePage.objects.none(), required=False)
    memberships = forms.ModelMultipleChoiceField(label=_("People to register"), queryset=Membership.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = upcoming_events()
        self.fields["course"].queryset = CoursePage.objects.live().filter(
            locale__language_code=settings.LANGUAGE_CODE).order_by("title")
        self.fields["memberships"].queryset = (organisation.memberships.select_related("user")
                                               .order_by("user__last_name", "user__first_name", "pk"))
        self.fields["memberships"].label_from_instance = (
            lambda membership: membership.user.get_full_name() or membership.user.email)

    def clean(self) -> dict:
        cleaned = super().clean()
        if bool(cleaned.get("event")) == bool(cleaned.get("course")):
            self.add_error("event", _("Choose either an event or a course."))
        return cleaned


class SeatQuotaForm(forms.Form):
    event = EventChoiceField(label=_("Event"), queryset=EventPage.objects.none())
    seats = forms.IntegerField(label=_("Seats for this organisation"), min_value=0, max_value=10000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = upcoming_events()
