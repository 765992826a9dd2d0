"""Reads of the platform's own records for the admin."""

from lms.models import OutgoingMail


def given_up_mail_count() -> int:
    """E-mails nobody received: every attempt failed for 48 hours (they can be sent again from the listing)."""
    return OutgoingMail.objects.filter(state=OutgoingMail.State.GIVEN_UP).count()
