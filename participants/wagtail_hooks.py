from django.utils.translation import gettext_lazy as _

from lms.audit import describe_actions

describe_actions({
    "calendar_feed.reset": _("Gave their personal calendar a new address"),
    "account.erased": _("Deleted their account (registrations cancelled first: %(cancelled_registrations)s)"),
    "retention.registrations_anonymised": _(
        "Answers and access needs of %(count)s registrations for events that ended before %(ended_before)s "
        "anonymised (kept for %(months)s months)"),
})
