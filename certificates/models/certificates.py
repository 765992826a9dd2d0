from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.codes import random_code
from lms.columns import column


def certificate_storage():
    """PDFs are personal data: kept outside the public media folder, served only through an access check."""
    return storages["certificates"]


# 100 random bits in Crockford's base32, grouped (K3MQ-8ZDW-1TR5-0H9X-2AB7): printed without a line break and
# retyped from paper without ambiguity. Certificates issued before keep their URL-safe base64 codes.
VERIFICATION_CODE_LENGTH = 20


def new_verification_code() -> str:
    return random_code(VERIFICATION_CODE_LENGTH)


class CertificateSequence(models.Model):
    """The last number given out in a year; numbers are taken under a row lock so none repeats."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)


STATUS_LABELS = {"valid": _("valid"), "revoked": _("revoked"), "superseded": _("superseded")}


class Certificate(models.Model):
    """A sealed certificate for one participant and one event or course: rendered once, the PDF and its
    SHA-256 kept. A correction issues a new certificate that supersedes this one; revocation keeps the record."""

    wagtail_reference_index_ignore = True

    class State(models.TextChoices):
        VALID = "valid", _("valid")
        REVOKED = "revoked", _("revoked")

    class RevocationCategory(models.TextChoices):
        """Why a certificate was revoked, as the public and its holder are told; the reason in words is for staff."""

        ISSUED_IN_ERROR = "issued_in_error", _("issued in error")
        REPLACED = "replaced", _("replaced by another certificate")
        HOLDER_REQUEST = "holder_request", _("withdrawn at the holder's request")
        OTHER = "other", _("other reason")

    number = models.CharField(_("number"), max_length=40, unique=True)
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_verification_code,
                            editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), null=True, on_delete=models.SET_NULL,
        related_name="certificates",
    )
    holder_name = models.CharField(_("name on the certificate"), max_length=300)
    event = models.ForeignKey(
        "events.EventPage", verbose_name=_("event"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="certificates",
    )
    title = models.CharField(_("title"), max_length=300)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    template = models.ForeignKey(
        "certificates.CertificateTemplate", verbose_name=_("template"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Empty until rendered; then never written again.
    pdf = models.FileField(_("PDF"), storage=certificate_storage, upload_to="%Y/%m/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    # Set when the PDF is left to a chunk task (a large run); the periodic job leaves it to that task for a while.
    sealing_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    payload = models.TextField(_("signed payload"), editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.VALID, db_index=True)
    # The issuing run's time, not the moment of saving: the signed payload carries its day.
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Empty when issued automatically."),
    )
    superseded_by = models.OneToOneField(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_category = models.CharField(
        _("revocation category"), max_length=20, choices=RevocationCategory.choices, blank=True,
        help_text=_("Published on the verification page and told to the holder."),
    )
    revocation_reason = models.CharField(
        _("reason for revocation"), max_length=500, blank=True,
        help_text=_("For staff and the audit log only; never published or shown to the holder."),
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "event"], name="one_current_certificate_per_event",
                condition=Q(state="valid", superseded_by__isnull=True, event__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["holder", "course"], name="one_current_certificate_per_course",
                condition=Q(state="valid", superseded_by__isnull=True, course__isnull=False),
            ),
            models.CheckConstraint(
                condition=~Q(state="revoked") | ~Q(revocation_category=""), name="revoked_certificate_has_a_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.holder_name}"

    @property
    def status(self) -> str:
        """What the verification page says: revoked wins over superseded."""
        if self.state == self.State.REVOKED:
            return "revoked"
        if self.superseded_by_id:
            return "superseded"
        return "valid"

    @column(_("status"))
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_current(self) -> bool:
        return self.status == "valid"

    @property
    def is_sealed(self) -> bool:
        return bool(self.pdf)

    @property
    def download_filename(self) -> str:
        return "certificate-" + self.number.replace("/", "-") + ".pdf"


class CertificateDecision(models.Model):
    """Staff overrule the completion rule for one person: grant or refuse, always with a reason."""

    wagtail_reference_index_ignore = True

    class Decision(models.TextChoices):
        GRANT = "grant", _("grant")
        REFUSE = "refuse", _("refuse")

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey("events.EventPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate decision")
        verbose_name_plural = _("certificate decisions")
        constraints = [
            models.UniqueConstraint(fields=["participant", "event"], name="one_decision_per_event",
                                    condition=Q(event__isnull=False)),
            models.UniqueConstraint(fields=["participant", "course"], name="one_decision_per_course",
                                    condition=Q(course__isnull=False)),
            models.CheckConstraint(
                condition=Q(event__isnull=False, course__isnull=True) | Q(event__isnull=True, course__isnull=False),
                name="decision_for_event_or_course",
            ),
        ]
