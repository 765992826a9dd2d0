"""A large issuing run hands its rendering to chunk tasks, so that several workers (on one machine or several)
share it; numbers stay consecutive and unique, and a chunk whose task was lost is finished by the periodic job."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates import services, tasks
from certificates.models import Certificate
from lms.models import OutgoingMail
from tests.certificates.test_views import event_staff  # noqa: F401
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

CHUNK_TASK = "certificates.tasks.seal_certificates"


@pytest.fixture
def five_attended(finished_event, attended):
    people = []
    for language in ("pl", "uk", "pl", "en", "uk"):
        people.append(ProfileFactory().user)
        attended(finished_event, people[-1], 95, language=language)
    return people


@pytest.fixture
def chunks_of_two(settings):
    settings.CERTIFICATE_SEAL_CHUNK = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_chunks() -> list[list[int]]:
    return [result.args_kwargs["kwargs"]["certificate_ids"]
            for result in DBTaskResult.objects.filter(task_path=CHUNK_TASK).order_by("enqueued_at", "pk")]


def test_a_run_larger_than_a_chunk_is_numbered_at_once_and_rendered_by_chunk_tasks(
        finished_event, five_attended, chunks_of_two):
    report = services.issue_for_event(event=finished_event)

    assert (report.created, report.sealed, report.handed_over) == (5, 0, 5)
    certificates = list(Certificate.objects.order_by("number"))
    year = timezone.localdate().year
    assert [c.number for c in certificates] == [f"I3/{year}/{n:06d}" for n in range(1, 6)]
    assert not any(c.is_sealed for c in certificates)
    chunks = queued_chunks()
    assert sorted(len(chunk) for chunk in chunks) == [1, 2, 2]
    assert sorted(pk for chunk in chunks for pk in chunk) == sorted(c.pk for c in certificates)
    # Grouped by template version: the two Polish, the two Ukrainian and the English certificate each share a chunk.
    languages = {c.pk: c.language for c in certificates}
    assert sorted(sorted(languages[pk] for pk in chunk) for chunk in chunks) == [["en"], ["pl", "pl"], ["uk", "uk"]]


def test_workers_take_the_chunks_in_any_order_and_each_holder_gets_one_mail(
        finished_event, five_attended, chunks_of_two):
    services.issue_for_event(event=finished_event)
    numbers = dict(Certificate.objects.values_list("pk", "number"))

    sealed = [tasks.seal_certificates.call(certificate_ids=chunk) for chunk in reversed(queued_chunks())]

    assert sorted(sealed) == [1, 2, 2]
    assert all(c.is_sealed and len(c.sha256) == 64 for c in Certificate.objects.all())
    assert dict(Certificate.objects.values_list("pk", "number")) == numbers
    assert sorted(address for mail in OutgoingMail.objects.all() for address in mail.to) == sorted(
        person.email for person in five_attended)
    # A chunk taken again (its worker was thought lost) finds its certificates sealed and writes nothing.
    assert tasks.seal_certificates.call(certificate_ids=queued_chunks()[0]) == 0
    assert OutgoingMail.objects.count() == 5


def test_the_periodic_job_leaves_queued_chunks_to_their_tasks_and_finishes_lost_ones_later(
        finished_event, five_attended, chunks_of_two):
    services.issue_for_event(event=finished_event)

    services.issue_recently_ended()
    assert not Certificate.objects.exclude(pdf="").exists()  # the chunk tasks are still on their way

    services.issue_recently_ended(now=timezone.now() + services.CHUNK_TASK_GRACE + timedelta(minutes=1))
    assert Certificate.objects.filter(pdf="").count() == 0
    assert Certificate.objects.count() == 5 and OutgoingMail.objects.count() == 5


def test_with_the_immediate_queue_the_chunks_run_at_once(finished_event, five_attended, settings):
    settings.CERTIFICATE_SEAL_CHUNK = 2

    report = services.issue_for_event(event=finished_event)

    assert (report.created, report.handed_over) == (5, 5)
    assert Certificate.objects.filter(pdf="").count() == 0


def test_a_run_no_larger_than_a_chunk_renders_in_the_worker_that_numbered_it(
        finished_event, five_attended, chunks_of_two, settings):
    settings.CERTIFICATE_SEAL_CHUNK = 5

    report = services.issue_for_event(event=finished_event)

    assert (report.created, report.sealed, report.handed_over) == (5, 5, 0)
    assert not queued_chunks()
    assert not Certificate.objects.exclude(sealing_queued_at=None).exists()


def test_staff_are_told_the_pdfs_are_being_made_while_chunks_wait_and_may_try_again_once_they_are_lost(
        client, finished_event, five_attended, chunks_of_two, event_staff):  # noqa: F811
    services.issue_for_event(event=finished_event)
    client.force_login(event_staff)
    page = reverse("certificates_for", args=["event", finished_event.pk])

    waiting = client.get(page).content.decode()
    assert "5 zaświadczeń ma już numery, a ich pliki PDF powstają w tle" in waiting
    assert "Spróbuj wydać ponownie" not in waiting

    Certificate.objects.update(sealing_queued_at=timezone.now() - services.CHUNK_TASK_GRACE - timedelta(minutes=1))
    lost = client.get(page).content.decode()
    assert "powstają w tle" not in lost and "Spróbuj wydać ponownie" in lost
