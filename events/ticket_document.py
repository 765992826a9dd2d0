"""A ticket as the participant sees it: the QR code on the event page, and a one-page PDF for the e-mails (name,
event, time, place with its accessibility notes, the QR code and the code in text, in the person's language).

The QR code and the PDF are drawn by the certificates' renderer (ZXing's encoder, WeasyPrint, tagged PDF/A with
DejaVu fonts for Polish and Cyrillic), so tickets and certificates scan and read alike."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from events.models import Registration
from events.tickets import ticket_code

# The QR code of a ticket is version 2 (25 modules, 33 with its quiet zone): 45 mm is well over 1 mm a module,
# easy for any phone from paper or a screen.
TICKET_CSS = """
html { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; color: #111; }
.ticket { margin: 20mm; border: 0.4mm solid #333; padding: 10mm 12mm; }
.ticket h1 { font-size: 14pt; font-weight: normal; margin: 0 0 2mm; }
.ticket h2 { font-size: 18pt; margin: 0 0 6mm; }
.ticket dl { margin: 0; }
.ticket dt { font-weight: bold; margin-top: 3mm; }
.ticket dd { margin: 0; }
.ticket .qr { margin-top: 8mm; text-align: center; }
.ticket .qr-code { width: 45mm; height: 45mm; }
.ticket .code { font-family: "DejaVu Sans Mono", monospace; font-size: 18pt; letter-spacing: 0.5mm; margin: 3mm 0 0; }
.ticket .hint { font-size: 10pt; margin-top: 6mm; }
"""


def qr_alt(code: str) -> str:
    """What screen readers say for the ticket's QR code: what it is for and the code it holds."""
    return gettext("QR code of your ticket for the check-in at the entrance; it holds the code %(code)s.") % {
        "code": code}


def ticket_qr_data_url(registration: Registration) -> str:
    """The ticket's QR code as an image address for a page (one pixel a module: CSS enlarges it)."""
    from certificates.rendering import png_data_url, qr_code_png

    png, _ = qr_code_png(ticket_code(registration))
    return png_data_url(png)


def ticket_pdf(*, registration: Registration, event_title: str, language: str) -> bytes:
    """The ticket as a one-page PDF in ``language``; ``event_title`` in that language. Raises whatever rendering
    raises: a mail that carries it decides what a failure means."""
    from certificates.rendering import QR_CODE_SLOT, CertificateDocument, PageSetup, render_certificate

    code = ticket_code(registration)
    with translation.override(language):
        event = registration.event
        location = event.location.localized if event.location else None
        html = render_to_string("events/tickets/ticket_pdf.html", {
            "participant": registration.participant, "title": event_title, "schedule": event,
            "location": location, "code": code, "qr_code": QR_CODE_SLOT,
        })
        title = gettext("Ticket: %(event)s") % {"event": event_title}
        setup = PageSetup(size="A4", orientation="portrait", css=TICKET_CSS, language=language, qr_alt=qr_alt(code))
    return render_certificate(setup, CertificateDocument(html=html, title=title, qr_text=code))
