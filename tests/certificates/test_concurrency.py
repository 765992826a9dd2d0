"""Two issuing runs at once (the task after the analytics callback and a staff member's bulk issue): every
participant gets exactly one certificate and numbers never repeat."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from certificates import services
from certificates.models import Certificate
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

RUNS = 3
PARTICIPANTS = 4


def test_parallel_issuing_issues_each_certificate_once(finished_event, attended):
    if connection.vendor != "postgresql":
        pytest.skip("in-memory SQLite shares one connection between threads; the PostgreSQL run covers this")
    for _ in range(PARTICIPANTS):
        attended(finished_event, ProfileFactory().user, 95)
    start_together = Barrier(RUNS)

    def issue(_run):
        start_together.wait()
        try:
            return services.issue_for_event(event=finished_event).created
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        created = list(pool.map(issue, range(RUNS)))

    certificates = Certificate.objects.filter(event=finished_event)
    assert sum(created) == PARTICIPANTS == certificates.count()
    assert certificates.values("holder").distinct().count() == PARTICIPANTS
    sequences = sorted(int(number.rsplit("/", 1)[1]) for number in certificates.values_list("number", flat=True))
    assert sequences == list(range(1, PARTICIPANTS + 1))
    assert all(certificate.is_sealed for certificate in certificates)
