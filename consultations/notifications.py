"""One e-mail per change of a consultation, in the visitor's language, each with its calendar file."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from consultations.models import Booking
from events.ics import appointment_calendar
from events.notifications import absolute_url, localized_event
from lms.mail import queue_mail
from lms.models import OutgoingMail
from lms.services import profile_get_or_create

# Each has templates emails/consultations/<name>_subject.txt and <name>.txt.
MESSAGES = {"booked", "moved", "cancelled", "reminder"}


def send_booking_message(*, booking: Booking, message: str) -> OutgoingMail:
    if message not in MESSAGES:
        raise ValueError(f"Unknown consultation message: {message}")
    visitor = booking.visitor
    language = profile_get_or_create(user=visitor).language
    slot, advisor = booking.slot, booking.slot.advisor
    with translation.override(language):
        event = localized_event(booking.event, language)
        url = absolute_url(reverse("consultation_booking", args=[booking.event_id]))
        place = ""
        if booking.event.location_id:
            location = booking.event.location.localized
            place = f"{location.name}, {location.address}"
        context = {"booking": booking, "slot": slot, "advisor": advisor, "event": event, "visitor": visitor,
                   "url": url, "place": place, "topic": booking.get_topic_display()}
        subject = " ".join(render_to_string(f"emails/consultations/{message}_subject.txt", context).split())
        body = render_to_string(f"emails/consultations/{message}.txt", context)
        calendar = appointment_calendar(
            uid=f"consultation-{booking.uid}", start=slot.start, end=slot.end,
            summary=gettext("Consultation: %(event)s") % {"event": event.title},
            description=f"{gettext('Advisor')}: {advisor}\n\n{url}", location=place,
            sequence=booking.ics_sequence, cancelled=booking.state == Booking.State.CANCELLED,
            attendee_email=visitor.email, attendee_name=visitor.get_full_name(),
        )
    email = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[visitor.email])
    method = "CANCEL" if booking.state == Booking.State.CANCELLED else "REQUEST"
    email.attach("consultation.ics", calendar, f"text/calendar; method={method}")
    return queue_mail(message=email)
