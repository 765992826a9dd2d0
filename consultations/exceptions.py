from django.utils.translation import gettext_lazy as _

from lms.exceptions import ExplainedError


class ConsultationError(ExplainedError):
    """A consultation request that cannot be carried out; ``message`` is shown to the person as it is."""

    MESSAGES = {
        "not_open_day": _("Consultations can be booked only at an Open Day."),
        "not_registered": _("Consultations are for people with a confirmed registration for this Open Day."),
        "taken": _("Someone else has just booked this consultation slot. Please choose another one."),
        "blocked": _("This consultation slot is not available. Please choose another one."),
        "past": _("This consultation slot has already begun. Please choose a later one."),
        "already_booked": _("You already have a consultation at this Open Day. Cancel it first to choose another."),
        "busy": _("Many people are booking right now. Please try again in a moment."),
        "not_booked": _("This consultation is no longer booked."),
        "slot_booked": _("A visitor has booked this slot; move it to another time instead of blocking it."),
        "overlap": _("The advisor already has a consultation slot at that time."),
        "bad_times": _("The slots must start before they end, on the day of the Open Day."),
        "not_yet": _("A consultation can be marked as held or missed only once it has begun."),
    }
