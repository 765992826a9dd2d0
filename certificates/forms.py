from django import forms
from django.utils.translation import gettext_lazy as _

from lms.forms import ReasonForm


class VerificationLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"), max_length=200, strip=True,
        help_text=_("The code printed next to the QR code, or the whole verification address."),
    )

    def clean_code(self) -> str:
        # People paste the whole address; keep its last path segment.
        value = self.cleaned_data["code"].split("?", 1)[0].rstrip("/")
        return value.rsplit("/", 1)[-1]


class CorrectionForm(ReasonForm):
    holder_name = forms.CharField(label=_("Name on the certificate"), max_length=300)
