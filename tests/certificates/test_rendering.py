"""certificates.rendering: HTML to PDF, one at a time and in bulk, read back with pypdf (an independent reader)."""

import io
import shutil
import subprocess
import sys
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pikepdf
import pypdf
import pytest
from PIL import Image

from certificates import rendering
from certificates.rendering import CertificateDocument, InvalidPdf, PageSetup
from devtools import certificate_art
from tests.certificates.pdf_reading import read_qr_code, structure

A4_LANDSCAPE = (841.89, 595.28)  # points
POLISH = ["Łucja Żebrowska-Ślęzak", "Zofia Gęślak-Źródłowska", "Jędrzej Ćwikliński", "Żaneta Łagoń", "Michał Dąbrowski"]
CYRILLIC = ["Олександра Ковальчук", "Алексей Щербаков", "Євгенія Їжакевич", "Юлія Ґудзь", "Дмитро Шевчук"]
PAYLOAD = "eyJ2IjoxLCJuIjoiSTMvMjAyNi8wMDAwMDEifQ." + "QmFzZTY0dXJsLXNpZ25hdHVyZS0" * 12  # 300+ characters


def certificate(name: str, index: int) -> CertificateDocument:
    number = f"I3/2026/{index:06d}"
    payload = f"{PAYLOAD}-{index}"
    return CertificateDocument(
        html=certificate_art.sample_html(name, number, f"https://szkolenia.example.org/z/{index}?p={payload}"),
        title=f"Zaświadczenie – {name}",
        metadata={"CertificateNumber": number, "CertificatePayload": payload},
    )


def overflowing(index: int) -> CertificateDocument:
    """A certificate whose text does not fit on one page."""
    lines = "".join(f"<p>Moduł {line}: prawo pobytu i pracy cudzoziemców</p>" for line in range(60))
    return CertificateDocument(html=f"<h1>Program szkolenia</h1>{lines}<p>I3/2026/{index:06d}</p>",
                               title="Długi", metadata={"CertificateNumber": f"I3/2026/{index:06d}"})


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf).pages)


def images(resources) -> list[tuple[int, int, str]]:
    """(width, height, filter) of every image a page draws, including those inside form XObjects."""
    found = []
    for reference in (resources.get("/XObject") or {}).values():
        xobject = reference.get_object()
        if xobject["/Subtype"] == "/Image":
            found.append((int(xobject["/Width"]), int(xobject["/Height"]), str(xobject.get("/Filter"))))
        elif xobject["/Subtype"] == "/Form":
            found.extend(images(xobject.get("/Resources") or {}))
    return found


def png(width: int, height: int, colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def setup() -> PageSetup:
    return certificate_art.sample_setup()


@pytest.mark.parametrize("name", [POLISH[0], CYRILLIC[0], CYRILLIC[1]])
def test_single_certificate_is_one_a4_landscape_page_with_the_exact_name_in_dejavu(setup, name):
    pdf = rendering.render_certificate(setup, certificate(name, 7))

    reader = read(pdf)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_LANDSCAPE, abs=0.5)
    extracted = page.extract_text()
    assert name in extracted
    assert "I3/2026/000007" in extracted
    fonts = [str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("DejaVu" in font for font in fonts)


@pytest.mark.parametrize(("size", "points"), [("A4", (595.28, 841.89)), ("A5", (419.53, 595.28))])
def test_portrait_pages(size, points):
    setup = PageSetup(size=size, orientation="portrait")
    pdf = rendering.render_certificate(setup, CertificateDocument(html="<p>Żaneta Łagoń</p>", title="Portret"))

    page = read(pdf).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(points, abs=0.5)
    assert "Żaneta Łagoń" in page.extract_text()


def test_metadata_round_trip(setup):
    document = certificate(POLISH[1], 12)
    pdf = rendering.render_certificate(setup, document)

    metadata = rendering.read_metadata(pdf)
    assert metadata["Title"] == f"Zaświadczenie – {POLISH[1]}"
    assert metadata["CertificateNumber"] == "I3/2026/000012"
    assert len(metadata["CertificatePayload"]) > 300
    assert metadata["CertificatePayload"] == document.metadata["CertificatePayload"]
    assert read(pdf).metadata["/CertificatePayload"] == document.metadata["CertificatePayload"]


def assert_pdf_a_3b(pdf: bytes, title: str, payload: str, path: Path) -> None:
    """Identified as PDF/A-3b in its XMP metadata, which repeats the title; an sRGB output intent; the signed
    payload still in the document information; and qpdf finds nothing wrong."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        xmp = document.open_metadata()
        assert (xmp.pdfa_status, xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3B", "3", "B")
        assert xmp["dc:title"] == str(document.docinfo["/Title"]) == title
        assert xmp["pdf:Producer"] == str(document.docinfo["/Producer"])
        assert "/Filter" not in document.Root.Metadata  # PDF/A: metadata readable without decoding
        (intent,) = document.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and "sRGB" in str(intent.OutputConditionIdentifier)
        assert intent.DestOutputProfile.N == 3  # an RGB ICC profile, embedded
        assert str(document.docinfo["/CertificatePayload"]) == payload
        assert document.pdf_version == "1.7" and len(document.trailer.ID) == 2
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (scripts/system-deps.sh test installs it)")
    path.write_bytes(pdf)
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True)
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


def test_single_and_bulk_files_are_archival_pdf_a_3b_with_the_payload(setup, tmp_path):
    documents = [certificate(name, index) for index, name in enumerate(POLISH[:3])]

    files = [rendering.render_certificate(setup, documents[0]), *rendering.render_certificates(setup, documents,
                                                                                               processes=1)]

    for index, (pdf, document) in enumerate(zip(files, [documents[0], *documents], strict=True)):
        assert_pdf_a_3b(pdf, document.title, document.metadata["CertificatePayload"], tmp_path / f"{index}.pdf")


def test_read_metadata_refuses_what_is_not_a_pdf():
    with pytest.raises(InvalidPdf):
        rendering.read_metadata(b"not a pdf")


def test_metadata_keys_must_be_pdf_names(setup):
    with pytest.raises(ValueError):
        rendering.render_certificate(setup, CertificateDocument(html="x", title="x", metadata={"Bad Key": "1"}))


def test_background_and_logos_are_in_the_pdf(setup):
    page = read(rendering.render_certificate(setup, certificate(POLISH[2], 3))).pages[0]

    drawn = images(page["/Resources"])
    assert (1754, 1240, "/DCTDecode") in drawn  # the background, embedded as the JPEG it was
    assert sum(1 for width, height, _ in drawn if (width, height) == (480, 480)) == 2  # both logos
    assert sum(1 for width, height, _ in drawn if (width, height) == (600, 200)) == 2  # both signatures


def test_a_png_background_is_embedded_as_jpeg_and_covers_the_page():
    setup = PageSetup(background=png(594, 420, (20, 90, 160)))
    page = read(rendering.render_certificate(setup, CertificateDocument(html="", title="Tło"))).pages[0]

    assert (594, 420, "/DCTDecode") in images(page["/Resources"])


def test_bulk_files_are_in_order_each_with_only_its_own_certificate(setup, monkeypatch):
    names = [name for pair in zip(POLISH * 3, CYRILLIC * 3) for name in pair]  # 30, Polish and Cyrillic mixed
    documents = [certificate(f"{name} {chr(0x41 + index % 26)}{index}", index) for index, name in enumerate(names)]
    documents[13] = overflowing(13)
    assert len(documents) >= rendering.POOL_THRESHOLD
    # Rendering in this process would fail; the pool's workers start from a fresh interpreter, unpatched.
    monkeypatch.setattr(rendering, "_render_batch", lambda *args: pytest.fail("rendered in-process"))

    files = rendering.render_certificates(setup, documents, processes=2)

    assert len(files) == len(documents)
    for index, (document, pdf) in enumerate(zip(documents, files)):
        extracted = text(pdf)
        assert f"I3/2026/{index:06d}" in extracted
        assert len(read(pdf).pages) == (3 if index == 13 else 1)
        assert rendering.read_metadata(pdf)["CertificateNumber"] == f"I3/2026/{index:06d}"
        if index != 13:
            own = f"{names[index]} {chr(0x41 + index % 26)}{index}"
            assert own in extracted
            assert rendering.read_metadata(pdf)["Title"] == f"Zaświadczenie – {own}"
            assert rendering.read_metadata(pdf)["CertificatePayload"] == document.metadata["CertificatePayload"]
            others = [f"{name} {chr(0x41 + other % 26)}{other}" for other, name in enumerate(names) if other != index]
            assert not [other for other in others if other in extracted]


def test_groups_of_several_templates_share_one_pool_and_come_back_batch_by_batch(setup, monkeypatch):
    """One issuing run holds a template version per language; every batch is rendered with its own group's
    setup and comes back with where it belongs, in order."""
    portrait = PageSetup(size="A5", orientation="portrait", css="p { color: #123c69 }", language="uk")
    landscape_documents = [certificate(POLISH[index % 5], index) for index in range(20)]
    portrait_documents = [certificate(CYRILLIC[index % 5], 100 + index) for index in range(15)]
    assert len(landscape_documents) + len(portrait_documents) >= rendering.POOL_THRESHOLD
    monkeypatch.setattr(rendering, "_render_batch", lambda *args: pytest.fail("rendered in-process"))

    batches = list(rendering.render_in_batches(
        [(replace(setup, language="pl"), landscape_documents), (portrait, portrait_documents)], processes=2))

    assert [(group, start) for group, start, _ in batches] == sorted({(group, start) for group, start, _ in batches})
    for group, documents, page_size in ((0, landscape_documents, A4_LANDSCAPE), (1, portrait_documents, (419.53, 595.28))):
        language = ("pl", "uk")[group]
        files = [pdf for batch_group, _, pdfs in batches if batch_group == group for pdf in pdfs]
        starts = [start for batch_group, start, _ in batches if batch_group == group]
        assert len(starts) % 2 == 0  # both workers busy to the end of each group
        assert len(files) == len(documents)
        for start in starts:  # a batch's start is the index of its first document in the group
            first = next(pdfs[0] for batch_group, batch_start, pdfs in batches if (batch_group, batch_start) == (group, start))
            assert rendering.read_metadata(first)["CertificateNumber"] == documents[start].metadata["CertificateNumber"]
        for document, pdf in zip(documents, files):
            assert rendering.read_metadata(pdf)["CertificateNumber"] == document.metadata["CertificateNumber"]
            page = read(pdf).pages[0]
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(page_size, abs=0.5)
            assert read(pdf).trailer["/Root"]["/Lang"] == language


def test_every_file_is_tagged_with_its_own_structure_only(setup):
    """Screen readers follow the tags: each certificate's file holds the headings, paragraphs and figures (with
    their text alternatives) of its own pages, none of its neighbours' in the batch."""
    documents = [certificate(POLISH[0], 1), overflowing(2), certificate(CYRILLIC[2], 3)]

    files = rendering.render_certificates(replace(setup, language="pl"), documents, processes=1)

    for pdf, pages in zip(files, ([1], [1, 2, 3], [1])):
        tagged = structure(pdf)
        assert len(tagged) == len(pages) and all(tagged)  # every page has its elements
        kinds = [kind for page in tagged for _, kind, _ in page]
        assert kinds.count("Document") == len(pages) and kinds.count("H1") == 1
        catalog = read(pdf).trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"] and catalog["/ViewerPreferences"]["/DisplayDocTitle"]
        assert catalog["/Lang"] == "pl"
        with pikepdf.open(io.BytesIO(pdf)) as opened:  # each page's marked content finds its elements
            parents = pikepdf.NumberTree(opened.Root.StructTreeRoot.ParentTree)
            assert sorted(int(page.obj.StructParents) for page in opened.pages) == sorted(parents.keys())
    figures = [alt for _, kind, alt in structure(files[0])[0] if kind == "Figure"]
    assert sorted(figures) == sorted(["Urząd Wojewódzki", "Punkt Informacyjny dla Cudzoziemców",
                                      "Podpis: Katarzyna Wiśniewska", "Podpis: Mykola Hrytsenko", "QR"])


def test_in_process_bulk_matches_single_renders_and_keeps_an_overflow_to_itself(setup):
    documents = [certificate(POLISH[0], 1), overflowing(2), certificate(CYRILLIC[2], 3)]

    files = rendering.render_certificates(setup, documents, processes=1)

    assert [len(read(pdf).pages) for pdf in files] == [1, 3, 1]
    assert POLISH[0] in text(files[0]) and CYRILLIC[2] not in text(files[0])
    assert CYRILLIC[2] in text(files[2]) and POLISH[0] not in text(files[2])
    assert "Program szkolenia" in text(files[1]) and "I3/2026/000002" in text(files[1])
    single = rendering.render_certificate(setup, documents[0])
    assert text(files[0]) == text(single)
    assert rendering.read_metadata(files[0]) == rendering.read_metadata(single)
    # Each file carries the background once and none of its neighbours' images: the size of a single render
    # (give or take the glyphs its neighbours' names add to the shared font subsets).
    assert len(files[0]) < 1.15 * len(single)
    assert len(files[0]) > len(certificate_art.background_jpeg())


def test_threads_render_side_by_side(setup):
    """Web and task threads may render at the same time; each keeps its own WeasyPrint state."""
    results: dict[int, bytes] = {}

    def render(index: int) -> None:
        results[index] = rendering.render_certificate(setup, certificate(CYRILLIC[index], index))

    threads = [threading.Thread(target=render, args=(index,)) for index in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for index in range(3):
        assert CYRILLIC[index] in text(results[index])
        assert f"I3/2026/{index:06d}" in text(results[index])


@pytest.mark.parametrize("css", [".certificate-page:nth-child(2) { display: none }",
                                 ".certificate-page { break-before: auto; min-height: 0 }"])
def test_certificates_that_cannot_be_told_apart_fail_loudly(css):
    """Rather than files with the wrong certificate in them, or none."""
    documents = [CertificateDocument(html=f"<p>{name}</p>", title=name) for name in POLISH[:3]]

    with pytest.raises(RuntimeError):
        rendering.render_certificates(PageSetup(css=css), documents, processes=1)


def test_no_documents_no_files(setup):
    assert rendering.render_certificates(setup, []) == []


def test_qr_code_is_a_sharp_image_sized_by_css_that_scans_to_its_text():
    text_in_code = "https://szkolenia.example.org/z/abc?p=" + PAYLOAD
    document = CertificateDocument(html=f"<p>Kod</p>{rendering.QR_CODE_SLOT}", title="QR", qr_text=text_in_code)

    pdf = rendering.render_certificate(PageSetup(css=".qr-code { width: 40mm; height: 40mm; }"), document)

    assert read_qr_code(pdf) == text_in_code
    page = read(pdf).pages[0]
    (image,) = [reference.get_object() for reference in page["/Resources"]["/XObject"].values()
                if reference.get_object()["/Subtype"] == "/Image"]
    assert image["/Width"] == image["/Height"] < 120  # one pixel per module, quiet zone included
    assert image["/Interpolate"].value is False  # drawn without smoothing: modules stay square
    markup = rendering.qr_code_img(text_in_code)
    assert markup.startswith('<img class="qr-code"') and " width=" not in markup
    assert markup != rendering.qr_code_img(text_in_code + "x")


def test_qr_code_is_drawn_sharp(setup):
    page = read(rendering.render_certificate(setup, certificate(POLISH[3], 4))).pages[0]

    xobjects = [reference.get_object() for reference in page["/Resources"]["/XObject"].values()]
    qr = [xobject for xobject in xobjects
          if xobject["/Subtype"] == "/Image" and xobject["/Width"] == xobject["/Height"] != 480]
    assert len(qr) == 1
    assert qr[0]["/Interpolate"] == False  # noqa: E712 (a pypdf BooleanObject): sharp modules, not smoothed


class _Recorder(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.requests.append(self.path)
        body = png(40, 40)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_external_urls_are_neither_fetched_nor_read(tmp_path: Path, web_server):
    local = tmp_path / "secret.png"
    local.write_bytes(png(37, 23))
    stylesheet = tmp_path / "style.css"
    stylesheet.write_text("p { color: red }")
    css = (f"@import url('{web_server}/import.css'); @import url('{stylesheet.as_uri()}');"
           f"@font-face {{ font-family: X; src: url('{web_server}/font.ttf') }}"
           f"body {{ background-image: url('{web_server}/css-background.png') }}")
    setup = PageSetup(css=css, assets={"podpis-Łukasz": png(50, 30)})
    html = (f'<img src="{local.as_uri()}"><img src="file:///etc/passwd"><img src="{web_server}/image.png">'
            f'<link rel="stylesheet" href="{web_server}/link.css"><iframe src="{web_server}/frame"></iframe>'
            f'<object data="{web_server}/object.png"></object><img src="asset:podpis-Łukasz">'
            f'<p>Jędrzej Ćwikliński</p>')

    pdf = rendering.render_certificate(setup, CertificateDocument(html=html, title="Bez sieci"))

    assert _Recorder.requests == []
    page = read(pdf).pages[0]
    assert "Jędrzej Ćwikliński" in page.extract_text()
    assert images(page["/Resources"]) == [(50, 30, "/FlateDecode")]  # only the template's own asset


def test_rendering_module_does_not_import_django():
    code = "import sys, certificates.rendering; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(rendering.__file__).resolve().parent.parent)
    assert result.stdout.strip() == "[]"
