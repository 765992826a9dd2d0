import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from certificates.models import Certificate
from certificates.services import preview_pdf
from lms.forms import ReasonForm
from lms.translations import SyncedFieldsFormMixin
from lms.validators import validate_personal_name


_NUMBER_SHAPE = re.compile(r"[^/\s:]+/\d{4}/\d+")


class VerificationLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"), max_length=200, strip=True,
        help_text=_("The code printed next to the QR code, or the whole verification address."),
    )

    def clean_code(self) -> str:
        value = self.cleaned_data["code"]
        # The number (I3/2026/000123) is what people see first on the certificate. It is not accepted: numbers are
        # consecutive, so looking them up would let anyone list every holder's name.
        if _NUMBER_SHAPE.fullmatch(value):
            raise forms.ValidationError(
                _("This is the certificate's number. Enter its verification code instead: the last part of the "
                  "verification address printed on the certificate, or scan its QR code."), code="number")
        # People paste the whole address; keep its last path segment.
        value = value.split("?", 1)[0].rstrip("/")
        return value.rsplit("/", 1)[-1]


class RevocationForm(ReasonForm):
    category = forms.ChoiceField(
        label=_("Public category"), choices=Certificate.RevocationCategory.choices, widget=forms.RadioSelect,
        help_text=_("Published on the verification page and told to the holder by e-mail."),
    )
    field_order = ["category", "reason"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("Kept in the audit log and shown to staff only: it is not published on "
                                            "the verification page, and the holder is not told it.")


class CorrectionForm(ReasonForm):
    holder_name = forms.CharField(label=_("Name on the certificate"), max_length=300, validators=[validate_personal_name])


class CertificateTemplateForm(SyncedFieldsFormMixin, WagtailAdminModelForm):
    """The snippet's form (add, edit, preview). Once the fields, logos and signatures pass their own checks,
    the sample certificate is rendered from them, so a layout that cannot be rendered, or whose styles hide
    the participant's name, is refused here rather than failing every issuing run that uses it."""

    def is_valid(self) -> bool:
        if not super().is_valid():
            return False
        if not hasattr(self, "_sample_checked"):
            self._sample_checked = True
            try:
                # Unsaved, with its logos and signatures in memory, as Wagtail's preview renders it.
                preview_pdf(template=self.save(commit=False))
            except ValidationError as error:
                self.add_error("layout", error)
        return not self.errors
