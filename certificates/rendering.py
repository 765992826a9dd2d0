"""Certificate HTML to PDF: one certificate at a time, or a thousand in bulk.

This is the only module that imports WeasyPrint, pikepdf and pypdf (which reads a PDF's text back), and it
imports nothing from Django: bulk rendering runs in worker processes that must never touch settings, the ORM or
a database connection.

Why bulk rendering is built the way it is: a plain WeasyPrint render of one certificate costs about a third of
a second, mostly fixed costs (fonts, style sheets, decoding images, writing the PDF with its font subsets);
even with those kept between calls, as here, it is 50-60 ms. Laid out together, certificates cost about 25 ms
of CPU each. So certificates are rendered in batches, each batch one WeasyPrint document in which every
certificate sits in its own wrapper starting on a new page, and the batch PDF is then cut into one file per
certificate with pikepdf (qpdf, in C++), which copies the pages with the objects they use (the background JPEG
included) without decoding or re-encoding them. Batches are spread over processes to use every core. A single
certificate goes through the very same path as a batch of one, so a certificate looks the same whichever way
it was produced.

Where the time goes now (two cores, the demo template, per certificate in bulk): WeasyPrint's style and layout
work about 14 ms of CPU, writing the PDF about 5 ms, the QR code 2 ms, parsing 1 ms, cutting 2-3 ms, and the
issuing service around it (storing, hashing, numbering, queuing e-mails) 2-3 ms in the calling process. The
layout is the floor: it grows with the number of boxes in the template, not with anything kept between calls.

The files are tagged PDFs (structure tree in reading order, figures with their text alternatives, language,
title shown by readers), because certificates are documents a public office hands out and screen readers
need the tags; the cutting keeps each file's part of the batch's structure tree (``_Tags``). They are PDF/A-3b
(archival: offices keep them for years), the batch by WeasyPrint and each file cut from it by ``_declare_pdf_a``.
"""


import base64
import hashlib
import io
import math
import multiprocessing
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from html import escape
from urllib.parse import unquote

import pikepdf
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from lms.processes import exit_when_owner_dies

# Page sizes in millimetres, portrait (width, height); the wrapper of a certificate is as tall as the page.
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "letter": (215.9, 279.4)}
ORIENTATIONS = ("landscape", "portrait")

# URL scheme for images kept in memory; the background has a name no template asset can take (asset names
# come after the colon, this one is a different scheme altogether).
ASSET_SCHEME = "asset:"
BACKGROUND_URL = "certificate-background:page"
WRAPPER_CLASS = "certificate-page"
# Printed addresses (certificates.documents.printed_address): parts a line must not break, and the code.
UNBROKEN_CLASS = "unbroken"
VERIFICATION_CODE_CLASS = "verification-code"
_WRAPPER_ID = "certificate-page-{index}-f3c9"  # a suffix so a template's own ids cannot collide with ours

# Below this many documents a process pool costs more than it saves. Measured on two cores with the sample
# template: 20 certificates take 0.5 s in-process and as long with two workers (0.9 s when the fork server has
# to start first), 40 take 0.9 s in-process and 0.65 s with two workers.
POOL_THRESHOLD = 30
# CPU per certificate with the sample template: 51 ms alone, 28 ms in batches of 5, 25 ms from 20 to 100,
# 31 ms at 200. Bigger batches also hold more layout in memory (about 1 MB a page until the PDF is written)
# and make the last batch of a pool the one everybody waits for.
MAX_BATCH = 40
MAX_PROCESSES = 8

QR_CODE_SLOT = "<!--certificate-qr-code-->"
# Archival PDF: fonts embedded, colours tied to an output intent, XMP metadata; the "3" allows attachments.
PDF_VARIANT = "pdf/a-3b"
# Printed and photographed with a cheap phone (150 dpi, slightly blurred and askew, a rough JPEG), ZXing read the
# signed address's QR code (version 12) at 0.5 mm a module and none at 0.45 mm; 0.55 mm leaves a margin. It
# makes that code 40 mm wide with its quiet zone.
MIN_QR_MODULE_MM = 0.55

_METADATA_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class PageSetup:
    """Everything about a certificate that all certificates of one template share."""

    size: str = "A4"  # "A4" | "A5" | "letter"
    orientation: str = "landscape"  # "landscape" | "portrait"
    css: str = ""  # the template's own CSS, applied after the base CSS
    background: bytes | None = None  # full-page background image (JPEG/PNG/WebP), covers the page, no margin
    assets: Mapping[str, bytes] = field(default_factory=dict)  # other images; HTML uses src="asset:<name>"
    language: str = ""  # of the text (e.g. "uk"): the PDF says so for screen readers, and hyphenation follows it
    qr_alt: str = "QR"  # what screen readers say for the QR code, in that language


@dataclass(frozen=True)
class CertificateDocument:
    """One participant's certificate."""

    html: str  # body content of one certificate, placeholders already filled
    title: str  # PDF /Title
    metadata: Mapping[str, str] = field(default_factory=dict)  # extra document-info entries, keys without "/"
    # Where the HTML holds QR_CODE_SLOT, the QR code of this text goes. Encoding a QR code of a signed address
    # costs milliseconds, so it is done where the certificate is laid out: in the worker processes.
    qr_text: str = ""


class InvalidPdf(ValueError):
    """The bytes are not a PDF that can be read."""


class UnusableLayout(RuntimeError):
    """The template's HTML and CSS do not give each certificate a page of its own (a wrapper hidden, or its
    page break cancelled), so the batch cannot be cut into one file per certificate."""


def render_certificate(setup: PageSetup, document: CertificateDocument) -> bytes:
    """One certificate as a PDF: the same code path as a batch of one, so single and bulk files match."""
    return _render_batch(setup, [_plain(document)])[0]


def render_certificates(
    setup: PageSetup, documents: Sequence[CertificateDocument], *, processes: int | None = None
) -> list[bytes]:
    """Same order as documents; each item a standalone PDF equivalent to render_certificate's output for it.
    See ``render_in_batches`` for how the work is spread."""
    return [pdf for _, _, files in render_in_batches([(setup, documents)], processes=processes) for pdf in files]


def render_in_batches(
    groups: Sequence[tuple[PageSetup, Sequence[CertificateDocument]]], *, processes: int | None = None
) -> Iterator[tuple[int, int, list[bytes]]]:
    """Render several groups of certificates (one per template version) as one piece of work, yielding
    ``(group index, index of the first document in its group, PDFs)`` batch by batch, in order, as soon as a
    batch is done, so the caller stores one batch while the next ones are being rendered.

    ``processes`` defaults to the usable CPUs (at most 8). With 1, with fewer than ``POOL_THRESHOLD``
    documents in all, or inside a daemonic process, everything is rendered in this thread. Otherwise the
    batches go to one process pool in the "forkserver" start method ("spawn" where there is none): children
    start from a clean interpreter, never from a copy of the calling Django process with its threads and
    database connections, and receive only strings and bytes. The first pool in a process costs about 0.6 s
    (the fork server starts and imports WeasyPrint), later ones a few hundredths of a second. As
    multiprocessing requires, the main module (manage.py, pytest, gunicorn...) must be importable without
    side effects.
    """
    for setup, _ in groups:
        _check_setup(setup)
    plain = [[_plain(document) for document in documents] for _, documents in groups]
    total = sum(len(documents) for documents in plain)
    if not total:
        return
    workers = _usable_cpus() if processes is None else processes
    workers = max(1, min(workers, MAX_PROCESSES))
    # A daemonic process (some task runners start their workers so) may not have children of its own.
    if total < POOL_THRESHOLD or multiprocessing.current_process().daemon:
        workers = 1
    work = [
        (group, start, batch)
        for group, documents in enumerate(plain)
        for start, batch in _batches(documents, workers)
    ]
    if workers == 1:
        for group, start, batch in work:
            yield group, start, _render_batch(groups[group][0], batch)
        return
    # Plain types only (a mapping proxy does not pickle), and each background converted once, here, rather
    # than in every worker; the setups cross to each worker once, the batches name theirs by index.
    portable = [replace(setup, background=_background_jpeg(setup.background), assets=dict(setup.assets))
                for setup, _ in groups]
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=_pool_context(), initializer=_start_worker, initargs=(portable, os.getpid()),
    ) as pool:
        rendered = pool.map(_render_batch_in_worker, [(group, batch) for group, _, batch in work])
        for (group, start, _), files in zip(work, rendered, strict=True):
            yield group, start, files


def read_metadata(pdf: bytes) -> dict[str, str]:
    """The document-info entries of a PDF, keys without "/" (Title included): how a certificate's number and
    signed payload are read back from a file that was uploaded for verification."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            return {str(key)[1:]: str(value) for key, value in document.docinfo.items()}
    except (pikepdf.PdfError, ValueError) as error:
        raise InvalidPdf(f"Not a readable PDF ({error}).") from error


def pdf_text(pdf: bytes) -> str:
    """The text a reader extracts from one of our PDFs, page after page (what copying it gives)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def qr_code_img(text: str, alt: str = "QR") -> str:
    """An ``<img class="qr-code">`` of a QR code (error correction M) for ``text``, sized by CSS (e.g. 30 mm) but
    never smaller than ``MIN_QR_MODULE_MM`` a module.

    The image is the code as a bitmap of one pixel per module, drawn without smoothing (``image-rendering:
    pixelated``, which WeasyPrint honours): as sharp as vector modules at any size, but WeasyPrint draws it
    in a fraction of a millisecond, whereas a vector QR code of a signed verification address (a few thousand
    path segments) costs about 25 ms per certificate, more than the whole rest of a certificate's layout; a
    plain image is also about 3 ms cheaper than the same bitmap inside an inline SVG. The quiet zone is white
    because certificate backgrounds are rarely plain enough for a scanner.
    """
    png, modules = qr_code_png(text)
    # Inline, so a layout's smaller width cannot win (min-width overrides width).
    smallest = f"{modules * MIN_QR_MODULE_MM:.1f}mm"
    return (f'<img class="qr-code" alt="{escape(alt)}" style="image-rendering: pixelated; min-width: {smallest}; '
            f'min-height: {smallest}" src="{png_data_url(png)}">')


def qr_code_png(text: str) -> tuple[bytes, int]:
    """A QR code (error correction M) for ``text`` as a PNG of one pixel per module, quiet zone included, and its
    width in modules; shown larger without smoothing (``image-rendering: pixelated``)."""
    # ZXing's C++ encoder picks the best mask in about a millisecond; a pure-Python encoder took 5-20 ms for a
    # signed address, a third of a certificate's whole cost in bulk. It also mixes modes: the address in bytes,
    # the base32 payload in the alphanumeric mode.
    symbol = zxingcpp.write_barcode_to_image(
        zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M"), scale=1, add_quiet_zones=True,
    )
    buffer = io.BytesIO()
    Image.frombytes("L", (symbol.shape[1], symbol.shape[0]), memoryview(symbol).tobytes()).save(buffer, "PNG")
    return buffer.getvalue(), symbol.shape[1]


def png_data_url(png: bytes) -> str:
    return f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}"


# --- rendering ------------------------------------------------------------------------------------------------

_Plain = tuple[str, str, dict[str, str], str]  # html, title, metadata, qr_text: what crosses the process boundary


def _plain(document: CertificateDocument) -> _Plain:
    metadata = dict(document.metadata)
    for key in metadata:
        if not _METADATA_KEY.fullmatch(key) or key == "Title":
            raise ValueError(f"Unusable PDF metadata key {key!r} (letters, digits, '_', '.', '-'; not 'Title').")
    return document.html, document.title, metadata, document.qr_text


def _check_setup(setup: PageSetup) -> None:
    if setup.size not in PAGE_SIZES_MM:
        raise ValueError(f"Unknown page size {setup.size!r}; expected one of {', '.join(PAGE_SIZES_MM)}.")
    if setup.orientation not in ORIENTATIONS:
        raise ValueError(f"Unknown orientation {setup.orientation!r}; expected one of {', '.join(ORIENTATIONS)}.")


def _base_css(setup: PageSetup) -> str:
    short, long = PAGE_SIZES_MM[setup.size]
    page_height = short if setup.orientation == "landscape" else long
    background = f'background: url("{BACKGROUND_URL}") center / cover no-repeat;' if setup.background else ""
    # The wrapper is positioned, so a template's absolutely positioned parts belong to their own certificate's
    # page rather than to the first page of a batch; it is at least a page tall, so such parts can be placed
    # from the bottom of the page, and it may grow onto a second page when the content does not fit. A forced
    # break before the first box of a document is ignored, so no blank page opens a batch.
    return f"""
@page {{ size: {setup.size} {setup.orientation}; margin: 0; {background} }}
html {{ font-family: "DejaVu Serif", "DejaVu Sans", serif; }}
body {{ margin: 0; }}
.{UNBROKEN_CLASS} {{ white-space: nowrap; }}
.{VERIFICATION_CODE_CLASS} {{ white-space: nowrap; font-family: "DejaVu Sans Mono", monospace; letter-spacing: 0.03em; }}
.{WRAPPER_CLASS} {{ position: relative; box-sizing: border-box; min-height: {page_height}mm; break-before: page; }}
"""


class _MemoryFetcher(URLFetcher):
    """Serves the background and ``asset:`` images from memory and refuses every other URL, so a layout can
    neither read the server's files nor make the server fetch addresses (data: URLs are served: they hold
    their content and need no I/O)."""

    def __init__(self, setup: PageSetup):
        super().__init__(allowed_protocols={"data"})
        self._resources = {ASSET_SCHEME + name: data for name, data in setup.assets.items()}
        if setup.background:
            self._resources[BACKGROUND_URL] = _background_jpeg(setup.background)

    @property
    def urls(self) -> list[str]:
        return list(self._resources)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        # WeasyPrint percent-encodes non-ASCII names before asking.
        data = self._resources.get(unquote(url))
        if data is None:
            raise ValueError(f"Certificates may only use their template's images, not {url[:80]!r}.")
        return URLFetcherResponse(url, data)


def _background_jpeg(image: bytes | None) -> bytes | None:
    """The background as a JPEG. WeasyPrint embeds a JPEG as it is, but turns any other image into PNG data and
    does so again for every batch: for a full-page PNG or WebP that is half a second per batch and megabytes
    in every file. A background is a picture, so JPEG at high quality loses nothing anyone will see."""
    if not image:
        return image
    with Image.open(io.BytesIO(image)) as picture:
        if picture.format == "JPEG":
            return image
        rgba = picture.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    buffer = io.BytesIO()
    flat.save(buffer, format="JPEG", quality=92)
    return buffer.getvalue()


class _Renderer:
    """What every batch of one setup shares: fonts, parsed style sheets, decoded images and the fetcher.
    Building it costs about as much as rendering a certificate, so it is kept per thread (WeasyPrint's font
    configuration is not safe to share between threads)."""

    def __init__(self, setup: PageSetup):
        self.language, self.qr_alt = setup.language, setup.qr_alt
        self.fetcher = _MemoryFetcher(setup)
        self.font_config = FontConfiguration()
        self.stylesheets = [
            CSS(string=css, url_fetcher=self.fetcher, font_config=self.font_config)
            for css in (_base_css(setup), setup.css) if css
        ]
        # WeasyPrint keeps decoded images in a dict keyed by URL. The setup's images are decoded once, here,
        # by laying out a page that shows them all; each batch gets a copy, so the QR codes and anything else
        # a batch adds are dropped with it instead of piling up in a long-lived process.
        self.setup_images: dict = {}
        shown = "".join(f'<img src="{escape(url)}">' for url in self.fetcher.urls)
        HTML(string=shown, url_fetcher=self.fetcher).render(font_config=self.font_config, cache=self.setup_images)

    def render(self, documents: Sequence[_Plain]) -> list[bytes]:
        body = "".join(
            f'<div class="{WRAPPER_CLASS}" id="{_WRAPPER_ID.format(index=index)}">'
            f'{html.replace(QR_CODE_SLOT, qr_code_img(qr_text, self.qr_alt)) if qr_text else html}</div>'
            for index, (html, _, _, qr_text) in enumerate(documents)
        )
        language = f' lang="{escape(self.language)}"' if self.language else ""
        source = f'<!DOCTYPE html><html{language}><head><meta charset="utf-8"></head><body>{body}</body></html>'
        layout = HTML(string=source, url_fetcher=self.fetcher).render(
            font_config=self.font_config, stylesheets=self.stylesheets, cache=dict(self.setup_images))
        first_pages = _first_pages(layout.pages, len(documents))
        pdf = layout.write_pdf(pdf_tags=True, pdf_variant=PDF_VARIANT)
        return _split(pdf, first_pages, documents, self.language)


def _first_pages(pages, count: int) -> list[int]:
    """Index of the page each certificate starts on, read from the anchors of the wrappers rather than assumed
    to be one page each: a certificate whose content overflows takes two pages."""
    indexes = {_WRAPPER_ID.format(index=index): index for index in range(count)}
    starts: dict[int, int] = {}
    for page_number, page in enumerate(pages):
        for anchor in page.anchors:
            if anchor in indexes:
                # A wrapper continued on the next page is anchored there too; it starts on the first.
                starts.setdefault(indexes[anchor], page_number)
    first_pages = [starts.get(index) for index in range(count)]
    # Each certificate must start on a page of its own, after the one before it (a template's CSS could
    # hide a wrapper or cancel its page break).
    if None in first_pages or any(later <= earlier for earlier, later in zip(first_pages, first_pages[1:])):
        raise UnusableLayout("Certificates could not be told apart in the rendered pages; does the template's CSS "
                           f"hide the .{WRAPPER_CLASS} wrappers or cancel their page breaks?")
    return first_pages


def _split(pdf: bytes, first_pages: Sequence[int], documents: Sequence[_Plain], language: str) -> list[bytes]:
    files = []
    with pikepdf.open(io.BytesIO(pdf)) as source:
        producer = source.docinfo.get("/Producer")
        # The colour profile every PDF/A file names (WeasyPrint writes it inline; only objects can be copied).
        output_intents = source.make_indirect(source.Root.OutputIntents)
        tags = _Tags(source)
        ends = [*first_pages[1:], len(source.pages)]
        for (start, end), (_, title, metadata, _) in zip(zip(first_pages, ends), documents, strict=True):
            with pikepdf.new() as target:
                target.pages.extend(source.pages[start:end])
                tags.copy_into(target, range(start, end))
                if producer is not None:
                    target.docinfo["/Producer"] = producer
                for key, value in metadata.items():
                    target.docinfo[pikepdf.Name("/" + key)] = value
                target.docinfo["/Title"] = title
                # Readers show the title rather than the file name (PDF/UA asks for it).
                target.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
                if language:
                    target.Root.Lang = pikepdf.String(language)
                _declare_pdf_a(target, output_intents)
                # WeasyPrint gives all pages of a batch one resource dictionary; without pruning every
                # file would carry the images and patterns of its neighbours.
                target.remove_unreferenced_resources()
                buffer = io.BytesIO()
                target.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                            min_version="1.7")
                files.append(buffer.getvalue())
    return files


def _declare_pdf_a(target: pikepdf.Pdf, output_intents: pikepdf.Object) -> None:
    """What makes a file cut from the batch PDF/A-3b as the batch was: its output intent, and XMP metadata naming
    the PDF/A part and conformance and repeating the title and producer (PDF/A wants them equal to the document
    information; the certificate's own entries, such as its signed payload, have no XMP equivalent and stay only
    there). About a millisecond a file."""
    target.Root.OutputIntents = target.copy_foreign(output_intents)
    described = {key: target.docinfo[key] for key in ("/Title", "/Producer") if key in target.docinfo}
    with target.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp.load_from_docinfo(described)
        xmp["pdfaid:part"], xmp["pdfaid:conformance"] = "3", "B"  # PDF_VARIANT


class _Tags:
    """The structure tree of a tagged batch (headings, paragraphs, figures with their alternative text, in
    reading order: what screen readers follow), handed out certificate by certificate.

    WeasyPrint tags the batch as one Document whose children are the certificates' wrappers, in order, one
    element per page a wrapper is on. A certificate's file gets a Document of its own holding the elements of
    its pages, and a parent tree that maps its pages' marked content (and link annotations) back to them.
    The elements' links to the batch's Document are cut first: copying an element copies everything it
    refers to, and through its parent that would be every other certificate of the batch."""

    def __init__(self, source: pikepdf.Pdf):
        tree = source.Root.StructTreeRoot
        document = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
        page_numbers = {page.objgen: number for number, page in enumerate(source.pages)}
        # A wrapper continued on the next page is a second element there, so the elements are told apart by
        # the page they are on rather than counted.
        self.on_page: dict[int, list[pikepdf.Object]] = {}
        kids = document.get("/K")
        page_number = 0
        for element in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            page = _first_page_of(element)
            page_number = page_numbers[page.objgen] if page is not None else page_number  # else: as the one before
            self.on_page.setdefault(page_number, []).append(element)
            del element["/P"]
        self.parents = pikepdf.NumberTree(tree.ParentTree)
        self.extras = {key: tree[key] for key in ("/Namespaces", "/RoleMap") if key in tree}

    def copy_into(self, target: pikepdf.Pdf, pages: range) -> None:
        elements = [target.copy_foreign(element) for number in pages for element in self.on_page.get(number, [])]
        document = target.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, K=pikepdf.Array(elements)))
        for element in elements:
            element.P = document
        parents = pikepdf.NumberTree.new(target)
        next_key = 0
        # Page contents and link annotations name their elements by a key into the parent tree; the keys are
        # renumbered from 0 for this file (the elements themselves were copied above, with their subtrees).
        holders = [(page.obj, "/StructParents") for page in target.pages] + [
            (annotation, "/StructParent") for page in target.pages for annotation in page.obj.get("/Annots", [])]
        for holder, key_name in holders:
            if key_name in holder:
                parents[next_key] = _copied(target, self.parents[int(holder[key_name])])
                holder[key_name] = next_key
                next_key += 1
        root = target.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=document, ParentTree=parents.obj, ParentTreeNextKey=next_key,
            **{key[1:]: _copied(target, value) for key, value in self.extras.items()}))
        document.P = root
        target.Root.StructTreeRoot = root
        target.Root.MarkInfo = pikepdf.Dictionary(Marked=True)


def _first_page_of(element: pikepdf.Object) -> pikepdf.Object | None:
    """The page a structure element is on: its own /Pg, or its first descendant's."""
    if not isinstance(element, pikepdf.Dictionary):
        return None
    if "/Pg" in element:
        return element.Pg
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        page = _first_page_of(kid)
        if page is not None:
            return page
    return None


def _copied(target: pikepdf.Pdf, value):
    """``value`` from another PDF, for ``target``: indirect objects through the copier (so an object copied
    twice stays one), direct arrays and dictionaries rebuilt around their copied members."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return target.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copied(target, item) for item in value])
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copied(target, item) for key, item in value.items()})
    return value


# --- per thread and per process state ---------------------------------------------------------------------------

_local = threading.local()
_RENDERERS_KEPT = 4


def _renderer_for(setup: PageSetup) -> _Renderer:
    """The thread's renderer for this setup, built once; a few are kept for callers alternating templates."""
    renderers: OrderedDict[bytes, _Renderer] = _local.__dict__.setdefault("renderers", OrderedDict())
    key = _setup_key(setup)
    renderer = renderers.pop(key, None) or _Renderer(setup)
    renderers[key] = renderer
    while len(renderers) > _RENDERERS_KEPT:
        renderers.popitem(last=False)
    return renderer


def _setup_key(setup: PageSetup) -> bytes:
    digest = hashlib.sha256()
    for part in (setup.size, setup.orientation, setup.css, setup.language, setup.qr_alt):
        digest.update(part.encode() + b"\0")
    digest.update(setup.background or b"")
    for name, data in sorted(setup.assets.items()):
        digest.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.digest()


def _render_batch(setup: PageSetup, documents: Sequence[_Plain]) -> list[bytes]:
    _check_setup(setup)
    return _renderer_for(setup).render(documents)


_worker_setups: list[PageSetup] = []


def _start_worker(setups: list[PageSetup], owner_pid: int) -> None:
    """Pool initializer: the setups (with their images) cross to each worker once, not with every batch; and the
    worker ends when the process that made the pool dies (killed mid-batch), instead of waiting for ever."""
    exit_when_owner_dies(owner_pid)
    _worker_setups[:] = setups


def _render_batch_in_worker(work: tuple[int, Sequence[_Plain]]) -> list[bytes]:
    group, documents = work
    assert _worker_setups, "the pool initializer did not run"
    return _render_batch(_worker_setups[group], documents)


def _batches(documents: list[_Plain], workers: int) -> list[tuple[int, list[_Plain]]]:
    """Equal batches of at most ``MAX_BATCH``, their number a multiple of ``workers`` so that no core idles
    while another renders the last batch; each with the index of its first document."""
    if not documents:
        return []
    count = math.ceil(len(documents) / MAX_BATCH)
    if workers > 1:
        count = max(workers, math.ceil(count / workers) * workers)
    size = math.ceil(len(documents) / count)
    return [(start, documents[start:start + size]) for start in range(0, len(documents), size)]


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _pool_context() -> multiprocessing.context.BaseContext:
    """A start method that does not copy the calling process: forking a Django process would duplicate its
    threads' locks and its open database connections. The forkserver imports this module (and with it
    WeasyPrint) once, so later pools start in a fraction of a second; "__main__" stays on the preload list
    (the default) so that children, which import the main module as multiprocessing requires, find it there."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", __name__])
        return context
    return multiprocessing.get_context("spawn")
