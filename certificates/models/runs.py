from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuingRun(models.Model):
    """One attempt at issuing an event's or course's certificates (staff's button, the attendance that arrived, the
    periodic safety net). Kept so that a failure (a full or read-only disk, a layout that no longer renders) is
    shown to staff on the certificates page with its cause, instead of certificates "being rendered" for ever."""

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    class Cause(models.TextChoices):
        """Why a run failed, in words staff can act on; the technical error is kept next to it."""

        NONE = "", "—"
        DISK_FULL = "disk_full", _("the disk for certificates is full")
        READ_ONLY = "read_only", _("the disk for certificates is read-only")
        NO_PERMISSION = "no_permission", _("the platform may not write to the disk for certificates")
        OTHER = "other", _("an unexpected error (the technical details are below)")

    event = models.ForeignKey("events.EventPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RUNNING)
    created = models.PositiveIntegerField(_("certificates created"), default=0)
    sealed = models.PositiveIntegerField(_("PDFs stored"), default=0)
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("certificate issuing run")
        verbose_name_plural = _("certificate issuing runs")
        indexes = [models.Index(fields=["event", "-started_at"]), models.Index(fields=["course", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.event or self.course}: {self.state} ({self.started_at:%Y-%m-%d %H:%M})"
