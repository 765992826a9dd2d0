"""Consultations at an Open Day: advisors, their slots and the visitors' bookings.

Invariants, kept by ``consultations.services`` under row locks and backed by constraints: at most one booking per
slot, and at most one booking per visitor per Open Day."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The languages advisors speak: the site's own.
LANGUAGES = [("pl", "polski"), ("en", "English"), ("uk", "українська"), ("ru", "русский")]


class Topic(models.TextChoices):
    WORK_PERMITS = "work_permits", _("Work permits")
    RESIDENCE = "residence", _("Residence")
    SCHOOL_ENROLMENT = "school_enrolment", _("School enrolment")
    OTHER = "other", _("Other matters")


class Advisor(models.Model):
    """A staff account advising at one Open Day, on some topics, in some languages."""

    wagtail_reference_index_ignore = True

    event = models.ForeignKey("events.EventPage", verbose_name=_("Open Day"), on_delete=models.CASCADE,
                              related_name="advisors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("advisor"), on_delete=models.PROTECT,
                             related_name="advising")
    topics = models.JSONField(_("topics"), default=list)
    languages = models.JSONField(_("languages"), default=list)

    class Meta:
        verbose_name = _("advisor")
        verbose_name_plural = _("advisors")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_advisor_row_per_open_day")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.email

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(code, code)) for code in self.topics]

    def language_labels(self) -> list[str]:
        labels = dict(LANGUAGES)
        return [labels.get(code, code) for code in self.languages]


class ConsultationSlot(models.Model):
    """One advisor's time for one visitor. Blocked slots cannot be booked."""

    wagtail_reference_index_ignore = True

    advisor = models.ForeignKey(Advisor, verbose_name=_("advisor"), on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))
    blocked = models.BooleanField(_("blocked"), default=False)

    class Meta:
        verbose_name = _("consultation slot")
        verbose_name_plural = _("consultation slots")
        ordering = ["start", "pk"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="slot_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.advisor} {self.start:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class Booking(models.Model):
    """A visitor's consultation: booked or cancelled; once it took place, the advisor notes it as held or missed."""

    wagtail_reference_index_ignore = True

    class State(models.TextChoices):
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")

    class Outcome(models.TextChoices):
        HELD = "held", _("held")
        MISSED = "missed", _("missed")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slot = models.ForeignKey(ConsultationSlot, verbose_name=_("consultation slot"), on_delete=models.RESTRICT,
                             related_name="bookings")
    # The Open Day again, so that "one slot per visitor per Open Day" is a constraint the database can hold.
    event = models.ForeignKey("events.EventPage", verbose_name=_("Open Day"), on_delete=models.CASCADE,
                              related_name="consultation_bookings")
    registration = models.ForeignKey("events.Registration", verbose_name=_("registration"), on_delete=models.CASCADE,
                                     related_name="consultation_bookings")
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("visitor"), on_delete=models.CASCADE,
                                related_name="consultation_bookings")
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.BOOKED)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    # Raised on every change the visitor's calendar must pick up (iCalendar SEQUENCE).
    ics_sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["slot__start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=Q(state="booked"), name="one_booking_per_slot"),
            models.UniqueConstraint(fields=["event", "visitor"], condition=Q(state="booked"),
                                    name="one_consultation_per_visitor_per_open_day"),
        ]

    def __str__(self) -> str:
        return f"{self.visitor} – {self.slot}"
