from django import forms
from django.utils.translation import gettext_lazy as _

from lms.models import User


class AccountErasureForm(forms.Form):
    """Deleting the account cannot be undone: the person proves it is them by typing their password again."""

    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password
