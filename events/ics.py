"""iCalendar files (RFC 5545/5546) for registrations and events; the only user of the icalendar library."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from events.models import EventPage, Registration
from lms.i18n import SITE_TITLE

PRODUCT_ID = "-//Migrant information service//Training platform//EN"


def _domain() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def _base_event(*, event: EventPage, title: str, url: str) -> Event:
    entry = Event()
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.start)
    entry.add("dtend", event.end)
    entry.add("summary", title)
    entry.add("url", url)
    entry.add("description", f"{event.summary}\n\n{url}".strip())
    if event.format == EventPage.Format.IN_PERSON and event.location:
        entry.add("location", f"{event.location.name}, {event.location.address}")
    else:
        entry.add("location", url)
    return entry


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def registration_calendar(*, registration: Registration, title: str, url: str) -> bytes:
    """One participant's invitation. Its UID never changes, SEQUENCE grows with every change, and a
    cancelled registration is sent as METHOD:CANCEL so calendars remove the entry."""
    cancelled = registration.state == Registration.State.CANCELLED
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    entry = _base_event(event=registration.event, title=title, url=url)
    entry.add("uid", f"registration-{registration.uid}@{_domain()}")
    entry.add("sequence", registration.ics_sequence)
    status = {"confirmed": "CONFIRMED", "waiting": "TENTATIVE", "cancelled": "CANCELLED"}[registration.state]
    entry.add("status", status)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(str(SITE_TITLE))
    entry.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{registration.participant.email}")
    attendee.params["cn"] = vText(registration.participant.get_full_name() or registration.participant.email)
    attendee.params["partstat"] = "ACCEPTED" if status == "CONFIRMED" else "TENTATIVE"
    entry.add("attendee", attendee)
    calendar.add_component(entry)
    return calendar.to_ical()


def event_calendar(*, event: EventPage, title: str, url: str) -> bytes:
    """The public "add to calendar" file of an event page."""
    calendar = _calendar("PUBLISH")
    entry = _base_event(event=event, title=title, url=url)
    entry.add("uid", f"event-{event.translation_key}@{_domain()}")
    calendar.add_component(entry)
    return calendar.to_ical()
