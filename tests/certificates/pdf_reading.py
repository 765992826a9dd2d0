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


def structure(pdf: bytes) -> list[list[tuple[int, str, str]]]:
    """The tagged structure as PDFium reads it for each page (what assistive technology gets): per page, the
    elements in reading order as (depth, type, alternative text)."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium

    def text(getter, element) -> str:
        size = getter(element, None, 0)
        if size <= 2:
            return ""
        buffer = ctypes.create_string_buffer(size)
        getter(element, buffer, size)
        return buffer.raw[:size - 2].decode("utf-16-le")

    def walk(element, depth: int, found: list) -> None:
        found.append((depth, text(pdfium.FPDF_StructElement_GetType, element),
                      text(pdfium.FPDF_StructElement_GetAltText, element)))
        for index in range(pdfium.FPDF_StructElement_CountChildren(element)):
            child = pdfium.FPDF_StructElement_GetChildAtIndex(element, index)
            if child:
                walk(child, depth + 1, found)

    pages = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        tree = pdfium.FPDF_StructTree_GetForPage(page.raw)
        found: list = []
        for index in range(pdfium.FPDF_StructTree_CountChildren(tree)):
            walk(pdfium.FPDF_StructTree_GetChildAtIndex(tree, index), 0, found)
        pdfium.FPDF_StructTree_Close(tree)
        pages.append(found)
    return pages
