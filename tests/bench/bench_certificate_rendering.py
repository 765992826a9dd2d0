"""Certificate rendering alone (no database, no storage): ``--single-sample`` certificates one by one with
render_certificate, then ``--count`` in bulk with render_certificates, on the realistic sample template
(full-page background, logos, signatures, a QR code with a signed address). Polish and Cyrillic names mixed.

Goal: 1,000 certificates in bulk well under 30 s on two cores (aim: 20 s, leaving room for the database and
storage work of the caller), and bulk far cheaper per certificate than one by one. Every bulk PDF is checked with
pypdf (it opens, has one page, shows its own name and number, carries its metadata); a failed check, or with
``--max-seconds`` a slower bulk run, exits non-zero.

    .venv/bin/python -m tests.bench.bench_certificate_rendering [--count 1000] [--single-sample 40]
"""

import argparse
import base64
import io
import os
import random
import statistics
import sys
import threading
import time

import pypdf

from certificates import rendering
from devtools import certificate_art

FIRST_NAMES = ["Łucja", "Zofia", "Jędrzej", "Żaneta", "Michał", "Agnieszka", "Grzegorz", "Małgorzata"]
SURNAMES = ["Żebrowska-Ślęzak", "Gęślak", "Ćwikliński", "Łagoń", "Dąbrowski", "Wiśniewska", "Źródłowski", "Kołłątaj"]
CYRILLIC_FIRST_NAMES = ["Олександра", "Алексей", "Євгенія", "Юлія", "Дмитро", "Наталья", "Богдан", "Ксенія"]
CYRILLIC_SURNAMES = ["Ковальчук", "Щербаков", "Їжакевич", "Ґудзь", "Шевчук", "Воробьёва", "Пономаренко", "Лысенко"]


def documents(count: int) -> list[rendering.CertificateDocument]:
    """Certificates as the caller builds them: unique number, a signed payload (packed claims and an Ed25519
    signature, about 115 bytes in base32, as certificates.signing writes it) in the metadata and, behind the short
    verification address, in the QR code."""
    rng = random.Random(1000)
    result = []
    for index in range(count):
        if index % 2:
            name = f"{rng.choice(CYRILLIC_FIRST_NAMES)} {rng.choice(CYRILLIC_SURNAMES)}"
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        number = f"I3/2026/{index + 1:06d}"
        payload = base64.b32encode(rng.randbytes(115)).decode().rstrip("=")
        qr_text = f"https://szkolenia.example.gov.pl/v/{payload}"
        result.append(rendering.CertificateDocument(
            html=certificate_art.sample_html(name, number, qr_text),
            title=f"Zaświadczenie {number} – {name}",
            metadata={"CertificateNumber": number, "CertificatePayload": payload},
        ))
    return result


def problems(document: rendering.CertificateDocument, pdf: bytes) -> list[str]:
    number = document.metadata["CertificateNumber"]
    try:
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        pages = len(reader.pages)
        text = reader.pages[0].extract_text()
        metadata = reader.metadata or {}
    except Exception as error:  # any failure to read is what this check is for
        return [f"{number}: does not open ({error})"]
    name = document.title.split(" – ", 1)[1]
    found = []
    if pages != 1:
        found.append(f"{number}: {pages} pages")
    if name not in text or number not in text:
        found.append(f"{number}: text lacks {name!r} or the number")
    expected = {"/Title": document.title, "/CertificateNumber": number,
                "/CertificatePayload": document.metadata["CertificatePayload"]}
    wrong = [key for key, value in expected.items() if metadata.get(key) != value]
    if wrong:
        found.append(f"{number}: wrong metadata {wrong}")
    return found


def single_renders(setup: rendering.PageSetup, sample: list[rendering.CertificateDocument]) -> tuple[list[float], bytes]:
    """Seconds per render_certificate call, one after another in this thread (so from the second call on with
    the fonts, style sheets and images the renderer keeps per thread), and the last PDF."""
    seconds = []
    pdf = b""
    for document in sample:
        started = time.perf_counter()
        pdf = rendering.render_certificate(setup, document)
        seconds.append(time.perf_counter() - started)
    return seconds, pdf


def cold_render(setup: rendering.PageSetup, document: rendering.CertificateDocument) -> float:
    """Seconds for render_certificate in a new thread, which has nothing prepared: what a call costs without
    reuse (the cost the bulk path was designed against)."""
    seconds = []
    thread = threading.Thread(target=lambda: seconds.extend(single_renders(setup, [document])[0]))
    thread.start()
    thread.join()
    return seconds[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="certificates rendered in bulk")
    parser.add_argument("--single-sample", type=int, default=40, help="certificates rendered one by one")
    parser.add_argument("--processes", type=int, default=None, help="worker processes (default: usable CPUs)")
    parser.add_argument("--max-seconds", type=float, default=None, help="fail when bulk takes longer")
    args = parser.parse_args()

    setup = certificate_art.sample_setup()
    batch = documents(max(args.count, args.single_sample, 1))
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")

    singles, single_pdf = single_renders(setup, batch[:args.single_sample])
    colds = [cold_render(setup, document) for document in batch[:5]]

    started = time.perf_counter()
    files = rendering.render_certificates(setup, batch[:args.count], processes=args.processes)
    bulk_seconds = time.perf_counter() - started
    load_after = os.getloadavg()[0]

    failures = [problem for document, pdf in zip(batch, files) for problem in problems(document, pdf)]
    if len(files) != args.count:
        failures.append(f"{len(files)} files for {args.count} certificates")
    if args.max_seconds is not None and bulk_seconds > args.max_seconds:
        failures.append(f"bulk took {bulk_seconds:.1f} s, more than {args.max_seconds} s")

    per_bulk = bulk_seconds / max(args.count, 1)
    cold = statistics.median(colds)
    print(f"cold single: {cold:.3f} s per certificate (median of {len(colds)} calls, each in a new thread)")
    if singles:
        warm = statistics.mean(singles)
        print(f"one by one:  {warm:.4f} s per certificate (mean of {len(singles)} calls in one thread; first "
              f"{singles[0]:.3f} s); {len(single_pdf) / 1024:.0f} KiB")
    print(f"bulk:        {per_bulk:.4f} s per certificate; {args.count} in {bulk_seconds:.2f} s "
          f"(processes: {args.processes or 'default'}); load average after: {load_after:.2f}")
    if files:
        print(f"file size:   {sum(map(len, files)) / len(files) / 1024:.0f} KiB on average in bulk")
    if singles:
        print(f"ratio:       {warm / per_bulk:.1f}x one by one / bulk; {cold / per_bulk:.1f}x cold single / bulk")
    for failure in failures[:20]:
        print("FAIL", failure)
    print(f"checks: {len(files)} bulk PDFs, {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
