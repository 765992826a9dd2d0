from django.utils.translation import gettext_lazy as _

from lms.exceptions import ExplainedError


class RegistrationError(ExplainedError):
    """A registration request that cannot be carried out; ``message`` is shown to the person as it is."""

    MESSAGES = {
        "already_registered": _("You are already registered for this event."),
        "not_open_yet": _("Registration for this event has not opened yet."),
        "closed": _("Registration for this event is closed."),
        "past": _("This event has already taken place."),
        "full": _("This event is full and has no waiting list."),
        "busy": _("Many people are registering right now. Please try again in a moment."),
        "not_active": _("This registration is no longer active."),
        "not_waiting": _("Only a registration on the waiting list can be promoted."),
        "no_free_seat": _("There is no free seat. Increase the number of seats or cancel another registration first."),
        "no_sessions_open": _("None of this course's sessions is open for registration."),
        "not_enrolled": _("You are not enrolled in this course."),
        "already_enrolled": _("You are already enrolled in this course."),
        "profile_incomplete": _("Please complete your profile before registering."),
        "only_employers": _("Registration is open to employers only. If you are one, say so in your profile."),
        "only_educators": _("Registration is open to educators only. If you are one, say so in your profile."),
        "only_foreign_nationals": _(
            "Registration is open to foreign nationals only. If you are one, say so in your profile."),
        "only_office_staff": _(
            "Registration is open only to the office's own staff, as confirmed by the office. If you work here, "
            "ask the organisers to confirm your account."),
    }
