"""The printed QR code must scan from a photo of a paper certificate taken with a cheap device: the page at
150 dpi, slightly blurred, a little askew and saved as a rough JPEG, read by an independent decoder (ZXing),
then checked offline with the published public key exactly as ``verify_certificate`` does."""

import io

import pytest
from PIL import Image, ImageFilter

from certificates import services, signing
from certificates.management.commands.verify_certificate import payload_from
from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def photographed(pdf: bytes, *, dpi: int = 150, blur: float = 1.0, degrees: float = 4.0, quality: int = 60):
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil().convert("RGB")
    askew = page.filter(ImageFilter.GaussianBlur(blur)).rotate(degrees, expand=True, fillcolor="white")
    buffer = io.BytesIO()
    askew.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("degrees", [3, -5])
def test_the_qr_code_scans_from_a_blurred_askew_jpeg_at_150_dpi_and_verifies_offline(
        finished_event, attended, participant, degrees):
    import zxingcpp

    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()
    with certificate.pdf.open("rb") as handle:
        image = photographed(handle.read(), degrees=degrees)

    codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)

    assert [code.text for code in codes] == [f"http://127.0.0.1:8000/v/{certificate.payload}"]
    public_keys = signing.load_public_keys(signing.public_keys_pem())  # as published, for an offline check
    claims = signing.verify(payload_from(codes[0].text), public_keys=public_keys)
    assert (claims.holder_name, claims.title, claims.number) == (
        certificate.holder_name, certificate.title, certificate.number)
    assert (claims.first_day, claims.last_day) == (certificate.first_day.isoformat(), certificate.last_day.isoformat())
    assert float(claims.hours) == float(certificate.hours)
