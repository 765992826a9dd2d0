"""Certificate storage after a failure: no partial or orphan file stays, a certificate is sealed later under its
usual name, files nothing points to are swept, and a damaged file is never served."""

import errno
import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from certificates.models.certificates import certificate_storage
from certificates.storage import remove_orphan_files
from lms.periodic import registered_jobs
from tests.disk_faults import failing_disk, files_under
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder() -> str:
    """The certificate storage of this test, empty."""
    location = certificate_storage().location
    for name in files_under(location):
        os.remove(os.path.join(location, name))
    return location


def usual_name(certificate: Certificate) -> str:
    return f"{timezone.localdate(certificate.issued_at):%Y/%m}/{certificate.code}.pdf"


def stored_digest(certificate: Certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@pytest.mark.parametrize(("error", "room", "on"), [
    (errno.ENOSPC, 3000, "write"),  # the disk fills up part-way through the PDF
    (errno.EROFS, 0, "write"),  # the file system went read-only
    (errno.ENOSPC, 0, "fsync"),  # a full disk reported only when the data is flushed
], ids=["disk full", "read-only", "full at flush"])
def test_a_failing_disk_leaves_nothing_and_a_later_run_seals_under_the_usual_name(
    finished_event, attended, participant, folder, mailoutbox, django_capture_on_commit_callbacks, error, room, on
):
    attended(finished_event, participant, 90)

    with django_capture_on_commit_callbacks(execute=True):
        with failing_disk(folder, error, room=room, on=on), pytest.raises(OSError):
            services.issue_for_event(event=finished_event)

    certificate = Certificate.objects.get()
    assert not certificate.is_sealed and certificate.sha256 == ""
    assert files_under(folder) == []
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert services.seal_pending(event=finished_event) == 1

    certificate.refresh_from_db()
    assert certificate.pdf.name == usual_name(certificate)
    assert files_under(folder) == [usual_name(certificate)]
    assert stored_digest(certificate) == certificate.sha256
    assert [mail.to for mail in mailoutbox] == [[participant.email]]


def test_a_file_left_by_a_run_killed_before_its_commit_is_replaced_under_the_usual_name(
    finished_event, attended, participant, folder
):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    Certificate.objects.update(pdf="", sha256="")  # as if the worker died between writing the file and the commit
    certificate = Certificate.objects.get()
    certificate_storage().delete(usual_name(certificate))
    certificate_storage().save(usual_name(certificate), ContentFile(b"%PDF of the killed run"))

    assert services.seal_pending(event=finished_event) == 1

    certificate.refresh_from_db()
    assert certificate.pdf.name == usual_name(certificate)
    assert files_under(folder) == [usual_name(certificate)]
    assert stored_digest(certificate) == certificate.sha256


def test_a_second_run_sealing_a_sealed_certificate_writes_nothing(finished_event, attended, participant, folder):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    sealed = Certificate.objects.get()
    seen_unsealed_by_the_other_run = Certificate.objects.get(pk=sealed.pk)
    seen_unsealed_by_the_other_run.pdf = ""

    assert services.store_sealed_pdfs([(seen_unsealed_by_the_other_run, b"%PDF rendered by the other run")]) == 0

    assert files_under(folder) == [sealed.pdf.name]
    assert stored_digest(sealed) == Certificate.objects.get().sha256 == sealed.sha256


@pytest.mark.django_db(transaction=True)
def test_parallel_runs_sealing_the_same_certificates_leave_each_row_with_its_own_file(finished_event, attended,
                                                                                       folder):
    if connection.vendor != "postgresql":
        pytest.skip("in-memory SQLite shares one connection between threads; the PostgreSQL run covers this")
    for _ in range(4):
        attended(finished_event, ProfileFactory().user, 95)
    services.issue_for_event(event=finished_event)
    Certificate.objects.update(pdf="", sha256="")
    for name in files_under(folder):
        os.remove(os.path.join(folder, name))
    runs = 3
    start_together = Barrier(runs)

    def seal(run: int) -> int:
        certificates = list(Certificate.objects.order_by("-pk" if run % 2 else "pk"))
        start_together.wait()
        try:
            return services.store_sealed_pdfs([(c, f"%PDF run {run} {c.code}".encode()) for c in certificates])
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=runs) as pool:
        kept = list(pool.map(seal, range(runs)))

    certificates = list(Certificate.objects.all())
    assert sum(kept) == len(certificates) == 4
    assert files_under(folder) == sorted(certificate.pdf.name for certificate in certificates)
    assert all(stored_digest(certificate) == certificate.sha256 for certificate in certificates)


def test_the_sweep_removes_old_files_no_certificate_points_to_and_keeps_the_rest(
    finished_event, attended, participant, folder, caplog
):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    referenced = Certificate.objects.get().pdf.name
    storage = certificate_storage()
    orphan = storage.save("2026/05/left-by-an-interrupted-run.pdf", ContentFile(b"%PDF"))
    young_orphan = storage.save("2026/05/being-stored-right-now.pdf", ContentFile(b"%PDF"))
    os.makedirs(os.path.join(folder, "2026/05"), exist_ok=True)
    for partial in ("2026/05/.partial-0123456789abcdef", "2026/05/.partial-fedcba9876543210"):
        with open(os.path.join(folder, partial), "wb") as handle:
            handle.write(b"%PD")
    two_hours_ago = time.time() - 2 * 3600
    for name in (referenced, orphan, "2026/05/.partial-0123456789abcdef"):
        os.utime(os.path.join(folder, name), (two_hours_ago, two_hours_ago))

    assert remove_orphan_files() == 2

    assert files_under(folder) == sorted([referenced, young_orphan, "2026/05/.partial-fedcba9876543210"])
    assert "certificate storage: 2 files no certificate points to removed" in caplog.text
    assert remove_orphan_files(now=timezone.now() + timedelta(hours=2)) == 2
    assert files_under(folder) == [referenced]


def test_the_sweep_finds_nothing_before_the_first_certificate_creates_the_folder(settings, tmp_path):
    options = {**settings.STORAGES["certificates"]["OPTIONS"], "location": str(tmp_path / "not-yet")}
    settings.STORAGES = {**settings.STORAGES, "certificates": {**settings.STORAGES["certificates"], "OPTIONS": options}}

    assert remove_orphan_files() == 0


def test_the_sweep_runs_every_hour():
    jobs = {job.name: job for job in registered_jobs()}

    assert jobs["certificate files no certificate points to"].every_seconds == 3600


def test_a_truncated_pdf_is_never_served(client, finished_event, attended, participant, caplog):
    attended(finished_event, participant, 90)
    services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get()
    path = certificate.pdf.path
    with open(path, "rb") as handle:
        complete = handle.read()
    with open(path, "wb") as handle:
        handle.write(complete[:len(complete) // 2])
    client.force_login(participant)

    response = client.get(f"/en/certificates/{certificate.code}/pdf/")

    assert response.status_code == 503
    assert "cannot be downloaded right now" in response.content.decode()
    assert not response.content.startswith(b"%PDF")
    assert f"certificate {certificate.number}: stored PDF does not match its SHA-256" in caplog.text
