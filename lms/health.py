"""`/healthz`: is the database answering, and how is the task queue doing (for load balancers and monitoring)."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _task_queue() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return {"backend": backend.rsplit(".", 1)[-1]}
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    counts = dict(DBTaskResult.objects.values_list("status").annotate(count=Count("pk")))
    return {"backend": "database", **{str(status).lower(): count for status, count in counts.items()}}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        tasks = _task_queue()
    except DatabaseError as error:
        return JsonResponse({"status": "error", "database": f"unavailable: {type(error).__name__}"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "tasks": tasks})
