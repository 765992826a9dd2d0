"""Reading certificates as a person or a phone would: the text (pypdf) and the printed QR code (the page
rasterised by PDFium at 300 dpi, decoded by ZXing)."""

from io import BytesIO

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def read_qr_code(pdf: bytes) -> str:
    import pypdfium2
    import zxingcpp

    page = pypdfium2.PdfDocument(pdf)[0]
    (code,) = zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())
    return code.text
