"""What coordinators and staff do with organisations: apply, approve, invite, accept, remove. Each change is
audited; refusals are ``OrganisationError``s whose message is shown as it is."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms import audit
from lms.exceptions import ExplainedError
from lms.models import User
from lms.outbox import enqueue_with_transaction
from organisations.models import Invitation, Membership, Organisation, Role, SeatQuota


class OrganisationError(ExplainedError):
    MESSAGES = {
        "already_member": _("This person is already in the organisation's roster."),
        "already_invited": _("This address has already been invited and has not answered yet."),
        "invitation_used": _("This invitation has already been accepted. Each invitation link works once."),
        "invitation_withdrawn": _("This invitation was withdrawn by the organisation's coordinator."),
        "wrong_account": _(
            "This invitation was sent to another e-mail address. Sign in with the account of the address that "
            "received it."),
        "last_coordinator": _(
            "The organisation's only approved coordinator cannot be removed; staff can appoint another first."),
        "not_pending": _("This organisation has already been decided on."),
    }


def apply_for_organisation(*, user: User, kind: str, name: str, nip: str = "", rspo: str = "", town: str = ""
                           ) -> Organisation:
    """A new organisation waiting for staff, with ``user`` as its coordinator-to-be."""
    with transaction.atomic():
        organisation = Organisation.objects.create(kind=kind, name=name, nip=nip, rspo=rspo, town=town)
        Membership.objects.create(organisation=organisation, user=user, role=Role.COORDINATOR)
        audit.record(actor=user, action="organisation.applied", target=organisation, data={"kind": kind})
    return organisation


def decide(*, organisation: Organisation, actor: User, approve: bool, now: datetime | None = None) -> Organisation:
    """Staff approve an organisation (and the coordinators who applied with it) or reject it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if locked.state != Organisation.State.PENDING:
            raise OrganisationError("not_pending")
        locked.state = Organisation.State.APPROVED if approve else Organisation.State.REJECTED
        locked.decided_at, locked.decided_by = now, actor
        locked.save(update_fields=["state", "decided_at", "decided_by"])
        if approve:
            locked.memberships.filter(role=Role.COORDINATOR, approved_at__isnull=True).update(approved_at=now)
        audit.record(actor=actor, action="organisation.approved" if approve else "organisation.rejected",
                     target=locked)
    return locked


def approve_coordinator(*, membership: Membership, actor: User, now: datetime | None = None) -> Membership:
    with transaction.atomic():
        membership.role, membership.approved_at = Role.COORDINATOR, now or timezone.now()
        membership.save(update_fields=["role", "approved_at"])
        audit.record(actor=actor, action="organisation.coordinator_approved", target=membership.organisation,
                     data={"person": membership.user.get_full_name() or membership.user.email})
    return membership


def existing_addresses(organisation: Organisation) -> tuple[set[str], set[str]]:
    """The lower-case addresses of the roster's members and of its open invitations (two queries)."""
    members = {email.lower() for email in organisation.memberships.values_list("user__email", flat=True)}
    invited = set(organisation.invitations.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)
                  .values_list("email", flat=True))
    return members, invited


def invite(*, organisation: Organisation, actor: User, email: str, name: str, language: str,
           role: str = Role.MEMBER) -> Invitation:
    email = email.strip().lower()
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)  # one roster change at a time
        members, invited = existing_addresses(organisation)
        if email in members:
            raise OrganisationError("already_member")
        if email in invited:
            raise OrganisationError("already_invited")
        invitation = Invitation.objects.create(organisation=organisation, email=email, name=name, language=language,
                                               role=role, invited_by=actor)
        audit.record(actor=actor, action="organisation.invited", target=organisation, data={"count": 1})
        send_invitations_later([invitation.pk])
    return invitation


def send_invitations_later(invitation_ids: list[int]) -> None:
    """One task for the whole batch, after the commit: a roster of 2,000 is not 2,000 tasks."""
    from organisations.tasks import send_invitations

    enqueue_with_transaction(send_invitations, invitation_ids=invitation_ids)


def withdraw_invitation(*, invitation: Invitation, actor: User, now: datetime | None = None) -> Invitation:
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise OrganisationError("invitation_used")
        if locked.withdrawn_at is None:
            locked.withdrawn_at = now or timezone.now()
            locked.save(update_fields=["withdrawn_at"])
            audit.record(actor=actor, action="organisation.invitation_withdrawn", target=locked.organisation)
    return locked


def accept_invitation(*, invitation: Invitation, user: User, now: datetime | None = None) -> Membership:
    """The invited person joins the roster; the link works once and only for the account of the invited address.
    A coordinator invited by a coordinator still waits for staff before acting for the organisation."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise OrganisationError("invitation_used")
        if locked.withdrawn_at is not None:
            raise OrganisationError("invitation_withdrawn")
        if user.email.lower() != locked.email:
            raise OrganisationError("wrong_account")
        membership, _created = Membership.objects.get_or_create(
            organisation=locked.organisation, user=user, defaults={"role": locked.role})
        locked.accepted_at = now or timezone.now()
        locked.save(update_fields=["accepted_at"])
        audit.record(actor=user, action="organisation.joined", target=locked.organisation)
    return membership


def remove_member(*, membership: Membership, actor: User) -> None:
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        acting = organisation.memberships.filter(role=Role.COORDINATOR, approved_at__isnull=False)
        if membership.role == Role.COORDINATOR and membership.approved_at and acting.count() == 1:
            raise OrganisationError("last_coordinator")
        person = membership.user.get_full_name() or membership.user.email
        membership.delete()
        audit.record(actor=actor, action="organisation.member_removed", target=organisation,
                     data={"person": person})


def set_seat_quota(*, organisation: Organisation, event, seats: int, actor: User) -> SeatQuota:
    """Staff set how many of the event's seats the organisation may take; places already taken stay."""
    with transaction.atomic():
        quota, _created = SeatQuota.objects.update_or_create(organisation=organisation, event=event.canonical,
                                                             defaults={"seats": seats})
        audit.record(actor=actor, action="organisation.quota_set", target=organisation,
                     data={"event": event.title, "seats": seats})
    return quota


def remove_seat_quota(*, quota: SeatQuota, actor: User) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="organisation.quota_removed", target=quota.organisation,
                     data={"event": quota.event.title})
        quota.delete()


def forget_erased_person(sender, *, user: User, email: str, **kwargs) -> None:
    """A person erased their account: they leave every roster, and invitations sent to their address lose the name
    and the address. Registrations made for them stay (the programme report counts them), as their own do."""
    Membership.objects.filter(user=user).delete()
    Invitation.objects.filter(email=email.lower()).update(name="", email=user.email)
