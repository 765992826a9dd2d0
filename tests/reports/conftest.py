from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from certificates.models import Certificate
from events.editorial import ensure_editorial_groups
from events.models import Attendance, EventPage, Registration
from reports.selectors import ReportFilters
from tests.events.conftest import event_index, location, make_event  # noqa: F401
from tests.factories import ProfileFactory

WARSAW = ZoneInfo("Europe/Warsaw")
FIRST_QUARTER = ReportFilters(start=date(2026, 1, 1), end=date(2026, 3, 31))
AFTER_ALL = datetime(2026, 12, 1, tzinfo=WARSAW)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WARSAW)


def person(first_name: str, **profile):
    return ProfileFactory(user__first_name=first_name, user__last_name="Testowa", **profile).user


def registration(event, participant, *, state="confirmed", minutes=None, confirmed=True) -> Registration:
    created = Registration.objects.create(event=event, participant=participant, state=state,
                                          confirmed_at=event.start if confirmed else None)
    if minutes is not None:
        Attendance.objects.create(registration=created, minutes_present=minutes, source=Attendance.Source.MANUAL)
    return created


def certificate(event, holder, number: str, **fields) -> Certificate:
    return Certificate.objects.create(
        number=number, holder=holder, holder_name=holder.get_full_name(), event=event, title=event.title,
        first_day=event.start.date(), last_day=event.end.date(), hours=2, language="pl", payload="not-checked",
        **fields)


@pytest.fixture
def programme(make_event):  # noqa: F811
    """The first quarter of 2026, counted by hand in tests/reports/test_selectors.py:

    - a 4-hour training in January, webinars of 2 h and 1.5 h in February, an Open Day in March nobody came to,
      and a webinar in May (outside the quarter) with an attendee;
    - Anna (employer, NIP 1234563218, Polish) attended the training and both webinars: one person, three
      participations; Borys (educator, SP 1 Kraków, Ukrainian) attended the training and missed a webinar he was
      confirmed for; Celina (foreign national) only ever waited for the training; Dawid (employer, Firma B) cancelled
      his webinar seat and missed the Open Day; Ewa (other, English) attended a webinar and the May one.
    - Certificates: Anna's training certificate, Borys's revoked one, Anna's webinar certificate corrected once (the
      superseded one is not counted again)."""
    training = make_event("Szkolenie styczniowe", kind=EventPage.Kind.TRAINING, format=EventPage.Format.IN_PERSON,
                          start=at(1, 10, 10), end=at(1, 10, 14))
    webinar = make_event("Webinar lutowy", start=at(2, 5, 10), end=at(2, 5, 12), event_language="uk")
    short_webinar = make_event("Krótki webinar", start=at(2, 20, 10), end=at(2, 20, 11, 30))
    open_day = make_event("Dzień otwarty", kind=EventPage.Kind.OPEN_DAY, format=EventPage.Format.IN_PERSON,
                          start=at(3, 3, 9), end=at(3, 3, 15))
    may_webinar = make_event("Webinar majowy", start=at(5, 5, 10), end=at(5, 5, 12))
    anna = person("Anna", audience="employer", company_name="Firma A", nip="1234563218", language="pl")
    borys = person("Borys", audience="educator", school="SP 1", town="Kraków", language="uk")
    celina = person("Celina", audience="foreign_national", language="ru")
    dawid = person("Dawid", audience="employer", company_name="Firma B", nip="5260250995", language="pl")
    ewa = person("Ewa", audience="other", language="en")

    for event, minutes in ((training, 240), (webinar, 120), (short_webinar, 90)):
        registration(event, anna, minutes=minutes)
    registration(training, borys, minutes=200)
    registration(webinar, borys)  # confirmed, absent
    registration(training, celina, state="waiting", confirmed=False)
    registration(webinar, dawid, state="cancelled")
    registration(open_day, dawid)
    registration(webinar, ewa, minutes=60)
    registration(may_webinar, ewa, minutes=100)

    certificate(training, anna, "T/1")
    certificate(training, borys, "T/2", state="revoked", revocation_category="issued_in_error")
    corrected = certificate(webinar, anna, "W/2")
    certificate(webinar, anna, "W/1", superseded_by=corrected)
    return {"training": training, "webinar": webinar, "short_webinar": short_webinar, "open_day": open_day,
            "may_webinar": may_webinar, "anna": anna, "borys": borys, "dawid": dawid}


@pytest.fixture
def in_group():
    def make(group: str):
        ensure_editorial_groups(apps)
        user = ProfileFactory().user
        user.groups.add(Group.objects.get(name=group))
        return user

    return make
