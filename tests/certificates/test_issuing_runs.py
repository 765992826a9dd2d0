"""A failed issuing run is visible to staff on the certificates page, with its cause and "try again"; the
periodic run goes on with the other events when one fails."""

import errno
import logging
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateTemplate, IssuingRun
from courses.models import CoursePage
from events.models import EventPage, Meeting
from tests.certificates.test_views import event_staff  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(monkeypatch):
    """The certificate storage answers every write as a full disk does."""
    storage = Certificate._meta.get_field("pdf").storage

    def refuse(name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_save", refuse)
    return monkeypatch


def page_of(client, event) -> str:
    return client.get(reverse("certificates_for", args=["event", event.pk])).content.decode()


def test_a_run_stopped_by_a_full_disk_is_shown_with_its_cause_and_can_be_tried_again(
    client, finished_event, attended, participant, event_staff, full_disk,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    attended(finished_event, participant, 90)
    client.force_login(event_staff)

    client.post(reverse("certificates_issue", args=["event", finished_event.pk]))
    failed = page_of(client, finished_event)

    run = IssuingRun.objects.get()
    assert run.state == IssuingRun.State.FAILED and run.cause == IssuingRun.Cause.DISK_FULL
    assert run.requested_by == event_staff and "No space left on device" in run.error
    assert "Wydawanie zaświadczeń nie powiodło się" in failed and "dysk na zaświadczenia jest pełny" in failed
    assert "Spróbuj wydać ponownie" in failed and "nie zapisano: wydawanie nie powiodło się" in failed
    assert Certificate.objects.get().pdf == "" and mail.outbox == []

    full_disk.undo()  # the disk has room again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates_issue", args=["event", finished_event.pk]))
    mended = page_of(client, finished_event)

    assert services.latest_run(event=finished_event).state == IssuingRun.State.SUCCEEDED
    assert "nie powiodło się" not in mended
    assert Certificate.objects.get().is_sealed
    assert len(mail.outbox) == 1


def test_the_periodic_run_goes_on_after_one_event_fails(make_event, finished_event, attended, participant,
                                                        other_participant, certificate_template, caplog):
    broken = CertificateTemplate.objects.get(pk=certificate_template.pk)
    broken.pk = None
    broken.name, broken.translation_key = "Zepsuty", uuid.uuid4()
    broken.save()
    CertificateTemplate.objects.filter(pk=broken.pk).update(styles=".certificate-page{display:none}")  # saved long ago
    other = make_event("Drugie wydarzenie", certificate_template=broken)
    type(other).objects.filter(pk=other.pk).update(start=finished_event.start, end=finished_event.end)
    attended(finished_event, participant, 90)
    attended(type(other).objects.get(pk=other.pk), other_participant, 90)

    with caplog.at_level(logging.ERROR, logger="certificates.services"):
        services.issue_recently_ended()

    assert Certificate.objects.get(event=finished_event).is_sealed
    assert services.latest_run(event=other).state == IssuingRun.State.FAILED
    assert [record.getMessage() for record in caplog.records if record.name == "certificates.services"] == [
        "Issuing certificates failed for Drugie wydarzenie; the others go on",
        f"Storing pending certificates failed for event {other.pk} / course None",  # its certificate, unrendered
    ]
    assert services.latest_run(event=finished_event).state == IssuingRun.State.SUCCEEDED


def test_quiet_automatic_runs_leave_no_record(finished_event):
    services.issue_recently_ended()

    assert not IssuingRun.objects.exists()


def test_the_periodic_run_leaves_courses_whose_sessions_ended_long_ago_or_have_not_ended(
        course, course_index, past_sessions, make_event, attended, participant, certificate_template):
    CoursePage.objects.filter(pk=course.pk).update(certificate_template=certificate_template)
    (long_ago,) = past_sessions(course, 1)
    EventPage.objects.filter(pk=long_ago.pk).update(start=timezone.now() - timedelta(days=15, hours=2),
                                                    end=timezone.now() - timedelta(days=15))
    attended(EventPage.objects.get(pk=long_ago.pk), participant, 100)
    ended_early = course_index.add_child(instance=CoursePage(
        title="Kurs skrócony", slug="kurs-skrocony", summary="…", certificate_template=certificate_template))
    session = make_event("Sesja skrócona", course=ended_early, start=timezone.now() - timedelta(minutes=50))
    Meeting.objects.create(event=session, bbb_meeting_id="m-early", state=Meeting.State.ENDED)  # over, not ended
    attended(session, participant, 100)

    assert services.issue_recently_ended() == 0

    assert not Certificate.objects.exists()


def test_the_periodic_run_issues_at_its_own_time_and_finishes_old_event_renderings(finished_event, attended,
                                                                                  participant):
    attended(finished_event, participant, 90)
    run_at = timezone.now().replace(microsecond=0) + timedelta(days=3)

    assert services.issue_recently_ended(now=run_at) == 1

    certificate = Certificate.objects.get()
    assert certificate.issued_at == run_at
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", sha256="")  # a rendering interrupted
    services.issue_recently_ended(now=run_at + timedelta(days=30))
    certificate.refresh_from_db()
    assert certificate.is_sealed
