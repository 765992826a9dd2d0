from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.validators import validate_nip


class User(AbstractUser):
    """A person with an account; they sign in with their e-mail address (allauth)."""

    email = models.EmailField(_("e-mail address"), unique=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Profile(models.Model):
    """Who the participant is for the service: their audience, language and the audience's details."""

    class Audience(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        EDUCATOR = "educator", _("Educator")
        STAFF = "staff", _("Public-office staff")
        FOREIGN_NATIONAL = "foreign_national", _("Foreign national")
        OTHER = "other", _("Other")

    # Which profile fields each audience must fill in; the others are cleared when the audience changes.
    AUDIENCE_FIELDS: dict[str, tuple[str, ...]] = {
        Audience.EMPLOYER: ("company_name", "nip"),
        Audience.EDUCATOR: ("school", "town"),
        Audience.STAFF: ("department",),
        Audience.FOREIGN_NATIONAL: (),
        Audience.OTHER: (),
    }
    ALL_AUDIENCE_FIELDS = ("company_name", "nip", "school", "town", "department")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    audience = models.CharField(_("I am"), max_length=20, choices=Audience.choices, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    nip = models.CharField(
        _("NIP (tax identification number)"), max_length=10, blank=True, validators=[validate_nip]
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("profile completed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_audience_display() or '-'})"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    def clean(self) -> None:
        if not self.audience:
            raise ValidationError({"audience": _("Please tell us who you are.")}, code="required")
        missing = {
            field: ValidationError(_("This field is required for the audience you chose."), code="required")
            for field in self.AUDIENCE_FIELDS.get(self.audience, ())
            if not getattr(self, field)
        }
        if missing:
            raise ValidationError(missing)
