from datetime import timedelta

import pytest
from django.utils import timezone

from events.exceptions import RegistrationError
from events.models import Registration
from events.selectors import waiting_position
from events.services.registration import cancel, promote_by_staff, register
from lms.models import AuditEntry
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def people(count: int):
    return [ProfileFactory().user for _ in range(count)]


def test_seats_are_confirmed_until_full_then_the_waiting_list_queues_in_order(make_event):
    event = make_event(capacity=2)
    first, second, third, fourth = people(4)

    states = [register(event=event, participant=person).state for person in (first, second, third, fourth)]

    assert states == ["confirmed", "confirmed", "waiting", "waiting"]
    waiting = Registration.objects.filter(event=event, state="waiting").order_by("created_at")
    assert [waiting_position(registration) for registration in waiting] == [1, 2]


def test_cancelling_a_confirmed_seat_promotes_the_oldest_waiting_at_once(make_event, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event(capacity=1)
    holder, next_in_line, later = people(3)
    seat = register(event=event, participant=holder)
    register(event=event, participant=next_in_line)
    register(event=event, participant=later)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel(registration=seat, actor=holder)

    states = dict(Registration.objects.filter(event=event).values_list("participant__email", "state"))
    assert states == {holder.email: "cancelled", next_in_line.email: "confirmed", later.email: "waiting"}
    assert waiting_position(Registration.objects.get(participant=later, event=event)) == 1
    recipients = sorted(message.to[0] for message in mailoutbox)
    assert recipients == sorted([holder.email, next_in_line.email])
    assert AuditEntry.objects.filter(action="registration.promoted", target_id=str(
        Registration.objects.get(participant=next_in_line).pk)).exists()


def test_registering_twice_is_refused_and_writes_nothing(event, participant):
    register(event=event, participant=participant)

    with pytest.raises(RegistrationError) as error:
        register(event=event, participant=participant)

    assert error.value.code == "already_registered"
    assert Registration.objects.filter(participant=participant).count() == 1


def test_after_cancelling_one_may_register_again(event, participant):
    first = register(event=event, participant=participant)
    cancel(registration=first, actor=participant)

    again = register(event=event, participant=participant)

    assert again.pk != first.pk and again.state == "confirmed"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"registration_closes_at": "past"}, "closed"),
        ({"start": "past_start"}, "past"),
        ({"registration_opens_at": "future"}, "not_open_yet"),
    ],
)
def test_closed_past_or_not_yet_open_events_refuse_registration(make_event, participant, fields, code):
    now = timezone.now()
    values = {
        "past": now - timedelta(hours=1),
        "future": now + timedelta(days=1),
        "past_start": now - timedelta(days=2),
    }
    resolved = {key: values[value] for key, value in fields.items()}
    if "start" in resolved:
        resolved["end"] = resolved["start"] + timedelta(hours=2)
    event = make_event(**resolved)

    with pytest.raises(RegistrationError) as error:
        register(event=event, participant=participant)

    assert error.value.code == code
    assert not Registration.objects.exists()


def test_registration_closes_when_the_event_starts(make_event, participant):
    event = make_event(start=timezone.now() - timedelta(minutes=5))

    with pytest.raises(RegistrationError) as error:
        register(event=event, participant=participant)

    assert error.value.code == "closed"


def test_full_event_without_waiting_list_refuses(make_event):
    event = make_event(capacity=1, waiting_list=False)
    first, second = people(2)
    register(event=event, participant=first)

    with pytest.raises(RegistrationError) as error:
        register(event=event, participant=second)

    assert error.value.code == "full"
    assert Registration.objects.count() == 1


def test_staff_promotion_needs_a_free_seat_and_is_audited(make_event):
    event = make_event(capacity=1)
    holder, first_waiting, second_waiting = people(3)
    register(event=event, participant=holder)
    register(event=event, participant=first_waiting)
    chosen = register(event=event, participant=second_waiting)
    staff = ProfileFactory(user__is_staff=True).user

    with pytest.raises(RegistrationError) as error:
        promote_by_staff(registration=chosen, actor=staff, reason="Interpreter booked")
    assert error.value.code == "no_free_seat"

    type(event).objects.filter(pk=event.pk).update(capacity=2)
    promote_by_staff(registration=chosen, actor=staff, reason="Interpreter booked")

    chosen.refresh_from_db()
    assert chosen.state == "confirmed"
    entry = AuditEntry.objects.get(action="registration.promoted_by_staff")
    assert entry.actor == staff and entry.data == {"reason": "Interpreter booked"}


def test_publishing_more_seats_promotes_the_waiting_list(make_event, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    holder, waiting_person = people(2)
    register(event=event, participant=holder)
    waiting = register(event=event, participant=waiting_person)

    event.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    waiting.refresh_from_db()
    assert waiting.state == "confirmed"


def test_staff_cancellation_records_reason_and_actor(event, participant):
    registration = register(event=event, participant=participant)
    staff = ProfileFactory(user__is_staff=True).user

    cancel(registration=registration, actor=staff, reason="Duplicate account")

    entry = AuditEntry.objects.get(action="registration.cancelled")
    assert entry.actor == staff and entry.data == {"by_staff": True, "reason": "Duplicate account"}


def test_after_the_event_only_staff_can_cancel(client, event, participant):
    from events.models import EventPage

    registration = register(event=event, participant=participant)
    EventPage.objects.filter(pk=event.pk).update(start=timezone.now() - timedelta(hours=3),
                                                 end=timezone.now() - timedelta(hours=1))
    client.force_login(participant)

    with pytest.raises(RegistrationError) as refused:
        cancel(registration=registration, actor=participant)
    page = client.get(event.url).content.decode()
    response = client.post(f"{event.url}cancel/", {"confirm": "yes"})

    assert refused.value.code == "past" and response.status_code == 409
    assert f"{event.url}cancel/" not in page  # no button for it either
    registration.refresh_from_db()
    assert registration.state == "confirmed"
    cancel(registration=registration, actor=ProfileFactory(user__is_staff=True).user, reason="Pomyłka w zapisach")
    registration.refresh_from_db()
    assert registration.state == "cancelled"


def test_translations_register_for_the_same_event(event, participant, other_participant):
    from wagtail.models import Locale

    translation = event.copy_for_translation(Locale.objects.get(language_code="uk"), copy_parents=True)
    translation.save_revision().publish()

    via_translation = register(event=translation, participant=participant)
    via_original = register(event=event, participant=other_participant)

    assert via_translation.event_id == via_original.event_id == event.pk


def test_the_registration_deadline_itself_is_too_late(make_event, participant):
    """The deadline is exclusive, as the page says: open while now < deadline (``EventPage.registration_is_open``)."""
    event = make_event(registration_closes_at=timezone.now() + timedelta(days=1))
    deadline = event.registration_deadline

    with pytest.raises(RegistrationError) as error:
        register(event=event, participant=participant, now=deadline)
    assert error.value.code == "closed"
    assert not event.registration_is_open(deadline)
    assert not Registration.objects.exists()

    just_before = deadline - timedelta(microseconds=1)
    assert event.registration_is_open(just_before)
    assert register(event=event, participant=participant, now=just_before).state == "confirmed"


@pytest.mark.parametrize("after_the_end", [timedelta(0), timedelta(days=2)])
def test_staff_cancelling_after_the_event_promotes_nobody_into_it(make_event, after_the_end):
    event = make_event(capacity=1)
    holder, waiting = people(2)
    seat = register(event=event, participant=holder)
    register(event=event, participant=waiting)
    staff = ProfileFactory(user__is_staff=True).user

    cancel(registration=seat, actor=staff, reason="Did not come", now=event.end + after_the_end)

    assert Registration.objects.get(participant=waiting).state == "waiting"
    assert not AuditEntry.objects.filter(action="registration.promoted").exists()
    seat.refresh_from_db()
    assert seat.state == "cancelled"


def test_staff_cancelling_just_before_the_end_still_promotes(make_event):
    event = make_event(capacity=1)
    holder, waiting = people(2)
    seat = register(event=event, participant=holder)
    register(event=event, participant=waiting)

    cancel(registration=seat, actor=ProfileFactory().user, now=event.end - timedelta(seconds=1))

    assert Registration.objects.get(participant=waiting).state == "confirmed"


def test_a_freed_seat_promotes_only_as_many_as_there_are_free_seats(make_event):
    event = make_event(capacity=2)
    holder, stays, first_waiting, second_waiting = people(4)
    seat = register(event=event, participant=holder)
    register(event=event, participant=stays)
    register(event=event, participant=first_waiting)
    register(event=event, participant=second_waiting)

    cancel(registration=seat, actor=holder)

    states = dict(Registration.objects.filter(event=event).values_list("participant", "state"))
    assert states == {holder.pk: "cancelled", stays.pk: "confirmed", first_waiting.pk: "confirmed",
                      second_waiting.pk: "waiting"}


def test_seats_and_waiting_lists_of_other_events_are_not_counted(make_event):
    other = make_event("Inne wydarzenie", capacity=1)
    event = make_event(capacity=1)
    older_elsewhere, elsewhere_holder, holder, waiting_person = people(4)
    register(event=other, participant=elsewhere_holder)
    waiting_elsewhere = register(event=other, participant=older_elsewhere)  # waiting longer, at another event
    seat = register(event=event, participant=holder)
    waiting = register(event=event, participant=waiting_person)

    cancel(registration=seat, actor=holder)

    waiting.refresh_from_db()
    waiting_elsewhere.refresh_from_db()
    assert (waiting.state, waiting_elsewhere.state) == ("confirmed", "waiting")

    chosen = register(event=event, participant=ProfileFactory().user)  # waits: the one seat is taken again
    type(event).objects.filter(pk=event.pk).update(capacity=2)
    promote_by_staff(registration=chosen, actor=ProfileFactory(user__is_staff=True).user)  # the other event is full
    chosen.refresh_from_db()
    assert chosen.state == "confirmed"


def test_cancelling_and_promoting_stamp_the_time_and_bump_the_calendar_sequence(make_event):
    """Calendar programs replace an invitation only when its SEQUENCE grows."""
    event = make_event(capacity=1)
    holder, waiting_person = people(2)
    seat = register(event=event, participant=holder)
    waiting = register(event=event, participant=waiting_person)
    Registration.objects.filter(event=event).update(ics_sequence=3)
    now = timezone.now()

    cancel(registration=seat, actor=holder, now=now)

    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.state, seat.cancelled_at, seat.ics_sequence) == ("cancelled", now, 4)
    assert (waiting.state, waiting.confirmed_at, waiting.ics_sequence) == ("confirmed", now, 4)
    promotion = AuditEntry.objects.get(action="registration.promoted")
    assert promotion.actor == holder and promotion.data == {}  # the person whose cancellation freed the seat
    assert AuditEntry.objects.get(action="registration.cancelled").data == {"by_staff": False}


def test_staff_promotion_without_a_time_given_stamps_now(make_event):
    event = make_event(capacity=1)
    waiting = register(event=event, participant=people(1)[0])
    Registration.objects.filter(pk=waiting.pk).update(state="waiting")
    before = timezone.now()

    promote_by_staff(registration=waiting, actor=ProfileFactory(user__is_staff=True).user)

    waiting.refresh_from_db()
    assert waiting.state == "confirmed" and waiting.confirmed_at >= before
    assert AuditEntry.objects.get(action="registration.promoted_by_staff").data == {}


def test_a_participant_cannot_cancel_at_the_very_end_of_the_event(event, participant):
    registration = register(event=event, participant=participant)

    with pytest.raises(RegistrationError) as error:
        cancel(registration=registration, actor=participant, now=event.end)

    assert error.value.code == "past"


def test_cancelling_twice_or_promoting_a_confirmed_seat_is_refused_with_its_reason(event, participant):
    registration = register(event=event, participant=participant)
    cancel(registration=registration, actor=participant)

    with pytest.raises(RegistrationError) as twice:
        cancel(registration=registration, actor=participant)
    confirmed = register(event=event, participant=participant)
    with pytest.raises(RegistrationError) as not_waiting:
        promote_by_staff(registration=confirmed, actor=ProfileFactory(user__is_staff=True).user)

    assert (twice.value.code, not_waiting.value.code) == ("not_active", "not_waiting")


def test_registration_opens_at_the_announced_moment_and_at_the_end_the_event_is_past(make_event, participant):
    opens = timezone.now() + timedelta(days=1)
    event = make_event(registration_opens_at=opens)

    assert register(event=event, participant=participant, now=opens).state == "confirmed"
    with pytest.raises(RegistrationError) as error:
        register(event=event, participant=ProfileFactory().user, now=event.end)
    assert error.value.code == "past"


def test_a_registration_records_when_it_was_confirmed_and_stores_no_details_unless_given(make_event):
    event = make_event(capacity=1)
    first, second = people(2)
    at = timezone.now().replace(microsecond=0) - timedelta(minutes=1)

    confirmed = register(event=event, participant=first, now=at)
    waiting = register(event=event, participant=second, now=at)

    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.state, confirmed.confirmed_at) == (Registration.State.CONFIRMED, at)
    assert (waiting.state, waiting.confirmed_at) == (Registration.State.WAITING, None)
    assert confirmed.access_needs_details == "" and confirmed.access_needs == []


def test_a_cancelled_place_counts_no_more_and_goes_to_the_next_person_to_register(make_event):
    event = make_event(capacity=1, waiting_list=False)
    first, second = people(2)
    cancel(registration=register(event=event, participant=first), actor=first)

    assert register(event=event, participant=second).state == Registration.State.CONFIRMED
