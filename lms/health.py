"""`/healthz`: is the database answering, and how is the task queue doing (for load balancers and monitoring).

503 when the database is down, and when tasks are stuck: a task waiting for a worker longer than STUCK_AFTER (no
worker is running), or a running task whose worker died and that run_periodic did not take back (it is not
running either). Failed tasks of the last day are counted, so monitoring can alert on them too."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

STUCK_AFTER = timedelta(minutes=10)


def _task_queue() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return {"backend": backend.rsplit(".", 1)[-1]}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    from lms.workers import lost_running_tasks

    now = timezone.now()
    counts = dict(DBTaskResult.objects.values_list("status").annotate(count=Count("pk")))
    cutoff = now - STUCK_AFTER
    # Runnable for longer than STUCK_AFTER: enqueued that long ago, or deferred to a time that long past.
    waiting_too_long = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
    )
    return {
        "backend": "database",
        **{str(status).lower(): count for status, count in counts.items()},
        "failed_last_day": DBTaskResult.objects.filter(status=TaskResultStatus.FAILED,
                                                       finished_at__gte=now - timedelta(days=1)).count(),
        "waiting_too_long": waiting_too_long.count(),
        "running_on_lost_workers": len([task for task in lost_running_tasks(now=now)
                                        if task.started_at and task.started_at < cutoff]),
    }


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        tasks = _task_queue()
    except DatabaseError as error:
        return JsonResponse({"status": "error", "database": f"unavailable: {type(error).__name__}"}, status=503)
    if tasks.get("waiting_too_long") or tasks.get("running_on_lost_workers"):
        return JsonResponse({"status": "tasks stuck", "database": "ok", "tasks": tasks}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "tasks": tasks})
