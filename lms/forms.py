from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _
from django.utils.translation import get_language

from lms import services
from lms.models import Profile, User
from lms.validators import normalise_nip, validate_personal_name


class AccessibleFormRenderer(TemplatesSetting):
    """Every form shows an error summary, and ties labels, hints and errors to their inputs."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


class ReasonForm(forms.Form):
    """Why staff change someone's data; every such change is audited with it."""

    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log."),
    )


class SignupForm(forms.Form):
    """Extra sign-up fields for allauth (ACCOUNT_SIGNUP_FORM_CLASS)."""

    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is processed to run my account and registrations."),
        required=True,
        error_messages={"required": _("To create an account you need to accept the privacy notice.")},
    )

    def signup(self, request, user: User) -> None:
        services.profile_record_signup(
            user=user, language=get_language() or "", privacy_consent=self.cleaned_data["privacy_consent"]
        )


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150, validators=[validate_personal_name])
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, help_text=_("As it should appear on certificates."),
        validators=[validate_personal_name],
    )
    # Longer than the stored 10 digits because people type dashes and spaces.
    nip = forms.CharField(
        label=_("NIP (tax identification number)"), max_length=13, required=False,
        help_text=_("10 digits, e.g. 123-456-32-18."),
    )

    class Meta:
        model = Profile
        fields = ["audience", "language", "company_name", "nip", "school", "town", "department"]
        widgets = {"audience": forms.RadioSelect}
        help_texts = {
            "language": _("E-mails and the site will use this language."),
        }

    # Which audience each conditional field belongs to, for the template's fieldsets.
    AUDIENCE_FIELDSETS = [
        (Profile.Audience.EMPLOYER, _("Employer details"), ["company_name", "nip"]),
        (Profile.Audience.EDUCATOR, _("School details"), ["school", "town"]),
        (Profile.Audience.STAFF, _("Office details"), ["department"]),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = self.instance.user.first_name
        self.fields["last_name"].initial = self.instance.user.last_name
        self.fields["audience"].choices = Profile.Audience.choices
        self.fields["audience"].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["company_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["nip"].widget.attrs["inputmode"] = "numeric"

    def add_error(self, field, error) -> None:
        # The profile's own rules (e.g. "required for the audience you chose") run after the fields were cleaned,
        # on a profile without the fields that failed; they would contradict the field's own error.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            remaining = {name: errors for name, errors in error.error_dict.items() if name not in self._errors}
            if not remaining:
                return
            error = ValidationError(remaining)
        super().add_error(field, error)

    def clean_nip(self) -> str:
        return normalise_nip(self.cleaned_data.get("nip", ""))

    def personal_fields(self) -> list[forms.BoundField]:
        return [self["first_name"], self["last_name"], self["language"]]

    def audience_fieldsets(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [(value, legend, [self[name] for name in names]) for value, legend, names in self.AUDIENCE_FIELDSETS]
