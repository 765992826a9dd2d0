"""Tasks that must run if, and only if, the data that calls for them is committed: a registration's confirmation
mail, the mail about a changed event, sending a stored mail.

With the database task backend the task row is written in the same transaction as the data, so both commit or
neither does. Any other backend (a broker; the immediate backend of the tests and `make run`) can only be handed
the task after the commit, and that hand-over can fail (the database drops in between). So an outbox row is
written in the transaction instead; the hand-over after the commit deletes it, and a periodic job hands over
whatever is left."""

import logging
from datetime import datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from lms.models import PendingTask

logger = logging.getLogger(__name__)

# Younger rows may still be handed over by the after-commit callback of their own request.
HAND_OVER_GRACE = timedelta(minutes=1)


def _queue_shares_the_transaction(task: Task) -> bool:
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(task.get_backend(), DatabaseBackend) and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS


def enqueue_with_transaction(task: Task, **kwargs) -> None:
    """Enqueue ``task`` so that it exists exactly when the surrounding transaction commits."""
    if _queue_shares_the_transaction(task):
        task.enqueue(**kwargs)
        return
    pending = PendingTask.objects.create(task_path=task.module_path, kwargs=kwargs)
    # robust: the data is committed and the outbox row keeps the task, so a failed hand-over is logged, not raised
    # at the person whose request it was.
    pending_id = pending.pk
    transaction.on_commit(lambda: hand_over(pending_id), robust=True)


def hand_over(pending_id: int) -> bool:
    """Give one outbox row's task to the queue and delete the row; False when another process did it already."""
    with transaction.atomic():
        pending = PendingTask.objects.select_for_update(skip_locked=True).filter(pk=pending_id).first()
        if pending is None:
            return False
        import_string(pending.task_path).enqueue(**pending.kwargs)
        pending.delete()
    return True


def hand_over_pending(*, now: datetime | None = None) -> int:
    """Hand over the rows whose after-commit hand-over failed; returns how many were handed over."""
    cutoff = (now or timezone.now()) - HAND_OVER_GRACE
    handed_over = 0
    for pending_id in PendingTask.objects.filter(created_at__lt=cutoff).order_by("pk").values_list("pk", flat=True):
        try:
            handed_over += hand_over(pending_id)
        except Exception:
            logger.exception("pending task %s not handed over; trying again at the next run", pending_id)
    return handed_over
