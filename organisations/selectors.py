"""What a person may see of organisations: their own memberships, and the roster of one they coordinate."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from lms.models import User
from organisations.models import Invitation, Membership, Organisation, Role


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def coordinated_organisation(*, user: User, organisation_id: int) -> Organisation:
    """The organisation, if ``user`` is its approved coordinator and staff approved it; otherwise 404 (a
    coordinator of another organisation learns nothing, not even that it exists)."""
    membership = (Membership.objects.select_related("organisation")
                  .filter(user=user, organisation_id=organisation_id, role=Role.COORDINATOR,
                          approved_at__isnull=False, organisation__state=Organisation.State.APPROVED).first())
    if membership is None:
        raise Http404("Not a coordinator of this organisation")
    return membership.organisation


@dataclass
class Roster:
    members: list[Membership]
    invitations: list[Invitation]  # open ones: sent, not yet answered


def roster_of(organisation: Organisation) -> Roster:
    return Roster(
        members=list(organisation.memberships.select_related("user", "user__profile")
                     .order_by("user__last_name", "user__first_name", "pk")),
        invitations=list(organisation.invitations.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)
                         .order_by("name", "pk")),
    )
