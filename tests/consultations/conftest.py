from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from consultations import services
from events.models import EventPage
from events.services.registration import register
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory


@pytest.fixture
def open_day(make_event) -> EventPage:  # noqa: F811
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=7)
    return make_event("Dzień otwarty", kind=EventPage.Kind.OPEN_DAY, format=EventPage.Format.IN_PERSON, start=start,
                      end=start + timedelta(hours=4), capacity=50)


@pytest.fixture
def event_staff(db):
    from django.apps import apps

    from events.editorial import ensure_editorial_groups

    ensure_editorial_groups(apps)
    user = ProfileFactory(user__first_name="Ewa", user__last_name="Koordynatorka").user
    user.groups.add(Group.objects.get(name="Event staff"))
    return user


@pytest.fixture
def advisor_user(db):
    return ProfileFactory(user__first_name="Anna", user__last_name="Doradczyni", user__is_staff=True).user


@pytest.fixture
def slots(open_day, advisor_user, event_staff):
    """Three 20-minute slots from 10:00, on work permits and residence, in Polish and Ukrainian."""
    return services.add_slots(event=open_day, advisor_user=advisor_user, topics=["work_permits", "residence"],
                              languages=["pl", "uk"], starts_at=open_day.start,
                              ends_at=open_day.start + timedelta(minutes=60), minutes=20, actor=event_staff)


@pytest.fixture
def visitor(open_day):
    person = ProfileFactory(user__first_name="Olena", user__last_name="Kowalenko").user
    register(event=open_day, participant=person)
    return person


@pytest.fixture
def second_visitor(open_day):
    person = ProfileFactory(user__first_name="Piotr", user__last_name="Zieliński").user
    register(event=open_day, participant=person)
    return person
