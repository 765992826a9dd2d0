"""On a phone: a visitor registered for an Open Day books a consultation by topic and language, and the advisor's
agenda shows it; both pages pass axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations import services
from consultations.models import Booking
from events.models import EventPage
from events.services.registration import register
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_books_a_consultation_and_the_advisor_sees_it(live_server, signed_in_page, make_event,  # noqa: F811
                                                                 assert_accessible):
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=7)
    open_day = make_event("Dzień Otwarty w urzędzie", kind=EventPage.Kind.OPEN_DAY, format=EventPage.Format.IN_PERSON,
                          start=start, end=start + timedelta(hours=4))
    advisor = ProfileFactory(user__first_name="Anna", user__last_name="Doradczyni", user__is_staff=True).user
    services.add_slots(event=open_day, advisor_user=advisor, topics=["residence"], languages=["pl", "uk"],
                       starts_at=start, ends_at=start + timedelta(minutes=40), minutes=20, actor=advisor)
    services.add_slots(event=open_day, advisor_user=ProfileFactory(user__last_name="Szkolny").user,
                       topics=["school_enrolment"], languages=["ru"], starts_at=start,
                       ends_at=start + timedelta(minutes=20), minutes=20, actor=advisor)
    visitor = ProfileFactory(user__first_name="Olena", user__last_name="Kowalenko").user
    register(event=open_day, participant=visitor)

    page = signed_in_page(visitor)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}{open_day.url}")
    page.get_by_role("link", name="Zarezerwuj konsultację z doradcą").click()
    page.get_by_label("Temat").select_option("residence")
    page.get_by_label("Język konsultacji").select_option("uk")
    page.get_by_role("button", name="Pokaż").click()
    expect(page.get_by_text("Szkolny")).to_have_count(0)
    assert_accessible(page, "the booking page at 360 px")
    page.get_by_role("button", name="Zarezerwuj 10:20").click()

    expect(page.get_by_text("Konsultacja została zarezerwowana.")).to_be_visible()
    expect(page.get_by_text("Zarezerwowano:")).to_be_visible()
    booking = Booking.objects.get()
    assert (booking.visitor, booking.topic, timezone.localtime(booking.slot.start).strftime("%H:%M")) == \
        (visitor, "residence", "10:20")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    agenda = signed_in_page(advisor)
    agenda.set_viewport_size({"width": 360, "height": 740})
    agenda.goto(f"{live_server.url}/pl/")
    agenda.get_by_role("link", name="Mój harmonogram").click()
    agenda.get_by_role("link", name="Dzień Otwarty w urzędzie").click()
    expect(agenda.get_by_text("Olena Kowalenko")).to_be_visible()
    expect(agenda.get_by_text("Temat: Pobyt")).to_be_visible()
    assert_accessible(agenda, "the advisor's agenda at 360 px")
