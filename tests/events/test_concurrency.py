"""More people than seats register at the same moment: exactly `capacity` are confirmed, the rest wait."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from events.exceptions import RegistrationError
from events.models import Registration
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 5
PEOPLE = 16


def test_parallel_registrations_never_oversell(make_event):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one connection between threads; the PostgreSQL run covers this")
    from events.services.registration import register

    event = make_event(capacity=CAPACITY)
    people = [ProfileFactory().user for _ in range(PEOPLE)]
    start_together = Barrier(PEOPLE)

    def attempt(person):
        start_together.wait()
        try:
            return register(event=event, participant=person).state
        except RegistrationError as error:
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        outcomes = list(pool.map(attempt, people))

    assert outcomes.count("confirmed") == CAPACITY
    assert outcomes.count("waiting") == PEOPLE - CAPACITY
    assert Registration.objects.filter(event=event, state="confirmed").count() == CAPACITY


def test_a_lock_held_too_long_answers_busy_and_writes_nothing(make_event, participant, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row lock timeouts are a PostgreSQL behaviour; SQLite queues writers instead")
    from threading import Event as Signal
    from threading import Thread

    from django.db import transaction

    from events.services import locking
    from events.services.registration import register

    monkeypatch.setattr(locking, "LOCK_TIMEOUT_SECONDS", 1)
    event = make_event(capacity=3)
    locked, release = Signal(), Signal()

    def hold_the_lock():
        with transaction.atomic():
            locking.lock_event(event.pk)
            locked.set()
            release.wait(10)
        connections.close_all()

    holder = Thread(target=hold_the_lock)
    holder.start()
    locked.wait(5)
    try:
        with pytest.raises(RegistrationError) as error:
            register(event=event, participant=participant)
    finally:
        release.set()
        holder.join()

    assert error.value.code == "busy"
    assert not Registration.objects.exists()


def test_a_message_form_sent_twice_at_once_sends_one_message(make_event):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one connection between threads; the PostgreSQL run covers this")
    import uuid

    from django.apps import apps

    from events.editorial import ensure_editorial_groups
    from events.models import EventMessage
    from events.services.messages import EventMessageError, send_event_message
    from events.services.registration import register
    from lms.models import OutgoingMail

    ensure_editorial_groups(apps)
    event = make_event()
    for _ in range(3):
        register(event=event, participant=ProfileFactory().user)
    staff = ProfileFactory().user
    token = uuid.uuid4()
    start_together = Barrier(2)

    def attempt(_):
        start_together.wait()
        try:
            return send_event_message(event=event, audience="confirmed", subject="Sala 204", body="Zmiana sali.",
                                      actor=staff, token=token)[1]
        except EventMessageError as error:  # the other click committed between this one's checks
            return error.code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(attempt, range(2)))

    assert outcomes.count(True) == 1
    assert EventMessage.objects.count() == 1
    assert OutgoingMail.objects.filter(subject="Sala 204").count() == 3
