"""Publishing an event page with another time: each active participant of that event is told once, and counted."""

from datetime import timedelta

import pytest
from wagtail.models import Locale

from events.models import Registration
from events.services.registration import cancel, register
from events.services.schedule import event_published
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_each_new_time_is_told_to_this_events_active_participants_and_counted(
    make_event, participant, other_participant
):
    event, other = make_event(), make_event("Inny webinar")
    seats = [register(event=event, participant=person) for person in (participant, other_participant)]
    leaver = ProfileFactory().user
    cancelled = cancel(registration=register(event=event, participant=leaver), actor=leaver)
    elsewhere = register(event=other, participant=participant)
    before = dict(Registration.objects.values_list("pk", "ics_sequence"))

    told = []
    for _change in range(2):
        event.start += timedelta(hours=1)
        event.end += timedelta(hours=1)
        event.save_revision().publish()  # its task would run after the commit; called here directly
        told.append(event_published(event_id=event.pk))
    told.append(event_published(event_id=event.pk))  # published again without a change

    after = dict(Registration.objects.values_list("pk", "ics_sequence"))
    assert told == [2, 2, 0]
    assert [after[seat.pk] - before[seat.pk] for seat in seats] == [2, 2]
    assert (after[elsewhere.pk], after[cancelled.pk]) == (before[elsewhere.pk], before[cancelled.pk])


def test_publishing_a_translation_tells_nobody(make_event, participant):
    event = make_event()
    register(event=event, participant=participant)
    translation = event.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    translation.start = event.start + timedelta(hours=1)
    translation.save_revision().publish()

    assert event_published(event_id=translation.pk) == 0
