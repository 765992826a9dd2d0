from .locations import Location
from .pages import EventIndexPage, EventPage, EventPresenter
from .registrations import EventScheduleSnapshot, Registration

__all__ = ["EventIndexPage", "EventPage", "EventPresenter", "EventScheduleSnapshot", "Location", "Registration"]
