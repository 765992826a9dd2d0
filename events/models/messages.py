import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventMessage(models.Model):
    """A message staff wrote to one audience of an event; each recipient got it in a mail of their own
    (``events.services.messages``) and sees it on "My registrations"."""

    wagtail_reference_index_ignore = True

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed participants")
        WAITING = "waiting", _("People on the waiting list")
        ATTENDED = "attended", _("People who attended")

    # The default-language page, which registrations belong to.
    event = models.ForeignKey("events.EventPage", verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="messages")
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("recipients"),
                                        related_name="event_messages")
    recipient_count = models.PositiveIntegerField(_("number of recipients"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Carried by the form from its first display to "Send": a second submission of the same form finds its
    # message and sends nothing.
    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} – {self.event.title}"
