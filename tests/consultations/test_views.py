"""The booking page, the advisor's agenda and the staff screens: what each person sees and may do."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Booking, ConsultationSlot
from lms.models import AuditEntry
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def booking_url(open_day) -> str:
    return reverse("consultation_booking", args=[open_day.pk])


def test_a_visitor_books_a_slot_and_another_sees_it_taken_without_who(client, open_day, slots, visitor,
                                                                      second_visitor):
    client.force_login(visitor)
    page = client.get(booking_url(open_day))
    assert page.status_code == 200 and "Doradczyni" in page.content.decode()

    response = client.post(booking_url(open_day), {"slot": slots[1].pk, "topic": "residence"})
    assert response.status_code == 302
    assert Booking.objects.get().visitor == visitor

    client.force_login(second_visitor)
    body = client.get(booking_url(open_day)).content.decode()
    assert body.count('name="slot"') == 2  # the other two
    assert "Kowalenko" not in body and visitor.email not in body
    refused = client.post(booking_url(open_day), {"slot": slots[1].pk})
    assert refused.status_code == 409
    assert "został właśnie zarezerwowany przez inną osobę" in refused.content.decode()
    assert Booking.objects.count() == 1


def test_filters_by_topic_and_language(client, open_day, slots, visitor, event_staff):
    other = ProfileFactory(user__first_name="Jan", user__last_name="Szkolny", user__is_staff=True).user
    services.add_slots(event=open_day, advisor_user=other, topics=["school_enrolment"], languages=["ru"],
                       starts_at=open_day.start, ends_at=open_day.start + timedelta(minutes=20), minutes=20,
                       actor=event_staff)
    client.force_login(visitor)

    school = client.get(booking_url(open_day), {"topic": "school_enrolment"}).content.decode()
    ukrainian = client.get(booking_url(open_day), {"language": "uk"}).content.decode()

    assert "Szkolny" in school and "Doradczyni" not in school
    assert "Doradczyni" in ukrainian and "Szkolny" not in ukrainian


def test_without_a_confirmed_registration_the_page_says_so_and_booking_writes_nothing(client, open_day, slots):
    stranger = ProfileFactory().user
    client.force_login(stranger)

    page = client.get(booking_url(open_day))
    post = client.post(booking_url(open_day), {"slot": slots[0].pk})

    assert page.status_code == 403 and 'name="slot"' not in page.content.decode()
    assert post.status_code == 409
    assert not Booking.objects.exists()


@pytest.mark.parametrize("data", [{}, {"slot": "x"}, {"slot": 999999}])
def test_a_malformed_or_unknown_slot_is_a_400_and_writes_nothing(client, open_day, slots, visitor, data):
    client.force_login(visitor)
    assert client.post(booking_url(open_day), data).status_code == 400
    assert not Booking.objects.exists()


def test_another_events_slot_is_not_booked_through_this_page(client, make_event, open_day, slots, visitor):
    from events.models import EventPage

    other = make_event("Inny dzień", kind=EventPage.Kind.OPEN_DAY, format=EventPage.Format.IN_PERSON)
    client.force_login(visitor)
    assert client.post(booking_url(other), {"slot": slots[0].pk}).status_code in (400, 403, 409)
    assert not Booking.objects.exists()


def test_cancelling_on_the_page_frees_the_slot(client, open_day, slots, visitor):
    booking = services.book(slot=slots[0], visitor=visitor)
    client.force_login(visitor)
    assert client.post(reverse("consultation_cancel", args=[open_day.pk])).status_code == 302
    booking.refresh_from_db()
    assert booking.state == "cancelled"


def test_a_webinar_has_no_consultation_page(client, make_event, visitor):
    client.force_login(visitor)
    assert client.get(reverse("consultation_booking", args=[make_event().pk])).status_code == 404


def test_the_event_page_and_my_registrations_link_to_booking(client, open_day, visitor):
    client.force_login(visitor)
    link = f'href="{booking_url(open_day)}"'
    assert link in client.get(open_day.url).content.decode()
    assert link in client.get(reverse("my_registrations")).content.decode()


def test_the_advisor_sees_only_their_agenda_and_staff_every_one(client, open_day, slots, visitor, advisor_user,
                                                                event_staff):
    services.book(slot=slots[0], visitor=visitor, topic="residence")
    other_advisor = ProfileFactory(user__is_staff=True).user
    services.add_slots(event=open_day, advisor_user=other_advisor, topics=["residence"], languages=["pl"],
                       starts_at=open_day.start, ends_at=open_day.start + timedelta(minutes=20), minutes=20,
                       actor=event_staff)
    agenda_url = reverse("consultation_agenda", args=[open_day.pk])
    mine = slots[0].advisor

    client.force_login(advisor_user)
    assert "Kowalenko" in client.get(agenda_url).content.decode()
    client.force_login(other_advisor)
    assert "Kowalenko" not in client.get(agenda_url).content.decode()
    assert client.get(agenda_url, {"advisor": mine.pk}).status_code == 403
    client.force_login(visitor)
    assert client.get(agenda_url).status_code == 403
    client.force_login(event_staff)
    assert "Doradczyni" in client.get(agenda_url).content.decode()  # the list of advisors
    assert "Kowalenko" in client.get(agenda_url, {"advisor": mine.pk}).content.decode()


def test_the_advisor_marks_held_after_it_began_and_another_advisor_cannot(client, open_day, slots, visitor,
                                                                          advisor_user):
    booking = services.book(slot=slots[0], visitor=visitor)
    ConsultationSlot.objects.filter(pk=slots[0].pk).update(start=timezone.now() - timedelta(minutes=5),
                                                           end=timezone.now() + timedelta(minutes=15))
    url = reverse("consultation_outcome", args=[open_day.pk, booking.pk, "held"])

    client.force_login(ProfileFactory(user__is_staff=True).user)
    assert client.post(url).status_code == 403
    client.force_login(advisor_user)
    assert client.post(url).status_code == 302

    booking.refresh_from_db()
    assert booking.outcome == "held"
    assert AuditEntry.objects.filter(action="consultation.held", actor=advisor_user).count() == 1


def test_staff_add_a_series_block_and_move_in_the_admin(client, open_day, advisor_user, event_staff):
    client.force_login(event_staff)
    start = timezone.localtime(open_day.start)
    response = client.post(reverse("consultation_add_slots", args=[open_day.pk]), {
        "advisor": advisor_user.pk, "topics": ["work_permits"], "languages": ["pl", "en"], "day": start.date(),
        "starts_at": "10:00", "ends_at": "11:00", "minutes": 20})
    assert response.status_code == 302, response.content.decode()[:2000]
    slots = list(ConsultationSlot.objects.order_by("start"))
    assert len(slots) == 3 and slots[0].advisor.languages == ["pl", "en"]

    listing = client.get(reverse("consultation_slots", args=[open_day.pk]))
    assert listing.status_code == 200 and "Doradczyni" in listing.content.decode()

    client.post(reverse("consultation_slot_block", args=[slots[0].pk]), {"blocked": "1"})
    slots[0].refresh_from_db()
    assert slots[0].blocked

    new_start = (start + timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
    moved = client.post(reverse("consultation_slot_move", args=[slots[1].pk]), {"start": new_start})
    assert moved.status_code == 302
    slots[1].refresh_from_db()
    assert timezone.localtime(slots[1].start).strftime("%Y-%m-%d %H:%M") == new_start


def test_the_series_form_refuses_an_end_before_the_start_and_writes_nothing(client, open_day, advisor_user,
                                                                            event_staff):
    client.force_login(event_staff)
    response = client.post(reverse("consultation_add_slots", args=[open_day.pk]), {
        "advisor": advisor_user.pk, "topics": ["work_permits"], "languages": ["pl"],
        "day": timezone.localtime(open_day.start).date(), "starts_at": "12:00", "ends_at": "11:00", "minutes": 20})
    assert response.status_code == 400
    assert not ConsultationSlot.objects.exists()


def test_participants_cannot_open_the_staff_screens(client, open_day, visitor, advisor_user):
    for user in (visitor, advisor_user):
        client.force_login(user)
        assert client.get(reverse("consultation_slots", args=[open_day.pk])).status_code in (302, 403)
