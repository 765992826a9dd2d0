from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingTask(models.Model):
    """A task owed to the queue, written in the same transaction as the data that calls for it and deleted once the
    queue has it (lms.outbox). A row older than a minute means the hand-over after the commit failed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    task_path = models.CharField(max_length=255)
    kwargs = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")

    def __str__(self) -> str:
        return f"{self.task_path}({self.kwargs})"
