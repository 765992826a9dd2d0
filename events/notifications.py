"""One e-mail per registration event, in the participant's language, each with its calendar file."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.models import Locale, Page

from events.ics import registration_calendar
from events.models import Registration
from lms.mail import queue_mail
from lms.models import OutgoingMail
from lms.services import profile_get_or_create

# Messages a registration can trigger; each has templates emails/events/<name>_subject.txt and <name>.txt.
MESSAGES = {"confirmed", "waiting", "promoted", "cancelled", "changed", "reminder_24h", "reminder_1h"}


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
        subject = " ".join(render_to_string(f"emails/events/{message}_subject.txt", context).split())
        body = render_to_string(f"emails/events/{message}.txt", context)
        calendar = registration_calendar(registration=registration, title=event.title, url=url)
    email = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[participant.email])
    method = "CANCEL" if registration.state == Registration.State.CANCELLED else "REQUEST"
    # Django adds the charset of a text attachment itself; naming it here too would repeat the parameter.
    email.attach("invite.ics", calendar, f"text/calendar; method={method}")
    return queue_mail(message=email)
