"""The participant's ticket: on the event page and "My registrations", and as a one-page PDF attached to the mails
that confirm or remind of a place at an in-person event; its QR code scans back to the code."""

import base64
import io
import re
from datetime import timedelta

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from certificates.rendering import pdf_text
from events import notifications
from events.models import EventPage
from events.services.registration import cancel, register
from events.services.reminders import send_due_reminders
from events.tickets import ticket_code
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(make_event, location) -> EventPage:
    location.accessibility_notes = "Wejście bez progów od ul. Mickiewicza, winda do sali."
    location.save()
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    return make_event("Szkolenie: zatrudnianie cudzoziemców", kind=EventPage.Kind.TRAINING,
                      format=EventPage.Format.IN_PERSON, start=start, end=start + timedelta(hours=3))


@pytest.fixture
def marta(db):
    return ProfileFactory(user__first_name="Marta", user__last_name="Żółkiewska").user


def ticket_attachments(message) -> list[tuple[str, bytes]]:
    return [(name, content) for name, content, mimetype in message.attachments if mimetype == "application/pdf"]


def scanned(pdf: bytes) -> list[str]:
    """What a phone reads from the printed page (150 dpi, as the certificates' scanning test takes it)."""
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil().convert("RGB")
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=70)
    image = Image.open(io.BytesIO(buffer.getvalue()))
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_the_confirmation_carries_the_ticket_as_a_one_page_pdf_whose_qr_code_scans_to_the_code(
        training, marta, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event=training, participant=marta)
    code = ticket_code(registration)

    (message,) = mailoutbox
    ((name, pdf),) = ticket_attachments(message)
    assert name == "bilet.pdf"
    text = pdf_text(pdf)
    assert "Marta Żółkiewska" in text
    assert "Szkolenie: zatrudnianie cudzoziemców" in text
    assert code in text
    assert "Wejście bez progów od ul. Mickiewicza, winda do sali." in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert scanned(pdf) == [code]
    assert f"Bilet: {code}" in message.body
    assert "Przy wejściu należy okazać kod QR z załączonego biletu (PDF)" in message.body


def test_the_ticket_is_in_the_persons_language(training, django_capture_on_commit_callbacks, mailoutbox):
    olena = ProfileFactory(language="uk", user__first_name="Olena", user__last_name="Kowalczuk").user
    with django_capture_on_commit_callbacks(execute=True):
        register(event=training, participant=olena)

    ((name, pdf),) = ticket_attachments(mailoutbox[0])
    assert name == "квиток.pdf"
    assert "Квиток" in pdf_text(pdf)


def test_the_reminder_carries_the_ticket_and_an_online_event_has_none(
        make_event, training, marta, participant, django_capture_on_commit_callbacks, mailoutbox):
    webinar = make_event("Webinar dla pracodawców", start=training.start)
    with django_capture_on_commit_callbacks(execute=True):
        ticketed = register(event=training, participant=marta)
        register(event=webinar, participant=participant)
    assert ticket_attachments(mailoutbox[0]) and not ticket_attachments(mailoutbox[1])
    mailoutbox.clear()
    type(ticketed).objects.update(created_at=timezone.now() - timedelta(days=5))

    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(now=training.start - timedelta(hours=12))

    by_address = {message.to[0]: message for message in mailoutbox}
    assert pdf_text(ticket_attachments(by_address[marta.email])[0][1]).count(ticket_code(ticketed)) == 1
    assert ticket_attachments(by_address[participant.email]) == []


def test_a_ticket_that_cannot_be_drawn_leaves_the_mail_without_it_but_with_the_code(
        training, marta, monkeypatch, django_capture_on_commit_callbacks, mailoutbox):
    def broken(**kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(notifications, "ticket_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event=training, participant=marta)

    (message,) = mailoutbox
    assert ticket_attachments(message) == []
    assert [name for name, *_ in message.attachments] == ["invite.ics"]
    assert f"Bilet: {ticket_code(registration)}" in message.body
    assert "Przy wejściu należy okazać kod QR biletu ze strony wydarzenia" in message.body
    assert registration.state == "confirmed"


def test_the_event_page_shows_the_code_and_the_qr_code_while_the_place_is_confirmed(client, training, marta):
    registration = register(event=training, participant=marta)
    client.force_login(marta)
    code = ticket_code(registration)

    html = client.get(training.url).content.decode()

    assert f'<strong class="ticket__code">{code}</strong>' in html
    data_url = re.search(r'<img class="ticket__qr" src="data:image/png;base64,([^"]+)" alt="([^"]+)">', html)
    assert data_url[2] == f"Kod QR biletu do potwierdzenia obecności przy wejściu; zawiera kod {code}."
    image = Image.open(io.BytesIO(base64.b64decode(data_url[1])))
    enlarged = image.resize((image.width * 8, image.height * 8), Image.NEAREST)  # as CSS shows it
    assert [found.text for found in zxingcpp.read_barcodes(enlarged)] == [code]

    cancel(registration=registration, actor=marta)
    after = client.get(training.url).content.decode()
    assert code not in after and "ticket__qr" not in after


def test_my_registrations_show_the_code_of_an_in_person_place(client, training, marta):
    registration = register(event=training, participant=marta)
    client.force_login(marta)

    html = client.get(reverse("my_registrations")).content.decode()

    assert ticket_code(registration) in html


def test_the_holder_downloads_the_ticket_pdf_from_my_registrations_in_the_pages_language(client, training, marta):
    registration = register(event=training, participant=marta)
    client.force_login(marta)
    url = reverse("ticket_download", args=[registration.uid])
    assert f'href="{url}"' in client.get(reverse("my_registrations")).content.decode()
    assert f'href="{url}"' in client.get(training.url).content.decode()

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bilet.pdf"'
    pdf = response.content
    assert "Szkolenie: zatrudnianie cudzoziemców" in pdf_text(pdf)
    assert scanned(pdf) == [ticket_code(registration)]
    ukrainian = client.get(url.replace("/pl/", "/uk/", 1))
    assert ukrainian["Content-Disposition"] == "attachment; filename*=utf-8''%D0%BA%D0%B2%D0%B8%D1%82%D0%BE%D0%BA.pdf"
    assert "Квиток" in pdf_text(ukrainian.content)


def test_nobody_downloads_another_persons_ticket_nor_one_that_was_cancelled(client, training, marta, participant):
    registration = register(event=training, participant=marta)
    url = reverse("ticket_download", args=[registration.uid])
    client.force_login(participant)
    assert client.get(url).status_code == 404

    client.force_login(marta)
    cancel(registration=registration, actor=marta)
    assert client.get(url).status_code == 404
    assert 'ticket.pdf' not in client.get(reverse("my_registrations")).content.decode()


def test_a_ticket_that_cannot_be_drawn_is_explained_not_a_server_error(client, training, marta, monkeypatch):
    from events import views

    def broken(**kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(views, "ticket_pdf", broken)
    registration = register(event=training, participant=marta)
    client.force_login(marta)

    response = client.get(reverse("ticket_download", args=[registration.uid]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("my_registrations")
    assert "Biletu nie udało się teraz przygotować" in response.content.decode()
