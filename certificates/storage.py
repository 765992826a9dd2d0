"""Keeping certificate storage to the files certificates point to."""

import logging
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.models.certificates import certificate_storage
from lms.storage import is_partial, stored_files

logger = logging.getLogger(__name__)

# Younger files may belong to a batch being stored right now.
ORPHAN_GRACE = timedelta(hours=1)


def remove_orphan_files(*, now: datetime | None = None, grace: timedelta = ORPHAN_GRACE) -> int:
    """Delete files older than ``grace`` that no certificate points to: PDFs of a sealing run interrupted before
    its commit, and partial files of a process killed while writing. Returns how many.

    Sealing writes a certificate's file (named after its code) only while it holds the certificate's row lock,
    and may replace an orphan of that name then; the same lock is held here, so a file is never removed just
    as a sealing run puts a new one in its place."""
    storage = certificate_storage()
    cutoff = (now or timezone.now()) - grace
    candidates = {name for name in stored_files(storage) if storage.get_modified_time(name) < cutoff} - _referenced()
    removed = 0
    with transaction.atomic():
        codes = {PurePosixPath(name).stem for name in candidates if not is_partial(name)}
        # The row locks sealing takes (in the same order) before it writes these certificates' files.
        list(Certificate.objects.select_for_update().filter(code__in=codes).order_by("pk").values_list("pk"))
        for name in sorted(candidates - _referenced()):
            # Replaced by a sealing run that committed or rolled back after the listing: young again.
            if storage.exists(name) and storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                removed += 1
    logger.log(logging.WARNING if removed else logging.INFO,
               "certificate storage: %s files no certificate points to removed", removed)
    return removed


def _referenced() -> set[str]:
    return set(Certificate.objects.exclude(pdf="").values_list("pdf", flat=True).iterator())
