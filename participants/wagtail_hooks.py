from django.utils.translation import gettext_lazy as _

from lms.audit import describe_actions

describe_actions({
    "calendar_feed.reset": _("Gave their personal calendar a new address"),
})
