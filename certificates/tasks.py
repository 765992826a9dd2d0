from django_tasks import task

from certificates import services
from courses.models import CoursePage
from events.models import EventPage
from lms.models import User


@task()
def issue_after_attendance(*, event_id: int) -> int:
    return services.issue_after_attendance(event_id=event_id).created


@task()
def issue_certificates(*, actor_id: int, event_id: int | None = None, course_id: int | None = None) -> int:
    """Staff asked for the certificates of one event or course (bulk, from the admin)."""
    actor = User.objects.get(pk=actor_id)
    if event_id is not None:
        return services.issue_recorded(event=EventPage.objects.get(pk=event_id), actor=actor).created
    return services.issue_recorded(course=CoursePage.objects.get(pk=course_id), actor=actor).created


@task()
def seal_certificates(*, certificate_ids: list[int]) -> int:
    """One chunk of a large issuing run: render, store and mail these certificates."""
    return services.seal_chunk(certificate_ids=certificate_ids)


@task()
def issue_due_certificates() -> int:
    return services.issue_recently_ended()
