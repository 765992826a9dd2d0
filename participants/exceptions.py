from django.utils.translation import gettext_lazy as _

from lms.exceptions import ExplainedError


class ErasureRefused(ExplainedError):
    """An account its holder may not delete themselves."""

    MESSAGES = {
        "staff": _("An office account cannot be deleted here: the records of what was done with it must stay. "
                   "An administrator can deactivate it."),
    }
