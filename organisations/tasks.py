from django_tasks import task

from organisations.notifications import send_invitation
from organisations.models import Invitation


@task()
def send_invitations(*, invitation_ids: list[int]) -> int:
    invitations = Invitation.objects.filter(pk__in=invitation_ids, accepted_at__isnull=True,
                                            withdrawn_at__isnull=True).select_related("organisation", "invited_by")
    for invitation in invitations:
        send_invitation(invitation)
    return len(invitations)
