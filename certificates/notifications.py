"""The e-mails to a certificate's holder: the certificate itself (in the certificate's language, with the PDF
attached), and the news that it was revoked (in the holder's language)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from certificates.documents import verification_url
from certificates.models import Certificate
from certificates.selectors import preferred_language
from events.notifications import absolute_url
from lms.mail import StoredFile, queue_mail
from lms.models import OutgoingMail


def send_certificate(*, certificate: Certificate) -> OutgoingMail | None:
    participant = certificate.holder
    if participant is None:
        return None
    with translation.override(certificate.language):
        context = {
            "certificate": certificate, "participant": participant,
            "certificates_url": absolute_url(reverse("my_certificates")),
            "verification_url": verification_url(certificate),
        }
        subject = " ".join(render_to_string("emails/certificates/issued_subject.txt", context).split())
        body = render_to_string("emails/certificates/issued.txt", context)
    email = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[participant.email])
    pdf = StoredFile(filename=certificate.download_filename, mimetype="application/pdf", storage="certificates",
                     name=certificate.pdf.name)
    return queue_mail(message=email, stored_files=[pdf])


def send_revocation_notice(*, certificate: Certificate) -> OutgoingMail | None:
    """The date and the public category; never the reason staff wrote, which stays in the admin."""
    participant = certificate.holder
    if participant is None or not participant.email:
        return None
    with translation.override(preferred_language(participant)):
        context = {
            "certificate": certificate, "participant": participant,
            "certificates_url": absolute_url(reverse("my_certificates")),
            # In the holder's language, which may not be the certificate's (the one its QR code opens).
            "verification_url": absolute_url(reverse("certificate_verify", kwargs={"code": certificate.code})),
        }
        subject = " ".join(render_to_string("emails/certificates/revoked_subject.txt", context).split())
        body = render_to_string("emails/certificates/revoked.txt", context)
    email = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[participant.email])
    return queue_mail(message=email)
