"""Row locks for capacity decisions: lock first, then count and decide, all in one transaction."""

from contextlib import contextmanager

from django.db import OperationalError, connection, transaction

from events.exceptions import RegistrationError
from events.models import EventPage

LOCK_TIMEOUT_SECONDS = 3


def lock_event(event_id: int, *, fields: tuple[str, ...] | None = None) -> EventPage:
    """Lock one event's row until the surrounding transaction ends.

    PostgreSQL locks only the event table's row (not ``wagtailcore_page``, which editors publish) and gives up
    after a few seconds. SQLite has no row locks; there every transaction takes the write lock when it begins
    (``transaction_mode=IMMEDIATE`` in the settings), so registrations queue one after another."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_event() needs a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'")
    # The schedule snapshot comes along (unlocked) because registering needs to know whether one exists.
    events = EventPage.objects.select_for_update(of=("self",)).select_related("schedule_snapshot")
    if fields is not None:  # the busiest callers read a few columns, not the forty of a Wagtail page
        events = events.only(*fields, "schedule_snapshot")
    return events.get(pk=event_id)


def is_lock_timeout(error: OperationalError) -> bool:
    text = str(error).lower()
    return "lock timeout" in text or "database is locked" in text or "locknotavailable" in type(error.__cause__).__name__.lower()


@contextmanager
def capacity_transaction():
    """A transaction in which a lock that cannot be had in time becomes "busy, try again", never a server error."""
    try:
        with transaction.atomic():
            yield
    except OperationalError as error:
        if is_lock_timeout(error):
            raise RegistrationError("busy") from error
        raise
