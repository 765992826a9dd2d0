"""Issuing 1,000 certificates for one event through the real service (numbers, signatures, QR codes, rendering,
storage, audit, queued e-mails), with its chunk tasks run one after another in this process as one worker would;
for information, issuing certificates one at a time through the same service (as a check-in does) and rendering
alone, one by one.

Realistic template: A4 landscape, full-page background image, two logos, two signatures, a QR code with the
signed verification address; Polish and Cyrillic names; participants in four languages (four template versions).
Goals: ≤ 20 s for 1,000 on this 2-core machine, ≤ 10 queries per certificate. Every PDF is checked with pypdf
(opens, shows its holder's name and number, carries its number in the metadata), against its stored SHA-256 and
with `qpdf --check`. Exits non-zero when a check or a goal fails.

    .venv/bin/python -m tests.bench.bench_certificates [--count 1000] [--one-by-one 30]
"""

import argparse
import hashlib
import io
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta

from tests.bench.bench_pages import setup_django

FIRST = ["Łucja", "Jędrzej", "Żaneta", "Michał", "Олександра", "Алексей", "Євгенія", "Дмитро"]
LAST = ["Żebrowska-Ślęzak", "Ćwikliński", "Gęślak", "Dąbrowski", "Ковальчук", "Щербаков", "Їжакевич", "Воробьёва"]
LANGUAGES = ["pl", "uk", "en", "ru"]


def build(count: int, *, slug: str = "bench-certs", attended: bool = True):
    from django.utils import timezone
    from wagtail.models import Page

    from devtools import demo_certificates
    from events.models import Attendance, EventIndexPage, EventPage, Registration
    from lms.i18n import ensure_locales
    from lms.models import HomePage, Profile, User

    locales = {locale.language_code: locale for locale in ensure_locales()}
    template = demo_certificates.certificate_template(locales)
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Start", slug=slug, locale=locales["pl"]))
    index = home.add_child(instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia"))
    start = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    event = index.add_child(instance=EventPage(
        title="Zatrudnianie cudzoziemców – obowiązki pracodawcy", slug="webinar", summary="-", start=start,
        end=start + timedelta(hours=2), capacity=count, format="online", kind="webinar", certificate_template=template,
    ))
    users = User.objects.bulk_create(
        User(username=f"{slug}-{n}", email=f"{slug}-{n}@example.org", first_name=FIRST[n % len(FIRST)],
             last_name=LAST[(n // len(FIRST)) % len(LAST)]) for n in range(count))
    Profile.objects.bulk_create(Profile(user=user, language=LANGUAGES[n % len(LANGUAGES)]) for n, user in enumerate(users))
    registrations = Registration.objects.bulk_create(
        Registration(event=event, participant=user, state="confirmed") for user in users)
    if attended:
        Attendance.objects.bulk_create(attendance(registration) for registration in registrations)
    return event


def attendance(registration):
    from events.models import Attendance

    return Attendance(registration=registration, minutes_present=110, percent_present=92, source="analytics")


def _timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def check(certificates) -> list[str]:
    from pypdf import PdfReader

    problems = []
    for certificate in certificates:
        with certificate.pdf.open("rb") as handle:
            data = handle.read()
        reader = PdfReader(io.BytesIO(data))
        text = " ".join(page.extract_text() for page in reader.pages)
        if certificate.holder_name not in text or certificate.number not in text:
            problems.append(f"{certificate.number}: name or number missing from the text")
        if reader.metadata.get("/CertificateNumber") != certificate.number:
            problems.append(f"{certificate.number}: wrong number in the metadata")
        if hashlib.sha256(data).hexdigest() != certificate.sha256:
            problems.append(f"{certificate.number}: stored hash differs")
        qpdf = subprocess.run(["qpdf", "--check", certificate.pdf.path], capture_output=True, text=True)
        if qpdf.returncode != 0:
            problems.append(f"{certificate.number}: qpdf --check: {qpdf.stdout.strip().splitlines()[-1:]}")
    return problems


def run_chunk_tasks() -> int:
    """The chunk tasks the run queued, taken one after another as a single worker takes them."""
    from django_tasks_db.models import DBTaskResult

    from certificates import services

    chunks = list(DBTaskResult.objects.filter(task_path="certificates.tasks.seal_certificates").order_by("pk"))
    for chunk in chunks:
        services.seal_chunk(**chunk.args_kwargs["kwargs"])
        chunk.delete()
    return len(chunks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--one-by-one", type=int, default=30, help="certificates rendered one at a time")
    parser.add_argument("--max-seconds", type=float, default=20.0)
    arguments = parser.parse_args()
    if shutil.which("qpdf") is None:
        sys.exit("qpdf is missing: run scripts/system-deps.sh test")
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from django_tasks_db.models import DBTaskResult

    from certificates import rendering, services
    from certificates.documents import Composer, template_in
    from certificates.models import Certificate
    from events.models import Registration

    settings.CERTIFICATE_RENDER_PROCESSES = None  # every core, as in production
    event = build(arguments.count)
    # E-mails are queued as in production (a row per task for the worker), not sent inside the run.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}), \
            CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = services.issue_for_event(event=event)
        chunk_count = run_chunk_tasks()
        bulk_seconds = time.perf_counter() - started
    certificates = list(Certificate.objects.filter(event=event).order_by("pk"))
    sealed = sum(1 for certificate in certificates if certificate.pdf)
    mails_queued = DBTaskResult.objects.count()

    # One at a time, as a check-in or a late attendance record issues them: the same service, one certificate
    # per call, for a second event of the same size class, with everything stored and mailed as in bulk.
    single_event = build(arguments.one_by_one, slug="bench-one-by-one", attended=False)
    registrations = list(Registration.objects.filter(event=single_event).order_by("pk"))
    issue_seconds = []
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        for registration in registrations:
            attendance(registration).save()
            issue_seconds.append(_timed(lambda: services.issue_after_attendance(event_id=single_event.pk)))
    issued_singly = Certificate.objects.filter(event=single_event).exclude(pdf="").count()

    sample = certificates[: arguments.one_by_one]
    composers = {}
    for certificate in sample:  # rendering alone: a template version is prepared once
        key = (certificate.template_id, certificate.language)
        composers.setdefault(key, Composer(template_in(certificate.template, certificate.language)))

    def one_by_one() -> float:
        started = time.perf_counter()
        for certificate in sample:
            composer = composers[(certificate.template_id, certificate.language)]
            hashlib.sha256(rendering.render_certificate(composer.setup, composer.document(certificate))).hexdigest()
        return (time.perf_counter() - started) / len(sample)

    single_seconds = one_by_one()
    # The renderer keeps fonts, style sheets and decoded images per thread; a new thread starts from nothing,
    # as a certificate rendered alone in a fresh process would.
    fresh = []
    for certificate in sample[:5]:
        composer = composers[(certificate.template_id, certificate.language)]
        document = composer.document(certificate)
        worker = threading.Thread(target=lambda setup=composer.setup, document=document:
                                  fresh.append(_timed(rendering.render_certificate, setup, document)))
        worker.start()
        worker.join()
    fresh_seconds = sum(fresh) / len(fresh)

    problems = check(certificates)
    per_certificate = bulk_seconds / max(len(certificates), 1)
    issue_one = statistics.median(issue_seconds)
    ratio = issue_one / per_certificate
    query_rate = len(queries) / max(len(certificates), 1)
    print(f"certificates issued in bulk: {report.created}, stored by {chunk_count} chunk tasks: {sealed}; mails "
          f"queued: {mails_queued}")
    print(f"bulk issue, {len(certificates)} certificates: {bulk_seconds:.1f} s total (goal <= {arguments.max_seconds:.0f}"
          f" s), "
          f"{per_certificate * 1000:.1f} ms per certificate, {query_rate:.1f} queries per certificate")
    print(f"issued one at a time through the same service ({issued_singly} certificates, as after a check-in): "
          f"median {issue_one * 1000:.0f} ms per certificate -> bulk {ratio:.1f}x faster")
    print(f"rendering alone, one by one ({len(sample)} certificates, compose + render + hash, renderer reused): "
          f"{single_seconds * 1000:.0f} ms per certificate -> bulk {single_seconds / per_certificate:.1f}x faster")
    print(f"rendering alone with a fresh renderer (new thread, {len(fresh)} certificates): {fresh_seconds * 1000:.0f} "
          f"ms per certificate -> bulk {fresh_seconds / per_certificate:.1f}x faster")
    print(f"average PDF {sum(c.pdf.size for c in certificates) / len(certificates) / 1024:.0f} KiB")
    print(f"pypdf, SHA-256 and qpdf --check: {len(certificates) - len({p.split(':')[0] for p in problems})} of "
          f"{len(certificates)} passed")
    failures = [*problems[:10]]
    if report.created != arguments.count or sealed != arguments.count:
        failures.append(f"issued {report.created} and stored {sealed}, expected {arguments.count}")
    if issued_singly != arguments.one_by_one:
        failures.append(f"issued {issued_singly} one at a time, expected {arguments.one_by_one}")
    if bulk_seconds > arguments.max_seconds:
        failures.append(f"bulk took {bulk_seconds:.1f} s > {arguments.max_seconds} s")
    if query_rate > 10:
        failures.append(f"{query_rate:.1f} queries per certificate (goal <= 10)")
    for failure in failures:
        print("FAILED:", failure, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
