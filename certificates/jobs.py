"""The certificates app's periodic jobs: certificates still missing after recent events, files left behind."""

from certificates import storage, tasks
from lms import periodic


def register() -> None:
    periodic.register("certificates still missing after recent events", 600, tasks.issue_due_certificates.enqueue)
    # Run here, not as a task: it only lists and deletes files.
    periodic.register("certificate files no certificate points to", 3600, storage.remove_orphan_files)
