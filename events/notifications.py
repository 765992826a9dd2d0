"""One e-mail per registration event, in the participant's language, each with its calendar file; those that
confirm a place at an in-person event also carry the ticket as a PDF."""

import logging

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, Page

from events.ics import registration_calendar
from events.models import Registration
from events.ticket_document import ticket_pdf
from events.tickets import has_ticket, ticket_code
from lms.mail import queue_mail
from lms.models import OutgoingMail
from lms.services import profile_get_or_create

# Messages a registration can trigger; each has templates emails/events/<name>_subject.txt and <name>.txt.
MESSAGES = {"confirmed", "waiting", "promoted", "cancelled", "changed", "reminder_24h", "reminder_1h"}
# Those that confirm a place, or remind of it: the ticket goes with them (a changed time or place too).
TICKET_MESSAGES = {"confirmed", "promoted", "changed", "reminder_24h", "reminder_1h"}

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def localized_event(event: Page, language: str) -> Page:
    """The page's live translation in ``language`` (events and courses alike), or the page itself."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = event.get_translation_or_none(locale) if locale else None
    return translated if translated is not None and translated.live else event


def send_registration_message(*, registration: Registration, message: str) -> OutgoingMail:
    if message not in MESSAGES:
        raise ValueError(f"Unknown registration message: {message}")
    from events.selectors import waiting_position

    participant = registration.participant
    language = profile_get_or_create(user=participant).language
    with translation.override(language):
        event = localized_event(registration.event, language)
        url = absolute_url(event.get_url())
        context = {
            "registration": registration,
            "participant": participant,
            "event": event,
            "schedule": registration.event,
            "url": url,
            "position": waiting_position(registration),
        }
        ticket = _ticket_attachment(registration, event.title, language) if message in TICKET_MESSAGES else None
        if ticket is not None:
            context.update(ticket_code=ticket_code(registration), ticket_attached=bool(ticket))
            # A file name in the person's language ("bilet.pdf"); mail clients read non-ASCII names (RFC 2231).
            ticket_name = f"{gettext('ticket')}.pdf"
        subject = " ".join(render_to_string(f"emails/events/{message}_subject.txt", context).split())
        body = render_to_string(f"emails/events/{message}.txt", context)
        calendar = registration_calendar(registration=registration, page=event, url=url)
    email = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[participant.email])
    method = "CANCEL" if registration.state == Registration.State.CANCELLED else "REQUEST"
    # Django adds the charset of a text attachment itself; naming it here too would repeat the parameter.
    email.attach("invite.ics", calendar, f"text/calendar; method={method}")
    if ticket:
        email.attach(ticket_name, ticket, "application/pdf")
    return queue_mail(message=email)


def send_walk_in_invitation(*, registration: Registration) -> OutgoingMail:
    """To a person registered at the door with a new account: the link to set their password (allauth's password
    reset key, so the page and its rules are allauth's; the key stops working once a password is set)."""
    participant = registration.participant
    language = profile_get_or_create(user=participant).language
    key = {"uidb36": user_pk_to_url_str(participant), "key": default_token_generator.make_token(participant)}
    with translation.override(language):
        context = {
            "participant": participant, "event": localized_event(registration.event, language),
            "url": absolute_url(reverse("account_reset_password_from_key", kwargs=key)),
        }
        subject = " ".join(render_to_string("emails/events/walk_in_invitation_subject.txt", context).split())
        body = render_to_string("emails/events/walk_in_invitation.txt", context)
    return queue_mail(message=EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                                           to=[participant.email]))


def _ticket_attachment(registration: Registration, event_title: str, language: str) -> bytes | None:
    """The ticket PDF for the mail; None when the registration has no ticket, and b"" when the PDF could not be
    drawn: the mail then goes without it (the code is in its text and the ticket on the event page), since a
    confirmation or reminder matters more than its attachment, and failing here would lose the mail or make
    the reminder job try again for ever."""
    if not has_ticket(registration):
        return None
    try:
        return ticket_pdf(registration=registration, event_title=event_title, language=language)
    except Exception:
        logger.exception("The ticket PDF of registration %s could not be drawn; the mail goes without it.",
                         registration.pk)
        return b""
