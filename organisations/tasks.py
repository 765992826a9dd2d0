from django_tasks import task

from organisations import notifications
from organisations.models import Invitation, MemberRegistration


@task()
def send_invitations(*, invitation_ids: list[int]) -> int:
    invitations = Invitation.objects.filter(pk__in=invitation_ids, accepted_at__isnull=True,
                                            withdrawn_at__isnull=True).select_related("organisation", "invited_by")
    for invitation in invitations:
        notifications.send_invitation(invitation)
    return len(invitations)


@task()
def send_member_registration(*, member_registration_id: int) -> int:
    member_registration = (MemberRegistration.objects.select_related("organisation", "registration__event",
                                                                    "registration__participant")
                           .get(pk=member_registration_id))
    return notifications.send_member_registration(member_registration).pk
