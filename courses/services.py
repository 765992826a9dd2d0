"""Enrolling in a course registers the participant for each of its sessions that is open."""

from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage, Enrolment
from courses.selectors import enrolment_refusal
from events.exceptions import RegistrationError
from events.models import Registration
from events.services import registration as registration_service
from lms import audit
from lms.models import User


def enrol(
    *, course: CoursePage, participant: User, access_needs: list[str] | None = None, access_needs_details: str = ""
) -> tuple[Enrolment, list[Registration]]:
    """Returns the enrolment and the session registrations made (confirmed or waiting). Sessions the person is
    already registered for, or that no longer take registrations, are skipped. Who may enrol at all is
    ``enrolment_refusal``'s decision."""
    course = course.canonical
    now = timezone.now()
    refusal = enrolment_refusal(course=course, user=participant, now=now)
    if refusal is not None:
        raise refusal
    if Enrolment.objects.filter(course=course, participant=participant, state=Enrolment.State.ACTIVE).exists():
        raise RegistrationError("already_enrolled")
    sessions = [session for session in course.canonical_sessions().order_by("start") if session.registration_is_open(now)]
    if not sessions:
        raise RegistrationError("no_sessions_open")
    with transaction.atomic():
        enrolment = Enrolment.objects.create(course=course, participant=participant)
        audit.record(actor=participant, action="enrolment.created", target=enrolment)
    registrations = []
    for session in sessions:
        # Each session is its own capacity decision under its own lock; one full session does not undo the others.
        try:
            registrations.append(registration_service.register(
                event=session, participant=participant, access_needs=access_needs,
                access_needs_details=access_needs_details, enrolment=enrolment, now=now,
            ))
        except RegistrationError as error:
            if error.code not in {"already_registered", "full", "closed", "past", "not_open_yet"}:
                raise
    return enrolment, registrations


def withdraw(*, enrolment: Enrolment, actor: User) -> Enrolment:
    """End the enrolment and cancel the session registrations it made that are still active, for the
    sessions still to come: those that took place keep their attendance."""
    if enrolment.state != Enrolment.State.ACTIVE:
        raise RegistrationError("not_enrolled")
    upcoming = enrolment.registrations.filter(state__in=Registration.ACTIVE_STATES, event__end__gt=timezone.now())
    for registration in upcoming:
        registration_service.cancel(registration=registration, actor=actor)
    with transaction.atomic():
        enrolment.state = Enrolment.State.CANCELLED
        enrolment.cancelled_at = timezone.now()
        enrolment.save(update_fields=["state", "cancelled_at"])
        audit.record(actor=actor, action="enrolment.cancelled", target=enrolment)
    return enrolment
