"""Outgoing e-mail: stored first, sent by a background task, retried after an outage."""

import base64
import logging
from dataclasses import asdict, dataclass
from datetime import datetime

from django.core.files.storage import storages
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lms import audit
from lms.models import OutgoingMail
from lms.outbox import enqueue_with_transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredFile:
    """An attachment kept in one of the project's storages (settings.STORAGES)."""

    filename: str
    mimetype: str
    storage: str
    name: str


def _attachment_content(attachment: dict) -> bytes:
    if "content_b64" in attachment:
        return base64.b64decode(attachment["content_b64"])
    with storages[attachment["storage"]].open(attachment["name"], "rb") as handle:
        return handle.read()


def queue_mail(*, message: EmailMessage, stored_files: list[StoredFile] = ()) -> OutgoingMail:
    """Keep the rendered message and have it sent by a task that exists exactly when the surrounding transaction
    commits (lms.outbox). ``stored_files`` are attached when the mail is sent, read from their storage (large PDFs
    stay out of the mail table)."""
    from lms.tasks import send_outgoing_mail

    html = next(
        (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
    )
    now = timezone.now()
    mail = OutgoingMail.objects.create(
        from_email=message.from_email,
        to=list(message.to),
        subject=message.subject,
        body_text=message.body,
        body_html=html,
        attachments=[_stored_attachment(attachment) for attachment in message.attachments]
        + [asdict(stored_file) for stored_file in stored_files],
        next_attempt_at=now + OutgoingMail.QUEUED_TIMEOUT,
        retry_until=now + OutgoingMail.RETRY_FOR,
    )
    enqueue_with_transaction(send_outgoing_mail, mail_id=mail.pk)
    return mail


def _stored_attachment(attachment) -> dict:
    filename, content, mimetype = attachment
    data = content.encode() if isinstance(content, str) else content
    return {"filename": filename, "mimetype": mimetype, "content_b64": base64.b64encode(data).decode("ascii")}


def _claim(mail_id: int, now: datetime) -> OutgoingMail | None:
    """Mark the mail as being sent, unless it is sent or given up already or another worker is sending it."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail_id)
        if mail.state in {OutgoingMail.State.SENT, OutgoingMail.State.GIVEN_UP}:
            return None
        if mail.state == OutgoingMail.State.SENDING and mail.updated_at > now - OutgoingMail.SENDING_TIMEOUT:
            return None
        mail.state = OutgoingMail.State.SENDING
        mail.attempts += 1
        mail.save(update_fields=["state", "attempts", "updated_at"])
    return mail


def deliver(*, mail_id: int, now: datetime | None = None) -> str:
    """Send one queued mail; the SMTP call happens outside any lock. Calling it again is harmless."""
    now = now or timezone.now()
    mail = _claim(mail_id, now)
    if mail is None:
        return OutgoingMail.objects.values_list("state", flat=True).get(pk=mail_id)
    message = EmailMultiAlternatives(subject=mail.subject, body=mail.body_text, from_email=mail.from_email, to=mail.to)
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for attachment in mail.attachments:
        message.attach(attachment["filename"], _attachment_content(attachment), attachment["mimetype"])
    try:
        message.send()
    except Exception as error:  # smtplib's errors and refused connections (OSErrors) and anything else: kept,
        # retried and shown in the admin; a mail left "sending" by an uncaught error would be retried for ever.
        mail.last_error = str(error)[:2000]
        mail.schedule_retry(now=now)
        log = logger.error if mail.state == OutgoingMail.State.GIVEN_UP else logger.warning
        log("Mail %s not sent (attempt %s, %s): %s", mail.pk, mail.attempts, mail.state, error)
    else:
        mail.state = OutgoingMail.State.SENT
        mail.sent_at = now
        mail.next_attempt_at = None
        mail.last_error = ""
    mail.save(update_fields=["state", "last_error", "sent_at", "next_attempt_at", "updated_at"])
    return mail.state


def retry_due_mail(*, now: datetime | None = None, including_not_yet_due: bool = False) -> int:
    """Queue again the mails whose next attempt is due: failed ones after their delay, queued ones whose task was
    lost, and those a dead worker left "sending". Returns how many. Each is looked at again only after
    QUEUED_TIMEOUT, so a slow queue does not pile up copies of one mail's task."""
    from lms.tasks import send_outgoing_mail

    now = now or timezone.now()
    waiting = Q(state__in=[OutgoingMail.State.FAILED, OutgoingMail.State.QUEUED])
    if not including_not_yet_due:
        waiting &= Q(next_attempt_at__lte=now)
    abandoned = Q(state=OutgoingMail.State.SENDING, updated_at__lt=now - OutgoingMail.SENDING_TIMEOUT)
    with transaction.atomic():
        ids = list(OutgoingMail.objects.select_for_update().filter(waiting | abandoned).values_list("pk", flat=True))
        OutgoingMail.objects.filter(pk__in=ids).update(next_attempt_at=now + OutgoingMail.QUEUED_TIMEOUT)
        for mail_id in ids:
            enqueue_with_transaction(send_outgoing_mail, mail_id=mail_id)
    return len(ids)


def send_again(*, mail: OutgoingMail, actor, now: datetime | None = None) -> bool:
    """Staff send a failed or given-up mail again, with a fresh retry period. False when it is already on its way
    (queued, sending) or sent, so clicking twice never queues two sends."""
    from lms.tasks import send_outgoing_mail

    now = now or timezone.now()
    with transaction.atomic():
        locked = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
        if not locked.may_be_sent_again():
            return False
        locked.state = OutgoingMail.State.QUEUED
        locked.next_attempt_at = now + OutgoingMail.QUEUED_TIMEOUT
        locked.retry_until = now + OutgoingMail.RETRY_FOR
        locked.save(update_fields=["state", "next_attempt_at", "retry_until", "updated_at"])
        audit.record(actor=actor, action="mail.sent_again", target=locked,
                     data={"subject": locked.subject, "attempts": locked.attempts})
        enqueue_with_transaction(send_outgoing_mail, mail_id=locked.pk)
    return True
