"""Booking consultation slots: one visitor per slot, one slot per visitor per Open Day, refusals write nothing;
staff add, block and move slots; advisors note held or missed; a cancelled registration frees the slot."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from consultations import services
from consultations.exceptions import ConsultationError
from consultations.models import Advisor, Booking, ConsultationSlot
from events.models import EventPage
from events.services.registration import cancel, register
from lms.models import AuditEntry, OutgoingMail
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def written() -> tuple[int, int, int]:
    return Booking.objects.count(), AuditEntry.objects.filter(action__startswith="consultation.").count(), \
        OutgoingMail.objects.count()


def test_a_series_of_slots_fits_between_two_times_and_skips_what_the_advisor_has(open_day, slots, advisor_user,
                                                                                   event_staff):
    assert [(slot.start - open_day.start, slot.minutes) for slot in slots] == [
        (timedelta(minutes=0), 20), (timedelta(minutes=20), 20), (timedelta(minutes=40), 20)]
    again = services.add_slots(event=open_day, advisor_user=advisor_user, topics=["school_enrolment"], languages=["en"],
                               starts_at=open_day.start + timedelta(minutes=30),
                               ends_at=open_day.start + timedelta(minutes=105), minutes=25, actor=event_staff)
    assert [slot.start - open_day.start for slot in again] == [timedelta(minutes=80)]  # 30 and 55 overlap
    assert Advisor.objects.get().topics == ["school_enrolment"]
    assert AuditEntry.objects.filter(action="consultation.slots_added").count() == 2


def test_slots_only_at_an_open_day(make_event, advisor_user, event_staff):
    webinar = make_event()
    with pytest.raises(ConsultationError) as error:
        services.add_slots(event=webinar, advisor_user=advisor_user, topics=[], languages=["pl"],
                           starts_at=webinar.start, ends_at=webinar.end, minutes=20, actor=event_staff)
    assert error.value.code == "not_open_day"
    assert not ConsultationSlot.objects.exists()


def test_a_visitor_books_and_gets_a_mail_with_a_calendar_entry(slots, visitor, django_capture_on_commit_callbacks):
    mails_before = OutgoingMail.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book(slot=slots[1], visitor=visitor, topic="residence")

    assert booking.state == "booked" and booking.slot == slots[1] and booking.topic == "residence"
    mail = OutgoingMail.objects.order_by("pk")[mails_before:].get()
    assert mail.to == [visitor.email]
    assert "Doradczyni" in mail.body_text
    ics = next(item for item in mail.attachments if item["filename"] == "consultation.ics")
    import base64

    entry = Calendar.from_ical(base64.b64decode(ics["content_b64"])).walk("VEVENT")[0]
    assert entry.decoded("dtstart") == slots[1].start
    assert str(entry["uid"]).startswith(f"consultation-{booking.uid}@")
    assert AuditEntry.objects.filter(action="consultation.booked", actor=visitor).count() == 1


@pytest.mark.parametrize("case", ["taken", "blocked", "past", "already_booked", "not_registered"])
def test_refusals_write_nothing(case, open_day, slots, visitor, second_visitor, event_staff):
    slot = slots[0]
    who = visitor
    if case == "taken":
        services.book(slot=slot, visitor=second_visitor)
    elif case == "blocked":
        services.set_blocked(slot=slot, blocked=True, actor=event_staff)
    elif case == "already_booked":
        services.book(slot=slots[2], visitor=visitor)
    elif case == "not_registered":
        who = ProfileFactory().user
    before = written()
    now = slot.start + timedelta(minutes=1) if case == "past" else None

    with pytest.raises(ConsultationError) as error:
        services.book(slot=slot, visitor=who, now=now)

    assert error.value.code == case
    assert written() == before


def test_a_waiting_registration_may_not_book(make_event, slots, open_day):
    open_day.capacity = 0  # straight to the waiting list
    EventPage.objects.filter(pk=open_day.pk).update(capacity=0)
    waiting = ProfileFactory().user
    assert register(event=open_day, participant=waiting).state == "waiting"
    with pytest.raises(ConsultationError) as error:
        services.book(slot=slots[0], visitor=waiting)
    assert error.value.code == "not_registered"


def test_cancelling_frees_the_slot_for_another_visitor(slots, visitor, second_visitor):
    booking = services.book(slot=slots[0], visitor=visitor)
    services.cancel_booking(booking=booking, actor=visitor)

    other = services.book(slot=slots[0], visitor=second_visitor)

    assert Booking.objects.get(pk=booking.pk).state == "cancelled"
    assert other.state == "booked"


def test_cancelling_the_registration_cancels_the_consultation(open_day, slots, visitor,
                                                              django_capture_on_commit_callbacks):
    booking = services.book(slot=slots[0], visitor=visitor)
    registration = booking.registration
    with django_capture_on_commit_callbacks(execute=True):
        cancel(registration=registration, actor=visitor)

    booking.refresh_from_db()
    assert booking.state == "cancelled" and booking.ics_sequence == 1
    assert OutgoingMail.objects.filter(to=[visitor.email], subject__icontains="konsultacj").exists()


def test_a_booked_slot_is_moved_not_blocked_and_the_visitor_is_told(open_day, slots, visitor, event_staff,
                                                                    django_capture_on_commit_callbacks):
    booking = services.book(slot=slots[0], visitor=visitor)
    with pytest.raises(ConsultationError) as error:
        services.set_blocked(slot=slots[0], blocked=True, actor=event_staff)
    assert error.value.code == "slot_booked"

    with pytest.raises(ConsultationError) as error:  # onto the advisor's next slot
        services.move_slot(slot=slots[0], start=slots[1].start, actor=event_staff)
    assert error.value.code == "overlap"

    later = open_day.start + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_slot(slot=slots[0], start=later, actor=event_staff)

    slot = ConsultationSlot.objects.get(pk=slots[0].pk)
    assert (slot.start, slot.end) == (later, later + timedelta(minutes=20))
    booking.refresh_from_db()
    assert booking.ics_sequence == 1
    mail = OutgoingMail.objects.filter(to=[visitor.email]).order_by("-pk").first()
    assert timezone.localtime(later).strftime("%H:%M") in mail.body_text
    assert AuditEntry.objects.get(action="consultation.slot_moved").data["booking"] == booking.pk


def test_the_advisor_notes_held_or_missed_once_it_began(slots, visitor, advisor_user):
    booking = services.book(slot=slots[0], visitor=visitor)
    with pytest.raises(ConsultationError):
        services.record_outcome(booking=booking, outcome="held", actor=advisor_user)

    services.record_outcome(booking=booking, outcome="missed", actor=advisor_user, now=slots[0].start)
    services.record_outcome(booking=booking, outcome="held", actor=advisor_user, now=slots[0].end)

    booking.refresh_from_db()
    assert booking.outcome == "held"
    entry = AuditEntry.objects.get(action="consultation.held")
    assert entry.actor == advisor_user and entry.data == {"before": "missed"}


def test_a_reminder_with_the_calendar_entry_goes_once_a_day_before(slots, visitor, second_visitor,
                                                                   django_capture_on_commit_callbacks):
    early = services.book(slot=slots[0], visitor=visitor)
    late = services.book(slot=slots[1], visitor=second_visitor)
    Booking.objects.filter(pk=early.pk).update(created_at=slots[0].start - timedelta(days=3))
    Booking.objects.filter(pk=late.pk).update(created_at=slots[1].start - timedelta(hours=2))  # had the confirmation
    day_before = slots[0].start - timedelta(hours=23)
    mails_before = OutgoingMail.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_due_reminders(now=day_before)
        again = services.send_due_reminders(now=day_before + timedelta(minutes=5))

    assert (first, again) == (1, 0)
    mail = OutgoingMail.objects.order_by("pk")[mails_before:].get()
    assert mail.to == [visitor.email] and "Przypomnienie" in mail.subject
    assert [item["filename"] for item in mail.attachments] == ["consultation.ics"]
    assert services.send_due_reminders(now=slots[0].start - timedelta(days=2)) == 0


def test_the_reminders_run_on_the_periodic_clock():
    from lms.periodic import registered_jobs

    assert "consultation reminders" in [job.name for job in registered_jobs()]


def test_the_visitor_cannot_cancel_once_it_began_but_staff_can(slots, visitor, event_staff):
    booking = services.book(slot=slots[0], visitor=visitor)
    with pytest.raises(ConsultationError) as error:
        services.cancel_booking(booking=booking, actor=visitor, now=slots[0].start)
    assert error.value.code == "past"
    assert Booking.objects.get(pk=booking.pk).state == "booked"

    services.cancel_booking(booking=booking, actor=event_staff, reason="wizyta przełożona", now=slots[0].start)

    assert Booking.objects.get(pk=booking.pk).state == "cancelled"
    entry = AuditEntry.objects.get(action="consultation.cancelled")
    assert (entry.actor, entry.data) == (event_staff, {"by_visitor": False, "reason": "wizyta przełożona"})
    with pytest.raises(ConsultationError) as error:
        services.cancel_booking(booking=booking, actor=event_staff)
    assert error.value.code == "not_booked"


def test_a_slot_is_not_moved_into_the_past(slots, event_staff):
    with pytest.raises(ConsultationError) as error:
        services.move_slot(slot=slots[0], start=timezone.now() - timedelta(minutes=1), actor=event_staff)
    assert error.value.code == "past"
    assert ConsultationSlot.objects.get(pk=slots[0].pk).start == slots[0].start
    assert not AuditEntry.objects.filter(action="consultation.slot_moved").exists()
