"""The base's own periodic jobs: scheduled publishing, the outbox, mail retries, tasks of dead workers, pruning."""

from django.conf import settings
from django.core.management import call_command

from lms import periodic


def publish_scheduled() -> None:
    call_command("publish_scheduled", verbosity=0)


def enqueue_mail_retry() -> None:
    from lms.tasks import retry_due_mail

    retry_due_mail.enqueue()


def enqueue_outbox_hand_over() -> None:
    from lms.tasks import hand_over_pending_tasks

    hand_over_pending_tasks.enqueue()


def prune_task_results() -> None:
    # Finished task rows pile up with every e-mail and webinar poll; kept two weeks for looking into problems,
    # failed ones four. Only the database backend keeps any.
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from lms.workers import forget_dead_workers

        call_command("prune_db_task_results", "--min-age-days", "14", "--failed-min-age-days", "28", verbosity=0)
        forget_dead_workers()


def reclaim_tasks_of_lost_workers() -> None:
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        from lms.workers import reclaim_lost_tasks

        reclaim_lost_tasks()


def register() -> None:
    periodic.register("publish scheduled pages", 60, publish_scheduled)
    periodic.register("tasks left in the outbox", 60, enqueue_outbox_hand_over)
    # Run here, not as a task: the workers that would run the task may be the ones that died.
    periodic.register("tasks of workers that died", 20, reclaim_tasks_of_lost_workers)
    periodic.register("retry e-mails not sent yet", 60, enqueue_mail_retry)
    periodic.register("prune finished task results", 24 * 3600, prune_task_results)
