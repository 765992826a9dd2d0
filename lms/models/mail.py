from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.columns import column


class OutgoingMail(models.Model):
    """An e-mail the platform owes someone. Kept until sent, so a mail-server outage loses nothing."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will retry")
        GIVEN_UP = "given_up", _("given up: not sent")

    # A mail server can be down over a weekend; after this long of failing, trying on would only surprise people.
    RETRY_FOR = timedelta(hours=48)
    # A mail still "sending" after this long belongs to a worker that died; it may be tried again.
    SENDING_TIMEOUT = timedelta(minutes=10)
    # A mail still "queued" after this long lost its task (a failed hand-over, a lost queue); it is queued again.
    QUEUED_TIMEOUT = timedelta(minutes=15)

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When the periodic job looks at this mail again (queued or failed ones), and after when it stops trying.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    retry_until = models.DateTimeField(_("tried until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    from_email = models.CharField(max_length=254)
    to = models.JSONField()
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(blank=True)
    # [{"filename": ..., "mimetype": ..., "content_b64": ...}], e.g. calendar invitations and certificates.
    attachments = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.state})"

    @column(_("recipient"))
    def recipients(self) -> str:
        return ", ".join(self.to)

    @staticmethod
    def retry_delay(attempts: int) -> timedelta:
        """5 minutes after the first failure, doubling, at most 4 hours: quick for a blip, patient for an outage."""
        return min(timedelta(minutes=5) * 2 ** max(attempts - 1, 0), timedelta(hours=4))

    def may_be_sent_again(self) -> bool:
        return self.state in {self.State.FAILED, self.State.GIVEN_UP}

    def schedule_retry(self, *, now: datetime) -> None:
        """After a failed attempt: try again after a growing delay, or give up once the retry period is over."""
        if self.retry_until and now >= self.retry_until:
            self.state = self.State.GIVEN_UP
            self.next_attempt_at = None
        else:
            self.state = self.State.FAILED
            self.next_attempt_at = now + self.retry_delay(self.attempts)
