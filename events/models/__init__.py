from .attendance import AnalyticsReport, Attendance
from .locations import Location
from .meetings import BBBSession, Meeting
from .messages import EventMessage
from .pages import EventIndexPage, EventPage, EventPresenter
from .registrations import EventScheduleSnapshot, Registration

__all__ = [
    "AnalyticsReport", "Attendance", "BBBSession", "EventIndexPage", "EventMessage", "EventPage", "EventPresenter", "EventScheduleSnapshot", "Location", "Meeting", "Registration",
]
