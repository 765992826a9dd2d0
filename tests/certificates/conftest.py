from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale

from certificates.models import CertificateTemplate
from devtools import demo_certificates
from events.models import Attendance, EventPage, Registration
from lms.services import profile_get_or_create
from tests.events.conftest import course, course_index, event_index, location, make_event  # noqa: F401


@pytest.fixture
def certificate_template(home_pages) -> CertificateTemplate:
    """The demo's realistic template: full-page background, two logos, two signatures, four languages."""
    return demo_certificates.certificate_template({locale.language_code: locale for locale in Locale.objects.all()})


@pytest.fixture
def finished_event(make_event, certificate_template) -> EventPage:  # noqa: F811
    """A webinar that ended an hour ago (two hours long) and gives certificates at 80 %."""
    event = make_event("Zatrudnianie cudzoziemców – webinar", certificate_template=certificate_template)
    start = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + timedelta(hours=2))
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def attended():
    """A confirmed registration with attendance of ``percent`` (or none when ``percent`` is None)."""

    def make(event: EventPage, user, percent: int | None, *, source: str = Attendance.Source.ANALYTICS,
             language: str = "pl") -> Registration:
        profile = profile_get_or_create(user=user)
        profile.language = language
        profile.save()
        registration = Registration.objects.create(event=event, participant=user, state=Registration.State.CONFIRMED)
        if percent is not None:
            minutes = int((event.end - event.start).total_seconds() // 60 * percent / 100)
            Attendance.objects.create(registration=registration, percent_present=percent, minutes_present=minutes,
                                      source=source)
        return registration

    return make


@pytest.fixture
def past_sessions(make_event):  # noqa: F811
    """``count`` two-hour sessions of a course on consecutive days, the first ``count`` days ago."""

    def make(of_course, count: int) -> list[EventPage]:
        start = timezone.now().replace(microsecond=0) - timedelta(days=count)
        sessions = []
        for day in range(count):
            session = make_event(f"Sesja {day + 1}", course=of_course)
            EventPage.objects.filter(pk=session.pk).update(start=start + timedelta(days=day),
                                                           end=start + timedelta(days=day, hours=2))
            sessions.append(EventPage.objects.get(pk=session.pk))
        return sessions

    return make
