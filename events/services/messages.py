"""Messages from staff to one audience of an event (a room change, materials after a training): one mail per
person, in that person's language, queued with the message in one transaction, so an outage loses nothing."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.models import EventMessage, EventPage, Registration
from events.notifications import absolute_url, localized_event
from lms import audit
from lms.exceptions import ExplainedError
from lms.mail import queue_mail
from lms.models import User
from lms.services import profile_get_or_create

# The same text to the same people within this time is a second click, not a second message.
REPEAT_WINDOW = timedelta(minutes=10)


class EventMessageError(ExplainedError):
    """A message that is not sent; ``field`` names the form field the refusal belongs to."""

    MESSAGES = {
        "empty_subject": _("Write a subject."),
        "empty_body": _("Write the message."),
        "nobody": _("Nobody is in this group, so the message would reach no one."),
        "repeated": _("This message was sent to this group a few minutes ago; it is not sent again."),
    }
    FIELDS = {"empty_subject": "subject", "empty_body": "body", "nobody": "audience", "repeated": None}

    @property
    def field(self) -> str | None:
        return self.FIELDS[self.code]


def _plain(text: str) -> str:
    """The text as stored and mailed: browsers send a textarea's lines with CRLF."""
    return "\n".join(text.strip().splitlines())


def audience_registrations(*, event: EventPage, audience: str) -> QuerySet[Registration]:
    registrations = Registration.objects.filter(event=event.canonical)
    if audience == EventMessage.Audience.ATTENDED:
        # Present for any time at all, whether by the webinar room, check-in or a staff correction.
        return registrations.filter(attendance__minutes_present__gt=0)
    if audience in (EventMessage.Audience.CONFIRMED, EventMessage.Audience.WAITING):
        return registrations.filter(state=audience)
    raise ValueError(f"Unknown audience: {audience!r}")


def audience_members(*, event: EventPage, audience: str) -> QuerySet[User]:
    return (User.objects.filter(registrations__in=audience_registrations(event=event, audience=audience))
            .distinct().order_by("last_name", "first_name", "pk"))


def audience_sizes(*, event: EventPage) -> dict[str, int]:
    return {audience: audience_members(event=event, audience=audience).count()
            for audience in EventMessage.Audience.values}


@dataclass(frozen=True)
class RenderedMessage:
    language: str
    subject: str
    body: str


def render_event_message(*, event: EventPage, subject: str, body: str, recipient: User) -> RenderedMessage:
    """The mail as ``recipient`` gets it: greeting, event and footer in their language, the staff's text as
    written."""
    language = profile_get_or_create(user=recipient).language
    with translation.override(language):
        page = localized_event(event.canonical, language)
        text = render_to_string("emails/events/message.txt", {
            "participant": recipient, "event": page, "url": absolute_url(page.get_url()), "body": _plain(body),
        })
    return RenderedMessage(language=language, subject=" ".join(subject.split()), body=text)


def _refusal(*, event: EventPage, audience: str, subject: str, body: str, now) -> EventMessageError | None:
    if not subject.strip():
        return EventMessageError("empty_subject")
    if not body.strip():
        return EventMessageError("empty_body")
    if not audience_members(event=event, audience=audience).exists():
        return EventMessageError("nobody")
    if EventMessage.objects.filter(event=event, audience=audience, subject=subject.strip(), body=_plain(body),
                                   sent_at__gte=now - REPEAT_WINDOW).exists():
        return EventMessageError("repeated")
    return None


@dataclass(frozen=True)
class Preview:
    recipient: User
    mail: RenderedMessage
    recipient_count: int


def preview_event_message(*, event: EventPage, audience: str, subject: str, body: str) -> Preview:
    """The mail as the group's first person would get it, and how many people get it; refused as sending is."""
    event = event.canonical
    refusal = _refusal(event=event, audience=audience, subject=subject, body=body, now=timezone.now())
    if refusal is not None:
        raise refusal
    members = audience_members(event=event, audience=audience)
    recipient = members.first()
    return Preview(recipient=recipient, recipient_count=members.count(),
                   mail=render_event_message(event=event, subject=subject, body=body, recipient=recipient))


def send_event_message(*, event: EventPage, audience: str, subject: str, body: str, actor: User,
                       token: uuid.UUID) -> tuple[EventMessage, bool]:
    """Store the message, queue one mail per person in ``audience`` and audit it, all or nothing. Returns the
    message and whether it was sent now: a ``token`` already used (the form sent twice) returns that message and
    sends nothing. Raises EventMessageError, writing nothing, for an empty subject or body or an empty group."""
    event = event.canonical
    earlier = EventMessage.objects.filter(token=token).first()
    if earlier is not None:
        return earlier, False
    with transaction.atomic():
        refusal = _refusal(event=event, audience=audience, subject=subject, body=body, now=timezone.now())
        if refusal is not None:
            raise refusal
        recipients = list(audience_members(event=event, audience=audience))
        try:
            with transaction.atomic():
                message = EventMessage.objects.create(
                    event=event, audience=audience, subject=subject.strip(), body=_plain(body),
                    recipient_count=len(recipients), sent_by=actor, token=token)
        except IntegrityError:  # the same form, sent at the same moment by a second click
            return EventMessage.objects.get(token=token), False
        message.recipients.set(recipients)
        for recipient in recipients:
            rendered = render_event_message(event=event, subject=message.subject, body=message.body,
                                            recipient=recipient)
            queue_mail(message=EmailMessage(subject=rendered.subject, body=rendered.body,
                                            from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient.email]))
        audit.record(actor=actor, action="event.message_sent", target=message, data={
            "event": event.pk, "audience": audience, "recipients": len(recipients),
            "subject": message.subject, "body": message.body,
        })
    return message, True

