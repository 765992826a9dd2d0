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


def _base_event(*, event: EventPage, page: EventPage, url: str) -> Event:
    """``event`` gives the times, format and place, ``page`` (its translation in the active language) the words;
    the place is named in the active language too."""
    entry = Event()
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.start)
    entry.add("dtend", event.end)
    entry.add("summary", page.title)
    entry.add("url", url)
    entry.add("description", f"{page.summary}\n\n{url}".strip())
    if event.format == EventPage.Format.IN_PERSON and event.location:
        location = event.location.localized
        entry.add("location", f"{location.name}, {location.address}")
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


def registration_calendar(*, registration: Registration, page: EventPage, url: str, method: str = "REQUEST") -> bytes:
    """One participant's entry, in the active language (``page`` is the event in it): the invitation their mails
    carry, or (``method="PUBLISH"``) the event page's "Add to calendar" for them. Its UID never changes, so either
    updates the one entry; SEQUENCE grows with every change, and a cancelled registration is sent as METHOD:CANCEL
    so calendars remove the entry."""
    cancelled = registration.state == Registration.State.CANCELLED
    calendar = _calendar("CANCEL" if cancelled else method)
    entry = _base_event(event=registration.event, page=page, url=url)
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


def personal_calendar(*, registrations: list[Registration], pages: dict[int, EventPage], urls: dict[int, str],
                      name: str) -> bytes:
    """A person's subscribed calendar: one entry per active registration, with the UID their mails and the event
    page's file use, so calendar apps keep one entry per event; texts in the active language (``pages`` are the
    events' translations in it, by event id)."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    for registration in registrations:
        entry = _base_event(event=registration.event, page=pages[registration.event_id],
                            url=urls[registration.event_id])
        entry.add("uid", f"registration-{registration.uid}@{_domain()}")
        entry.add("sequence", registration.ics_sequence)
        entry.add("status", "CONFIRMED" if registration.state == Registration.State.CONFIRMED else "TENTATIVE")
        calendar.add_component(entry)
    return calendar.to_ical()


def event_calendar(*, event: EventPage, page: EventPage, url: str) -> bytes:
    """The public "add to calendar" file of an event page, for visitors with no registration."""
    calendar = _calendar("PUBLISH")
    entry = _base_event(event=event, page=page, url=url)
    entry.add("uid", f"event-{event.translation_key}@{_domain()}")
    calendar.add_component(entry)
    return calendar.to_ical()


def appointment_calendar(*, uid: str, start, end, summary: str, description: str, location: str, sequence: int,
                         cancelled: bool, attendee_email: str, attendee_name: str) -> bytes:
    """One appointment within an event (a consultation at an Open Day) for the person who booked it: a REQUEST,
    or a CANCEL that removes it; the same ``uid`` updates one calendar entry, a higher ``sequence`` wins."""
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    entry = Event()
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", summary)
    entry.add("description", description)
    if location:
        entry.add("location", location)
    entry.add("uid", f"{uid}@{_domain()}")
    entry.add("sequence", sequence)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(str(SITE_TITLE))
    entry.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["cn"] = vText(attendee_name or attendee_email)
    attendee.params["partstat"] = "DECLINED" if cancelled else "ACCEPTED"
    entry.add("attendee", attendee)
    calendar.add_component(entry)
    return calendar.to_ical()
