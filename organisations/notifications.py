"""The organisations' mails, each in its reader's language: an invitation to join a roster, and a registration a
coordinator made for a member."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from events.notifications import localized_event
from lms.mail import queue_mail
from lms.models import OutgoingMail
from lms.services import profile_get_or_create
from organisations.models import Invitation, MemberRegistration


def send_invitation(invitation: Invitation) -> OutgoingMail:
    with translation.override(invitation.language):
        path = reverse("organisation_invitation", args=[invitation.token])
        context = {"invitation": invitation, "organisation": invitation.organisation,
                   "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path}
        subject = " ".join(render_to_string("emails/organisations/invitation_subject.txt", context).split())
        body = render_to_string("emails/organisations/invitation.txt", context)
    return queue_mail(message=EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                                           to=[invitation.email]))


def send_member_registration(member_registration: MemberRegistration) -> OutgoingMail:
    """Tells the member who registered them and asks them to accept or decline (the registration's own
    confirmation, with the calendar entry, comes from the events app as for anyone)."""
    registration = member_registration.registration
    participant = registration.participant
    language = profile_get_or_create(user=participant).language
    with translation.override(language):
        path = reverse("member_registration_answer", args=[member_registration.token])
        context = {"organisation": member_registration.organisation, "participant": participant,
                   "event": localized_event(registration.event, language), "schedule": registration.event,
                   "waiting": registration.state == registration.State.WAITING,
                   "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path}
        subject = " ".join(render_to_string("emails/organisations/member_registered_subject.txt", context).split())
        body = render_to_string("emails/organisations/member_registered.txt", context)
    return queue_mail(message=EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                                           to=[participant.email]))
