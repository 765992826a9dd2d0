"""A failed issuing run is visible to staff on the certificates page, with its cause and "try again"; the
periodic run goes on with the other events when one fails."""

import errno
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from certificates import services
from certificates.models import Certificate, CertificateTemplate, IssuingRun
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
                                                        other_participant, certificate_template):
    broken = CertificateTemplate.objects.get(pk=certificate_template.pk)
    broken.pk = None
    broken.name, broken.translation_key = "Zepsuty", uuid.uuid4()
    broken.save()
    CertificateTemplate.objects.filter(pk=broken.pk).update(styles=".certificate-page{display:none}")  # saved long ago
    other = make_event("Drugie wydarzenie", certificate_template=broken)
    type(other).objects.filter(pk=other.pk).update(start=finished_event.start, end=finished_event.end)
    attended(finished_event, participant, 90)
    attended(type(other).objects.get(pk=other.pk), other_participant, 90)

    services.issue_recently_ended()

    assert Certificate.objects.get(event=finished_event).is_sealed
    assert services.latest_run(event=other).state == IssuingRun.State.FAILED
    assert services.latest_run(event=finished_event).state == IssuingRun.State.SUCCEEDED


def test_quiet_automatic_runs_leave_no_record(finished_event):
    services.issue_recently_ended()

    assert not IssuingRun.objects.exists()
