"""The invitation to join an organisation's roster, in the invited person's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.mail import queue_mail
from lms.models import OutgoingMail
from organisations.models import Invitation


def send_invitation(invitation: Invitation) -> OutgoingMail:
    with translation.override(invitation.language):
        path = reverse("organisation_invitation", args=[invitation.token])
        context = {"invitation": invitation, "organisation": invitation.organisation,
                   "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path}
        subject = " ".join(render_to_string("emails/organisations/invitation_subject.txt", context).split())
        body = render_to_string("emails/organisations/invitation.txt", context)
    return queue_mail(message=EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                                           to=[invitation.email]))
