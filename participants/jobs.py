"""The participants app's periodic job: personal data of old events are anonymised once their time is up."""

from lms import periodic
from participants import tasks


def register() -> None:
    # Hourly is plenty for a limit counted in months; a run that finds nothing writes nothing.
    periodic.register("personal data retention", 3600, tasks.anonymise_old_registrations.enqueue)
