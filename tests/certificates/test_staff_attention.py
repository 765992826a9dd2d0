"""What the staff dashboard is told about certificates (certificates.selectors.certificates_for_staff): failed
issuing runs no later run of the same event or course replaced, and the events with participants waiting for a
decision, newest first."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from certificates.models import Certificate, CertificateDecision, IssuingRun
from certificates.selectors import certificates_for_staff
from courses.models import CoursePage
from events.models import EventPage, Meeting, Registration
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def run(state: str, *, at: datetime, **scope) -> IssuingRun:
    created = IssuingRun.objects.create(state=state, **scope)
    IssuingRun.objects.filter(pk=created.pk).update(started_at=at)  # started_at is set on creation
    return IssuingRun.objects.get(pk=created.pk)


def failed_runs() -> list[IssuingRun]:
    return certificates_for_staff().failed_runs


def test_a_failed_course_run_is_replaced_only_by_a_later_run_of_the_same_course(course, course_index,
                                                                                finished_event):
    other_course = course_index.add_child(instance=CoursePage(title="Kurs drugi", slug="kurs-drugi", summary="…"))
    earlier = timezone.now() - timedelta(hours=2)
    failed = run(IssuingRun.State.FAILED, at=earlier, course=course)
    run(IssuingRun.State.SUCCEEDED, at=earlier + timedelta(minutes=5), event=finished_event)
    run(IssuingRun.State.SUCCEEDED, at=earlier + timedelta(minutes=5), course=other_course)

    assert failed_runs() == [failed]

    run(IssuingRun.State.SUCCEEDED, at=earlier + timedelta(minutes=10), course=course)

    assert failed_runs() == []


def test_runs_started_at_the_same_moment_are_told_apart_by_their_order(finished_event):
    moment = timezone.now() - timedelta(hours=1)
    failed = run(IssuingRun.State.FAILED, at=moment, event=finished_event)
    # Stored later, but started earlier: it does not replace the failed run.
    run(IssuingRun.State.SUCCEEDED, at=moment - timedelta(minutes=1), event=finished_event)

    assert failed_runs() == [failed]

    run(IssuingRun.State.SUCCEEDED, at=moment, event=finished_event)

    assert failed_runs() == []


def certificate(holder, event: EventPage, number: str, **fields) -> Certificate:
    return Certificate.objects.create(
        number=number, holder=holder, holder_name=holder.get_full_name() if holder else "—", event=event,
        title=event.title, first_day=event.start.date(), last_day=event.end.date(), hours=Decimal("2.0"),
        language="pl", payload="-", **fields)


def person():
    return ProfileFactory().user


def test_undecided_participants_are_counted_per_event_newest_event_first(
        make_event, finished_event, certificate_template, attended, participant):
    now = timezone.now()

    def ended(title: str, *, ago: timedelta, template=certificate_template) -> EventPage:
        event = make_event(title, certificate_template=template)
        EventPage.objects.filter(pk=event.pk).update(start=now - ago - timedelta(hours=2), end=now - ago)
        return EventPage.objects.get(pk=event.pk)

    # Counted at finished_event: below the rule, no attendance at all, and those whose decision, certificate or
    # revoked/superseded certificate concerns something else.
    attended(finished_event, person(), finished_event.attendance_threshold - 1)
    attended(finished_event, person(), None)
    decided_elsewhere, certified_elsewhere, revoked, superseded = person(), person(), person(), person()
    other_event = ended("Inne szkolenie", ago=timedelta(days=40))
    for counted in (decided_elsewhere, certified_elsewhere, revoked, superseded):
        attended(finished_event, counted, 10)
    CertificateDecision.objects.create(event=other_event, participant=decided_elsewhere, decision="grant",
                                       reason="Obecny")
    certificate(certified_elsewhere, other_event, "T/1")
    certificate(revoked, finished_event, "T/2", state=Certificate.State.REVOKED,
                revocation_category=Certificate.RevocationCategory.values[0])
    successor = certificate(None, other_event, "T/3")
    certificate(superseded, finished_event, "T/4", superseded_by=successor)
    # Not counted: at the rule, decided, a current certificate of this event, places cancelled or waiting.
    attended(finished_event, person(), finished_event.attendance_threshold)
    decided = person()
    attended(finished_event, decided, 10)
    CertificateDecision.objects.create(event=finished_event, participant=decided, decision="refuse", reason="Nie")
    holder = person()
    attended(finished_event, holder, 10)
    certificate(holder, finished_event, "T/5")
    attended(finished_event, participant, 10)
    certificate(person(), finished_event, "T/6")  # someone else's certificate of this event is not theirs
    for state in (Registration.State.CANCELLED, Registration.State.WAITING):
        registration = attended(finished_event, person(), None)
        Registration.objects.filter(pk=registration.pk).update(state=state)

    within = ended("Szkolenie sprzed 29 dni", ago=timedelta(days=29))
    attended(within, person(), None)
    too_long_ago = ended("Szkolenie sprzed ponad 30 dni", ago=timedelta(days=30, hours=1))
    attended(too_long_ago, person(), None)
    no_template = ended("Szkolenie bez zaświadczeń", ago=timedelta(hours=1), template=None)
    attended(no_template, person(), None)
    ended_early, running = (make_event(title, certificate_template=certificate_template,
                                       start=now - timedelta(minutes=50)) for title in ("Skrócony", "Trwający"))
    Meeting.objects.create(event=ended_early, bbb_meeting_id="m-ended", state=Meeting.State.ENDED)
    Meeting.objects.create(event=running, bbb_meeting_id="m-running", state=Meeting.State.RUNNING)
    attended(ended_early, person(), None)
    attended(running, person(), None)

    undecided = certificates_for_staff(now=now).undecided

    assert [(event, event.undecided_count) for event in undecided] == [
        (ended_early, 1), (finished_event, 7), (within, 1)]
