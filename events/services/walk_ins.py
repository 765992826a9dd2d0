"""Walk-ins: a person staff register at the door of an in-person event and check in at once. Their address finds
their account if they have one; otherwise an account is made for them, without a password, and they are invited
to set one. Seats are decided under the event lock like any registration; staff may go over capacity only on
purpose, with a reason that the audit keeps."""

from dataclasses import dataclass
from datetime import datetime

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.exceptions import RegistrationError
from events.models import EventPage, Registration
from events.services.checkin import CheckInError, check_in_once, check_in_refusal
from events.services.locking import capacity_transaction, lock_event
from events.services.registration import CAPACITY_FIELDS, _notify, remember_announced_schedule
from lms import audit
from lms.exceptions import ExplainedError
from lms.models import Profile, User
from lms.outbox import enqueue_with_transaction
from lms.services import profile_get_or_create


class WalkInError(ExplainedError):
    """A walk-in that cannot be registered; ``field`` is the form field the message belongs to, if any."""

    MESSAGES = {
        "full": _("The event is full. To register this person anyway, tick “Over capacity” and give the reason."),
        "reason_needed": _("Give the reason for registering over capacity."),
    }
    FIELDS = {"reason_needed": "reason"}

    @property
    def field(self) -> str | None:
        return self.FIELDS.get(self.code)


@dataclass(frozen=True)
class Person:
    """Who walked in, as staff typed it."""

    email: str
    first_name: str
    last_name: str
    audience: str
    language: str = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class WalkIn:
    registration: Registration
    # An account was made for the person now (they get an invitation to set a password).
    new_account: bool
    # Their registration was already confirmed before they came (they had simply no ticket with them).
    was_registered: bool


def _account(person: Person, *, actor: User) -> tuple[User, bool]:
    """The account of ``person.email`` (any of its addresses, whatever the case), or a new one without a usable
    password, its address not yet confirmed. Addresses are kept in lower case, as allauth keeps them."""
    email = person.email.strip().lower()
    known = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if known is not None:
        return known.user, False
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User(email=email, first_name=person.first_name, last_name=person.last_name,
                username=get_adapter().generate_unique_username([person.first_name, person.last_name, email]))
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    profile = profile_get_or_create(user=user)
    profile.audience, profile.language = person.audience, person.language
    profile.full_clean(exclude=[*Profile.ALL_AUDIENCE_FIELDS])  # the audience's details are theirs to add later
    profile.save()
    audit.record(actor=actor, action="account.created_for_walk_in", target=user,
                 data={"audience": person.audience, "language": person.language})
    return user, True


def register_walk_in(*, event: EventPage, actor: User, person: Person, access_needs: list[str] = (),
                     access_needs_details: str = "", over_capacity: bool = False, reason: str = "",
                     now: datetime | None = None) -> WalkIn:
    """Register ``person`` for ``event`` (the default-language page) and check them in, all or nothing. An
    existing registration is confirmed or kept, never repeated; a seat over capacity needs ``over_capacity`` and
    a ``reason``. Raises ``WalkInError``, ``CheckInError`` (the door is not open) or ``RegistrationError``
    ("busy")."""
    now = now or timezone.now()
    reason = reason.strip()
    unknown = set(access_needs) - set(Registration.AccessNeed.values)
    if unknown:
        raise ValueError(f"Unknown access needs: {sorted(unknown)}")
    if over_capacity and not reason:
        raise WalkInError("reason_needed")
    refusal = check_in_refusal(event, now=now)
    if refusal:  # walk-ins are people at the door: registration dates do not apply, the door's hours do
        raise CheckInError(refusal)
    try:
        with capacity_transaction():
            locked = lock_event(event.canonical.pk, fields=CAPACITY_FIELDS)
            user, new_account = _account(person, actor=actor)
            registration = (Registration.objects.select_for_update()
                            .filter(event=locked, participant=user, state__in=Registration.ACTIVE_STATES).first())
            was_registered = registration is not None and registration.state == Registration.State.CONFIRMED
            went_over = False
            if not was_registered:
                taken = Registration.objects.filter(event=locked, state=Registration.State.CONFIRMED).count()
                went_over = taken >= locked.capacity
                if went_over and not over_capacity:
                    raise WalkInError("full")
                if registration is None:
                    registration = Registration(event=locked, participant=user)
                else:  # off the waiting list: the calendar entry they have changes
                    registration.ics_sequence += 1
                registration.state, registration.confirmed_at = Registration.State.CONFIRMED, now
            # What the person asked for before stays; what they say at the door is added.
            added = [need for need in access_needs if need not in registration.access_needs]
            registration.access_needs = [*registration.access_needs, *added]
            registration.access_needs_details = registration.access_needs_details or access_needs_details.strip()
            registration.clean_fields(exclude=["event", "participant", "enrolment"])
            registration.save()
            remember_announced_schedule(locked)
            audit.record(actor=actor, action="registration.walk_in", target=registration, data={
                "new_account": new_account, "was_registered": was_registered, "access_needs_added": added,
                **({"over_capacity": True, "reason": reason} if went_over else {}),
            })
            check_in_once(registration=registration, actor=actor, now=now)
            if new_account:
                from events.tasks import send_walk_in_invitation

                enqueue_with_transaction(send_walk_in_invitation, registration_id=registration.pk)
            if not was_registered:
                _notify(registration, "confirmed")
    except IntegrityError as error:  # the same address at two doors at once
        raise RegistrationError("busy") from error
    return WalkIn(registration=registration, new_account=new_account, was_registered=was_registered)
