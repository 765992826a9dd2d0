"""What a person may see of organisations: their own memberships, and the roster of one they coordinate."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from certificates.models import Certificate
from events.models import EventPage
from lms.models import User
from organisations.models import Invitation, MemberRegistration, Membership, Organisation, Role


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


@dataclass
class MemberRegistrationRow:
    member_registration: MemberRegistration
    attended_minutes: int | None
    certificate: Certificate | None  # the current one, sealed or not


def member_registrations_of(organisation: Organisation) -> list[MemberRegistrationRow]:
    """What the organisation's coordinators see of the registrations they made: state, the member's answer,
    attendance and certificate. Three queries however many there are."""
    rows = list(organisation.member_registrations.select_related(
        "registration__event", "registration__participant", "registration__attendance")
        .order_by("-registration__event__start", "registration__participant__last_name", "pk"))
    pairs = {(row.registration.participant_id, row.registration.event_id) for row in rows}
    certificates = {
        (certificate.holder_id, certificate.event_id): certificate
        for certificate in Certificate.objects.filter(
            holder_id__in={holder for holder, _ in pairs}, event_id__in={event for _, event in pairs},
            superseded_by__isnull=True)
    }
    return [MemberRegistrationRow(
        member_registration=row,
        attended_minutes=getattr(getattr(row.registration, "attendance", None), "minutes_present", None),
        certificate=certificates.get((row.registration.participant_id, row.registration.event_id)),
    ) for row in rows]


def coordinates_registration_of(*, user: User, certificate: Certificate) -> bool:
    """Whether ``user`` acts for an organisation that registered the certificate's holder for its event (or enrolled
    them in its course)."""
    if certificate.holder_id is None:
        return False
    # A course's certificate: the organisation enrolled the holder (its registrations for the sessions are the
    # organisation's); an event's: it registered the holder for that event.
    placed = (Q(registration__enrolment__course_id=certificate.course_id) if certificate.course_id
              else Q(registration__event_id=certificate.event_id))
    return MemberRegistration.objects.filter(
        placed, registration__participant_id=certificate.holder_id,
        organisation__state=Organisation.State.APPROVED,
        organisation__memberships__user=user, organisation__memberships__role=Role.COORDINATOR,
        organisation__memberships__approved_at__isnull=False,
    ).exists()


def upcoming_events() -> QuerySet[EventPage]:
    """The events a coordinator may register members for: published, in the site's default language, to come."""
    return (EventPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE, start__gt=timezone.now())
            .order_by("start", "pk"))
