"""A coordinator registers chosen members for an event (or enrols them in a course): each one through the events app's own registration (so
capacity, the waiting list, audiences and the confirmation mail work as for anyone), under the same lock on the
event row in which the organisation's seat quota is counted, so neither the quota nor the capacity is exceeded
by parallel requests. Each member is decided alone: one refusal does not undo the others."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses import services as course_services
from courses.models import CoursePage, Enrolment
from events.exceptions import RegistrationError
from events.models import EventPage, Registration
from events.services import registration as registration_service
from events.services.locking import capacity_transaction, lock_event
from lms import audit
from lms.exceptions import ExplainedError
from lms.models import User
from lms.outbox import enqueue_with_transaction
from organisations.models import MemberRegistration, Membership, Organisation, SeatQuota


class MemberRegistrationError(ExplainedError):
    MESSAGES = {
        "quota_reached": _("The organisation's seat quota for this event is used up."),
        "not_a_member": _("This person is not in the organisation's roster."),
        "answered": _("This registration has already been answered."),
        "not_active": _("This registration is no longer active."),
    }


# The events app words its refusals for the person registering ("You are already registered…"); the coordinator
# reads them about someone else.
FOR_THE_COORDINATOR = {
    "already_registered": _("Already registered for this event."),
    "profile_incomplete": _("Has not completed their profile yet, so cannot be registered."),
    "full": _("The event is full and has no waiting list."),
    "only_employers": _("The event is for employers only, and this person's profile says otherwise."),
    "only_educators": _("The event is for educators only, and this person's profile says otherwise."),
    "only_foreign_nationals": _("The event is for foreign nationals only, and this person's profile says otherwise."),
    "only_office_staff": _("The event is for the office's own staff only."),
    "already_enrolled": _("Already enrolled in this course."),
    "no_sessions_open": _("None of the course's sessions is open for registration."),
}


@dataclass
class MemberOutcome:
    membership: Membership
    registration: Registration | None  # for a course: its first session's
    refusal: str  # why the member was not registered, in the coordinator's words; "" when they were
    sessions: int = 0  # a course: the sessions the enrolment registered them for

    @property
    def waiting(self) -> bool:
        return self.registration is not None and self.registration.state == Registration.State.WAITING


def seats_taken(*, organisation: Organisation, event: EventPage | int) -> int:
    """The organisation's active registrations (confirmed or waiting) for the event, as its quota counts them."""
    return MemberRegistration.objects.filter(
        organisation=organisation, registration__event=event,
        registration__state__in=Registration.ACTIVE_STATES).count()


def register_members(*, organisation: Organisation, event: EventPage, memberships: list[Membership], actor: User,
                     now: datetime | None = None) -> list[MemberOutcome]:
    event = event.canonical
    return _each_member(organisation, memberships, lambda membership: [_register_one(
        organisation=organisation, event=event, membership=membership, actor=actor, now=now)])


def enrol_members(*, organisation: Organisation, course: CoursePage, memberships: list[Membership], actor: User
                  ) -> list[MemberOutcome]:
    """Each member enrolled in the course through the courses app (every session open for registration), with the
    sessions' seat quotas counted under the locks of all the sessions' rows."""
    course = course.canonical
    return _each_member(organisation, memberships, lambda membership: _enrol_one(
        organisation=organisation, course=course, membership=membership, actor=actor))


def _each_member(organisation: Organisation, memberships: list[Membership],
                 place: Callable[[Membership], list[Registration]]) -> list[MemberOutcome]:
    outcomes = []
    for membership in memberships:
        if membership.organisation_id != organisation.pk:
            outcomes.append(MemberOutcome(membership, None, str(MemberRegistrationError.MESSAGES["not_a_member"])))
            continue
        try:
            registrations = place(membership)
        except MemberRegistrationError as refusal:
            outcomes.append(MemberOutcome(membership, None, refusal.message))
        except RegistrationError as refusal:
            outcomes.append(MemberOutcome(membership, None, str(FOR_THE_COORDINATOR.get(refusal.code, refusal.message))))
        else:
            outcomes.append(MemberOutcome(membership, registrations[0] if registrations else None, "",
                                          sessions=len(registrations)))
    return outcomes


def _register_one(*, organisation: Organisation, event: EventPage, membership: Membership, actor: User,
                  now: datetime | None) -> Registration:
    with capacity_transaction():
        locked = lock_event(event.pk, fields=("title", "capacity"))
        quota = SeatQuota.objects.filter(organisation=organisation, event=locked).values_list("seats", flat=True).first()
        if quota is not None and seats_taken(organisation=organisation, event=locked) >= quota:
            raise MemberRegistrationError("quota_reached")
        # The registration's own transaction nests in this one: the event row stays locked by us throughout.
        registration = registration_service.register(event=locked, participant=membership.user, now=now)
        _placed_by(organisation, registration, actor)
    return registration


def _enrol_one(*, organisation: Organisation, course: CoursePage, membership: Membership, actor: User
               ) -> list[Registration]:
    with capacity_transaction():
        # Every session's row, in one order for everyone (no two requests wait for each other's second lock).
        sessions = [lock_event(session.pk, fields=("title", "capacity"))
                    for session in course.canonical_sessions().order_by("start", "pk")]
        if Enrolment.objects.filter(course=course, participant=membership.user, state=Enrolment.State.ACTIVE).exists():
            raise RegistrationError("already_enrolled")  # said before the quota, which their own places fill
        for session_id, seats in SeatQuota.objects.filter(organisation=organisation, event__in=sessions
                                                          ).values_list("event_id", "seats"):
            if seats_taken(organisation=organisation, event=session_id) >= seats:
                raise MemberRegistrationError("quota_reached")
        _enrolment, registrations = course_services.enrol(course=course, participant=membership.user)
        for registration in registrations:
            _placed_by(organisation, registration, actor)
    return registrations


def _placed_by(organisation: Organisation, registration: Registration, actor: User) -> MemberRegistration:
    """Marks the registration as the organisation's (its quota, its coordinators' view) and asks the member."""
    from organisations.tasks import send_member_registration

    member_registration = MemberRegistration.objects.create(registration=registration, organisation=organisation,
                                                            registered_by=actor)
    audit.record(actor=actor, action="organisation.member_registered", target=registration,
                 data={"organisation": organisation.name})
    enqueue_with_transaction(send_member_registration, member_registration_id=member_registration.pk)
    return member_registration


def answer(*, member_registration: MemberRegistration, user: User, accept: bool,
           now: datetime | None = None) -> MemberRegistration:
    """The member accepts the place the coordinator took for them, or declines it: the registration is cancelled
    through the events app, so the seat goes to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (MemberRegistration.objects.select_for_update().select_related("registration__event")
                  .get(pk=member_registration.pk))
        if locked.answer != MemberRegistration.Answer.PENDING:
            raise MemberRegistrationError("answered")
        if not locked.registration.is_active:
            raise MemberRegistrationError("not_active")
        if not accept:
            registration_service.cancel(registration=locked.registration, actor=user, now=now)
        locked.answer = MemberRegistration.Answer.ACCEPTED if accept else MemberRegistration.Answer.DECLINED
        locked.answered_at = now
        locked.save(update_fields=["answer", "answered_at"])
        audit.record(actor=user, action=f"organisation.registration_{locked.answer}", target=locked.registration)
    return locked
