import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.columns import column


class Registration(models.Model):
    """A participant's place at an event: confirmed, on the waiting list, or cancelled.

    Invariant: at most ``event.capacity`` confirmed registrations per event, kept by
    ``events.services.registration`` under a lock on the event row."""

    # Records about people, not content: kept out of Wagtail's reference index (and its task on every save).
    wagtail_reference_index_ignore = True

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("waiting list")
        CANCELLED = "cancelled", _("cancelled")

    class AccessNeed(models.TextChoices):
        SIGN_LANGUAGE = "sign_language", _("Polish Sign Language (PJM) interpreter")
        STEP_FREE = "step_free", _("Step-free access")
        INDUCTION_LOOP = "induction_loop", _("Induction loop")
        OTHER_LANGUAGE = "other_language", _("Materials in another language")
        LARGE_PRINT = "large_print", _("Large print or accessible electronic materials")

    ACTIVE_STATES = (State.CONFIRMED, State.WAITING)

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey("events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="registrations"
    )
    enrolment = models.ForeignKey(
        "courses.Enrolment", verbose_name=_("course enrolment"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="registrations",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, db_index=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    access_needs = models.JSONField(_("access needs"), default=list, blank=True)
    access_needs_details = models.TextField(_("access needs, details"), blank=True)
    # Raised on every change the participant's calendar must pick up (iCalendar SEQUENCE).
    ics_sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_24h_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_1h_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"], condition=Q(state__in=["confirmed", "waiting"]),
                name="one_active_registration_per_event",
            ),
        ]
        indexes = [models.Index(fields=["event", "state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.participant} – {self.event.title} ({self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    def access_need_labels(self) -> list[str]:
        labels = dict(self.AccessNeed.choices)
        return [str(labels.get(code, code)) for code in self.access_needs]

    def access_needs_summary(self) -> str:
        """What the person asked for, in the active language, as they are shown it back."""
        return "; ".join([*self.access_need_labels(), *([self.access_needs_details] if self.access_needs_details else [])])

    # Single-row values for the staff list and its CSV/XLSX export.
    @column(_("Participant"))
    def participant_name(self) -> str:
        return self.participant.get_full_name()

    @column(_("E-mail"))
    def participant_email(self) -> str:
        return self.participant.email

    @column(_("Event"))
    def event_title(self) -> str:
        return self.event.title

    @column(_("Start"))
    def event_start(self):
        return self.event.start

    @column(_("Ticket code"))
    def ticket_code(self) -> str:
        """Computed from the id and the site's key (events.tickets); whether it admits anyone is ``has_ticket``."""
        from events.tickets import ticket_code

        return ticket_code(self)

    @column(_("Access needs"))
    def access_needs_text(self) -> str:
        return "; ".join(self.access_need_labels())

    @column(_("Answers"))
    def answers_text(self) -> str:
        return "; ".join(f"{item['question']}: {item['answer']}" for item in self.answers.values() if item.get("answer"))


class EventScheduleSnapshot(models.Model):
    """What participants were last told about when and where an event happens, to notice changes on publish.

    Kept outside the page because publishing a page revision rewrites every page field."""

    wagtail_reference_index_ignore = True

    event = models.OneToOneField("events.EventPage", on_delete=models.CASCADE, related_name="schedule_snapshot")
    start = models.DateTimeField()
    end = models.DateTimeField()
    format = models.CharField(max_length=20)
    location_id = models.BigIntegerField(null=True)

    def matches(self, event) -> bool:
        return (self.start, self.end, self.format, self.location_id) == (event.start, event.end, event.format, event.location_id)
