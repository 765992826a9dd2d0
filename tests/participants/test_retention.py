"""The retention job: answers and access needs of registrations for events that ended more than
PERSONAL_DATA_RETENTION_MONTHS ago are emptied, once; the report's figures stay the same."""

from dataclasses import replace
from datetime import datetime

import pytest

from events.models import EventPage, Registration
from lms import periodic
from lms.models import AuditEntry
from participants import services
from reports.selectors import programme_report
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.reports.conftest import AFTER_ALL, FIRST_QUARTER, WARSAW, at, programme  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

TOLD = {"answers": {"q1": {"question": "Firma?", "answer": "Firma A"}},
        "access_needs": [Registration.AccessNeed.STEP_FREE], "access_needs_details": "wózek"}


def tell(registration: Registration) -> None:
    Registration.objects.filter(pk=registration.pk).update(**TOLD)


def test_only_registrations_of_events_that_ended_long_enough_ago_are_anonymised(programme, settings):  # noqa: F811
    settings.PERSONAL_DATA_RETENTION_MONTHS = 3
    for registration in Registration.objects.all():
        tell(registration)
    before = programme_report(filters=FIRST_QUARTER, now=AFTER_ALL)
    # On 30 April: the training of 10 January ended more than three months ago, the February webinars less.
    now = datetime(2026, 4, 30, 12, tzinfo=WARSAW)

    changed = services.anonymise_old_registrations(now=now)

    old = Registration.objects.filter(event=programme["training"])
    assert changed == old.count() == 3
    assert all((r.answers, r.access_needs, r.access_needs_details) == ({}, [], "") for r in old)
    assert all(r.answers == TOLD["answers"] for r in Registration.objects.exclude(event=programme["training"]))
    assert programme_report(filters=FIRST_QUARTER, now=AFTER_ALL) == before
    entry = AuditEntry.objects.get(action="retention.registrations_anonymised")
    assert entry.data == {"count": 3, "months": 3, "ended_before": "2026-01-30"}
    assert "3" in entry.description() and "2026-01-30" in entry.description()


def test_a_second_run_changes_nothing_and_writes_no_second_entry(programme, settings):  # noqa: F811
    settings.PERSONAL_DATA_RETENTION_MONTHS = 1
    for registration in Registration.objects.all():
        tell(registration)

    first = services.anonymise_old_registrations(now=AFTER_ALL)
    second = services.anonymise_old_registrations(now=AFTER_ALL)

    assert (first, second) == (Registration.objects.count(), 0)
    assert AuditEntry.objects.filter(action="retention.registrations_anonymised").count() == 1


def test_the_job_is_registered_and_runs_the_task(make_event, participant, settings):  # noqa: F811
    settings.PERSONAL_DATA_RETENTION_MONTHS = 24
    ancient = make_event("Dawne szkolenie", kind=EventPage.Kind.TRAINING, start=at(1, 10, 10).replace(year=2023),
                         end=at(1, 10, 14).replace(year=2023))
    tell(Registration.objects.create(event=ancient, participant=participant, state="confirmed"))
    job = next(job for job in periodic.registered_jobs() if job.name == "personal data retention")

    job.run()

    assert Registration.objects.get().answers == {}
    assert replace(job).every_seconds == 3600
