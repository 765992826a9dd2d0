"""The e-mail that brings a participant their certificate, in their language, with the PDF attached."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from certificates.documents import verification_url
from certificates.models import Certificate
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
