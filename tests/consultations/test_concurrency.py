"""Several visitors book the same slot at the same moment: exactly one holds it; one visitor clicking two slots at
once gets one of them."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from consultations import services
from consultations.exceptions import ConsultationError
from consultations.models import Booking
from events.services.registration import register
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 8


def _skip_on_in_memory_sqlite():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one connection between threads; the PostgreSQL run covers this")


def _in_parallel(attempts: list) -> list[str]:
    start_together = Barrier(len(attempts))

    def run(attempt):
        start_together.wait()
        try:
            return attempt().state
        except ConsultationError as error:
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts))


def test_parallel_bookings_of_one_slot_give_exactly_one(open_day, slots):
    _skip_on_in_memory_sqlite()
    people = [ProfileFactory().user for _ in range(PEOPLE)]
    for person in people:
        register(event=open_day, participant=person)

    outcomes = _in_parallel([lambda person=person: services.book(slot=slots[0], visitor=person) for person in people])

    assert outcomes.count("booked") == 1
    assert outcomes.count("taken") == PEOPLE - 1
    assert Booking.objects.filter(slot=slots[0], state="booked").count() == 1


def test_one_visitor_booking_every_slot_at_once_gets_one(open_day, slots, visitor):
    _skip_on_in_memory_sqlite()

    outcomes = _in_parallel([lambda slot=slot: services.book(slot=slot, visitor=visitor) for slot in slots])

    assert outcomes.count("booked") == 1
    assert outcomes.count("already_booked") == len(slots) - 1
    assert Booking.objects.filter(visitor=visitor, state="booked").count() == 1


def test_a_slot_locked_too_long_answers_busy_and_writes_nothing(open_day, slots, visitor, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row lock timeouts are a PostgreSQL behaviour; SQLite queues writers instead")
    from threading import Event as Signal
    from threading import Thread

    from django.db import transaction

    from events.services import locking

    monkeypatch.setattr(locking, "LOCK_TIMEOUT_SECONDS", 1)
    locked, release = Signal(), Signal()

    def hold_the_slot():
        with transaction.atomic():
            services._lock_slot(slots[0].pk)
            locked.set()
            release.wait(10)
        connections.close_all()

    holder = Thread(target=hold_the_slot)
    holder.start()
    locked.wait(5)
    try:
        with pytest.raises(ConsultationError) as error:
            services.book(slot=slots[0], visitor=visitor)
    finally:
        release.set()
        holder.join()

    assert error.value.code == "busy"
    assert not Booking.objects.exists()
