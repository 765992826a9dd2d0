import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from lms.periodic import registered_jobs, run_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the periodic jobs (scheduled publishing, reminders, mail retries) in a loop; --once for cron."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
        parser.add_argument("--tick", type=int, default=15, help="Seconds between checks (default 15).")

    def handle(self, *args, once: bool, tick: int, **options) -> None:
        jobs = registered_jobs()
        while True:
            for name in run_due(jobs):
                logger.info("periodic job done: %s", name)
            if once:
                return
            # Between ticks, as between requests: a connection the database closed (a restart) is dropped, so
            # the next tick reconnects instead of failing for ever.
            close_old_connections()
            time.sleep(tick)
