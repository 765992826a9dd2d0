"""The programme report's figures against the hand-built quarter in conftest.py (its docstring counts it)."""

from dataclasses import replace
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from events.models import Attendance
from reports.selectors import Breakdown, KindRow, MonthRow, Organisation, event_report_filters, programme_report
from tests.reports.conftest import AFTER_ALL, FIRST_QUARTER, at, person, registration

pytestmark = pytest.mark.django_db


def test_the_quarter_counts_each_person_once_and_every_participation(programme):
    figures = programme_report(filters=FIRST_QUARTER, now=AFTER_ALL)

    assert (figures.people, figures.participations) == (3, 5)  # Anna three times, Borys, Ewa; not Ewa's May webinar
    assert (figures.events_held, figures.training_hours, figures.person_hours) == (3, 7.5, 11.8)  # 710 minutes
    assert (figures.registrations, figures.no_shows, figures.waiting_list_demand, figures.cancellations) == (9, 2, 1, 1)
    assert (figures.confirmed_at_ended_events, figures.attendance_rate) == (7, 71.4)
    assert (figures.certificates_issued, figures.certificates_revoked) == (3, 1)


def test_the_breakdowns(programme):
    figures = programme_report(filters=FIRST_QUARTER, now=AFTER_ALL)

    assert figures.by_audience == [Breakdown("educator", 1, 1), Breakdown("employer", 1, 3), Breakdown("other", 1, 1)]
    assert figures.by_language == [Breakdown("en", 1, 1), Breakdown("pl", 1, 3), Breakdown("uk", 1, 1)]
    assert figures.by_kind == [KindRow("training", 1, 4.0, 2, 2), KindRow("webinar", 2, 3.5, 2, 3)]
    assert figures.by_month == [MonthRow(date(2026, 1, 1), 3, 2), MonthRow(date(2026, 2, 1), 5, 3),
                                MonthRow(date(2026, 3, 1), 1, 0)]
    assert figures.employers == [Organisation("1234563218", "Firma A", 1, 3)]  # Dawid's firm attended nothing
    assert figures.schools == [Organisation("Kraków", "SP 1", 1, 1)]


@pytest.mark.parametrize(("narrowing", "expected"), [
    # people, participations, events held, registrations, no-shows, waiting, cancellations, certificates issued
    ({"kind": "webinar"}, (2, 3, 2, 5, 1, 0, 1, 1)),
    ({"format": "in_person"}, (2, 2, 1, 4, 1, 1, 0, 2)),
    ({"language": "uk"}, (2, 2, 1, 4, 1, 0, 1, 1)),
    ({"audience": "employer"}, (1, 3, 3, 5, 1, 0, 1, 2)),
    ({"end": date(2026, 1, 31)}, (2, 2, 1, 3, 0, 1, 0, 2)),
])
def test_filters_narrow_the_figures(programme, narrowing, expected):
    figures = programme_report(filters=replace(FIRST_QUARTER, **narrowing), now=AFTER_ALL)

    assert (figures.people, figures.participations, figures.events_held, figures.registrations, figures.no_shows,
            figures.waiting_list_demand, figures.cancellations, figures.certificates_issued) == expected


def test_a_translation_of_an_event_is_not_counted_again(programme):
    english = Locale.objects.get(language_code="en")
    programme["training"].copy_for_translation(english, copy_parents=True).save_revision().publish()

    figures = programme_report(filters=FIRST_QUARTER, now=AFTER_ALL)

    assert (figures.events_held, figures.training_hours, figures.registrations) == (3, 7.5, 9)


def test_a_period_boundary_is_a_day_in_office_time(make_event):
    # 23:30 on the 31st of January in Warsaw is still January, though it is 22:30 UTC.
    late = make_event("Późny webinar", start=at(1, 31, 23, 30), end=at(2, 1, 0, 30))
    registration(late, person("Filip"), minutes=60)

    january = programme_report(filters=replace(FIRST_QUARTER, end=date(2026, 1, 31)), now=AFTER_ALL)

    assert (january.participations, january.by_month[0].participations) == (1, 1)


def test_one_events_report_has_its_own_figures(programme):
    webinar = programme["webinar"]

    figures = programme_report(filters=event_report_filters(webinar), event=webinar, now=AFTER_ALL)

    assert (figures.people, figures.participations, figures.registrations, figures.no_shows, figures.cancellations,
            figures.certificates_issued) == (2, 2, 4, 1, 1, 1)
    assert figures.by_month == [MonthRow(date(2026, 2, 1), 4, 2)]


def _queries(filters) -> int:
    with CaptureQueriesContext(connection) as captured:
        programme_report(filters=filters, now=AFTER_ALL)
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(programme, make_event):
    before = _queries(FIRST_QUARTER)
    for day in range(1, 6):
        event = make_event(f"Webinar {day}", start=at(3, 10 + day, 10), end=at(3, 10 + day, 12))
        for number in range(4):
            attendee = person(f"Osoba {day}-{number}", audience=["employer", "educator", "staff"][number % 3],
                              company_name="Firma", nip="1234563218", school="SP 2", department="Wydział")
            registration(event, attendee, minutes=30 + number)

    after = _queries(FIRST_QUARTER)

    assert programme_report(filters=FIRST_QUARTER, now=AFTER_ALL).participations == 25
    assert before == after <= 11
    assert Attendance.objects.count() == 26
