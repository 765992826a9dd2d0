from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A participant taking a whole course; it creates their registrations for the course's sessions."""

    wagtail_reference_index_ignore = True

    class State(models.TextChoices):
        ACTIVE = "active", _("enrolled")
        CANCELLED = "cancelled", _("withdrawn")

    course = models.ForeignKey("courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="enrolments"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "participant"], condition=Q(state="active"), name="one_active_enrolment_per_course"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.course.title}"
