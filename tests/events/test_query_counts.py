"""The listing and the event page cost the same number of queries with few or many events and registrations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Registration
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def fill(make_event, events: int, registrations_each: int) -> list:
    created = [make_event(f"Szkolenie {n}", capacity=registrations_each + 2) for n in range(events)]
    people = [ProfileFactory().user for _ in range(registrations_each)]
    Registration.objects.bulk_create(
        Registration(event=event, participant=person, state=Registration.State.CONFIRMED)
        for event in created for person in people
    )
    return created


def queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process caches (site root paths, locales)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_listing_queries_do_not_grow_with_data(client, make_event):
    fill(make_event, events=2, registrations_each=1)
    small = queries_for(client, "/pl/wydarzenia/")

    fill(make_event, events=15, registrations_each=6)
    large = queries_for(client, "/pl/wydarzenia/")

    assert large == small


def test_event_page_queries_do_not_grow_with_registrations(client, make_event, participant):
    client.force_login(participant)
    (few,) = fill(make_event, events=1, registrations_each=1)
    small = queries_for(client, few.url)

    (many,) = fill(make_event, events=1, registrations_each=25)
    large = queries_for(client, many.url)

    assert large == small
