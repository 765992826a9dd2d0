from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from lms.columns import column


class Attendance(models.Model):
    """How long a registered participant was present, from BBB data (analytics callback or polling), a
    check-in, or a staff correction. Intervals are kept so minutes can always be recomputed."""

    wagtail_reference_index_ignore = True

    class Source(models.TextChoices):
        ANALYTICS = "analytics", _("BBB analytics")
        POLLING = "polling", _("BBB polling")
        CHECKIN = "checkin", _("check-in")
        MANUAL = "manual", _("staff correction")

    registration = models.OneToOneField(
        "events.Registration", verbose_name=_("registration"), on_delete=models.CASCADE, related_name="attendance"
    )
    # [[start ISO, end ISO], ...], merged and clipped to the meeting.
    intervals = models.JSONField(_("intervals present"), default=list, blank=True)
    minutes_present = models.PositiveIntegerField(_("minutes present"), default=0)
    percent_present = models.PositiveSmallIntegerField(_("percent of the scheduled length"), default=0)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the person came through the door (check-in only): the earliest time any phone reported, which a
    # later correction or sync does not move forward.
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")

    def __str__(self) -> str:
        return f"{self.registration} – {self.minutes_present} min"

    def get_intervals_display(self) -> SafeString:
        """One line per stretch of presence in the office's time, e.g. "10:02–10:45" (the inspect view shows it)."""
        def local(value: str) -> str:
            return f"{timezone.localtime(datetime.fromisoformat(value)):%H:%M}"

        return format_html_join("", "<div>{}–{}</div>", ((local(start), local(end)) for start, end in self.intervals))

    # Single-row values for the staff list and its export.
    @column(_("Participant"))
    def participant_name(self) -> str:
        return self.registration.participant.get_full_name() or self.registration.participant.email

    @column(_("Event"))
    def event_title(self) -> str:
        return self.registration.event.title


class AnalyticsReport(models.Model):
    """One analytics callback as received, kept once per BBB session: a replay finds it and changes nothing."""

    wagtail_reference_index_ignore = True

    internal_meeting_id = models.CharField(max_length=100, unique=True)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="analytics_reports")
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField()

    class Meta:
        verbose_name = _("BBB analytics report")
        verbose_name_plural = _("BBB analytics reports")
