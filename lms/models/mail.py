from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """An e-mail the platform owes someone. Kept until sent, so a mail-server outage loses nothing."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will retry")

    MAX_ATTEMPTS = 8
    # A mail still "sending" after this long belongs to a worker that died; it may be tried again.
    SENDING_TIMEOUT_SECONDS = 600

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    from_email = models.CharField(max_length=254)
    to = models.JSONField()
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # [{"filename": ..., "mimetype": ..., "content_b64": ...}], e.g. calendar invitations and certificates.
    attachments = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.state})"
