"""`make run` loads the demo content: it must load on a fresh database and again on its own result."""

from io import StringIO

import pytest
from django.core.management import call_command

from events.models import EventPage, Registration

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_and_its_pages_answer(client):
    first = StringIO()
    call_command("load_demo", stdout=first)
    counts = (EventPage.objects.count(), Registration.objects.count())
    call_command("load_demo", stdout=StringIO())

    assert "pracodawca@example.org" in first.getvalue()
    assert counts[0] > 0 and counts[1] > 0
    assert (EventPage.objects.count(), Registration.objects.count()) == counts  # safe to run again
    for path in ("/pl/", "/uk/", "/en/", "/ru/"):
        assert client.get(path).status_code == 200, path
    listing = EventPage.objects.live().first().get_parent()
    assert client.get(listing.url).status_code == 200


def test_the_demo_events_are_found_by_any_form_of_their_words_and_by_presenter(client):
    call_command("load_demo", stdout=StringIO())
    listing = EventPage.objects.live().first().get_parent().specific

    def found(query: str) -> list[str]:
        return [card.title for card in client.get(listing.url, {"q": query}).context["events"]]

    assert "Dzień Otwarty dla pracodawców" in found("pracodawca")
    assert "Konsultacje międzyurzędowe: zezwolenia na pobyt czasowy" in found("zezwolenie")
    assert found("zielinski") == ["Zatrudnianie cudzoziemców krok po kroku"]
