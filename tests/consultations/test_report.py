"""The programme report counts the consultations advisors marked as held at the Open Days in its period."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from consultations import services
from events.services.registration import register
from reports.selectors import ReportFilters, programme_report
from reports.tables import report_sections
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_only_consultations_held_are_counted_and_the_audience_filter_holds(open_day, slots, visitor, second_visitor,
                                                                           advisor_user):
    third = ProfileFactory(audience="employer").user
    register(event=open_day, participant=third)
    held = services.book(slot=slots[0], visitor=visitor)
    missed = services.book(slot=slots[1], visitor=second_visitor)
    cancelled = services.book(slot=slots[2], visitor=third)
    after = slots[2].end + timedelta(minutes=1)
    services.record_outcome(booking=held, outcome="held", actor=advisor_user, now=after)
    services.record_outcome(booking=missed, outcome="missed", actor=advisor_user, now=after)
    services.record_outcome(booking=cancelled, outcome="held", actor=advisor_user, now=after)
    services.cancel_booking(booking=cancelled, actor=advisor_user)
    day = timezone.localtime(open_day.start).date()
    period = ReportFilters(start=day, end=day)

    figures = programme_report(filters=period, now=after)

    assert figures.consultations_held == 1
    with translation.override("pl"):
        assert dict(report_sections(figures)[0].rows)["Konsultacje, które się odbyły (Dni Otwarte)"] == 1
    audience = visitor.profile.audience
    other = "employer" if audience != "employer" else "educator"
    assert programme_report(filters=ReportFilters(start=day, end=day, audience=audience), now=after) \
        .consultations_held == 1
    assert programme_report(filters=ReportFilters(start=day, end=day, audience=other), now=after) \
        .consultations_held == 0
    assert programme_report(filters=ReportFilters(start=day + timedelta(days=1), end=day + timedelta(days=2)),
                            now=after).consultations_held == 0
