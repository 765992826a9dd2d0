"""Outgoing e-mail: stored first, sent by a background task, retried after an outage."""

import base64
import logging
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core.files.storage import storages
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lms.models import OutgoingMail

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
    """Keep the rendered message and hand the sending to a task once the surrounding transaction commits.
    ``stored_files`` are attached when the mail is sent, read from their storage (large PDFs stay out of
    the mail table)."""
    from lms.tasks import send_outgoing_mail

    html = next(
        (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
    )
    mail = OutgoingMail.objects.create(
        from_email=message.from_email,
        to=list(message.to),
        subject=message.subject,
        body_text=message.body,
        body_html=html,
        attachments=[_stored_attachment(attachment) for attachment in message.attachments]
        + [asdict(stored_file) for stored_file in stored_files],
    )
    transaction.on_commit(lambda: send_outgoing_mail.enqueue(mail_id=mail.pk))
    return mail


def _stored_attachment(attachment) -> dict:
    filename, content, mimetype = attachment
    data = content.encode() if isinstance(content, str) else content
    return {"filename": filename, "mimetype": mimetype, "content_b64": base64.b64encode(data).decode("ascii")}


def _claim(mail_id: int) -> OutgoingMail | None:
    """Mark the mail as being sent, unless it is sent already or another worker is sending it."""
    stale = timezone.now() - timedelta(seconds=OutgoingMail.SENDING_TIMEOUT_SECONDS)
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail_id)
        if mail.state == OutgoingMail.State.SENT:
            return None
        if mail.state == OutgoingMail.State.SENDING and mail.updated_at > stale:
            return None
        mail.state = OutgoingMail.State.SENDING
        mail.attempts += 1
        mail.save(update_fields=["state", "attempts", "updated_at"])
    return mail


def deliver(*, mail_id: int) -> str:
    """Send one queued mail; the SMTP call happens outside any lock. Calling it again is harmless."""
    mail = _claim(mail_id)
    if mail is None:
        return OutgoingMail.objects.values_list("state", flat=True).get(pk=mail_id)
    message = EmailMultiAlternatives(subject=mail.subject, body=mail.body_text, from_email=mail.from_email, to=mail.to)
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for attachment in mail.attachments:
        message.attach(attachment["filename"], _attachment_content(attachment), attachment["mimetype"])
    try:
        message.send()
    except OSError as error:  # smtplib's errors and refused connections are all OSErrors
        logger.warning("Mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, error)
        mail.state = OutgoingMail.State.FAILED
        mail.last_error = str(error)[:2000]
    else:
        mail.state = OutgoingMail.State.SENT
        mail.sent_at = timezone.now()
        mail.last_error = ""
    mail.save(update_fields=["state", "last_error", "sent_at", "updated_at"])
    return mail.state


def retry_failed_mail() -> int:
    """Queue again every mail that failed (or whose worker died) and still has attempts left; returns how many."""
    from lms.tasks import send_outgoing_mail

    stale = timezone.now() - timedelta(seconds=OutgoingMail.SENDING_TIMEOUT_SECONDS)
    ids = list(
        OutgoingMail.objects.filter(attempts__lt=OutgoingMail.MAX_ATTEMPTS)
        .filter(Q(state=OutgoingMail.State.FAILED) | Q(state=OutgoingMail.State.SENDING, updated_at__lt=stale))
        .values_list("pk", flat=True)
    )
    for mail_id in ids:
        send_outgoing_mail.enqueue(mail_id=mail_id)
    return len(ids)
