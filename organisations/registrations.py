"""A coordinator registers chosen members for an event: each one through the events app's own registration (so
capacity, the waiting list, audiences and the confirmation mail work as for anyone), under the same lock on the
event row in which the organisation's seat quota is counted, so neither the quota nor the capacity is exceeded
by parallel requests. Each member is decided alone: one refusal does not undo the others."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
}


@dataclass
class MemberOutcome:
    membership: Membership
    registration: Registration | None
    refusal: str  # why the member was not registered, in the coordinator's words; "" when they were

    @property
    def waiting(self) -> bool:
        return self.registration is not None and self.registration.state == Registration.State.WAITING


def seats_taken(*, organisation: Organisation, event: EventPage) -> int:
    """The organisation's active registrations (confirmed or waiting) for the event, as its quota counts them."""
    return MemberRegistration.objects.filter(
        organisation=organisation, registration__event=event,
        registration__state__in=Registration.ACTIVE_STATES).count()


def register_members(*, organisation: Organisation, event: EventPage, memberships: list[Membership], actor: User,
                     now: datetime | None = None) -> list[MemberOutcome]:
    event = event.canonical
    outcomes = []
    for membership in memberships:
        if membership.organisation_id != organisation.pk:
            outcomes.append(MemberOutcome(membership, None, str(MemberRegistrationError.MESSAGES["not_a_member"])))
            continue
        try:
            registration = _register_one(organisation=organisation, event=event, membership=membership, actor=actor,
                                         now=now)
        except MemberRegistrationError as refusal:
            outcomes.append(MemberOutcome(membership, None, refusal.message))
        except RegistrationError as refusal:
            outcomes.append(MemberOutcome(membership, None, str(FOR_THE_COORDINATOR.get(refusal.code, refusal.message))))
        else:
            outcomes.append(MemberOutcome(membership, registration, ""))
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
        member_registration = MemberRegistration.objects.create(registration=registration, organisation=organisation,
                                                                registered_by=actor)
        audit.record(actor=actor, action="organisation.member_registered", target=registration,
                     data={"organisation": organisation.name})
        from organisations.tasks import send_member_registration

        enqueue_with_transaction(send_member_registration, member_registration_id=member_registration.pk)
    return registration


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
