from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from lms.workers import Heartbeat


class Command(DatabaseWorkerCommand):
    help = ("Run a task worker (django-tasks-db's db_worker) that records a heartbeat, so that the tasks of a worker "
            "that dies are taken back and run again (lms.workers).")

    def handle(self, *args, worker_id: str, **options) -> None:
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
