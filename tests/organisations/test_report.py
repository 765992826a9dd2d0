"""The programme report's per-organisation view: a breakdown of the registrations each organisation's coordinators
made, and a filter that narrows every figure to one organisation's registrations."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Attendance, EventPage
from events.services.registration import register
from organisations.models import Membership
from organisations.registrations import register_members
from reports.selectors import OrganisationRow, ReportFilters, programme_report
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_training(make_event, organisation, coordinator):
    """A training that took place last week: two members registered by the coordinator (one attended), and one
    person who registered alone and attended."""
    training = make_event("Szkolenie", capacity=10)
    present, absent = (Membership.objects.create(organisation=organisation, user=ProfileFactory().user)
                       for _ in range(2))
    outcomes = register_members(organisation=organisation, event=training, memberships=[present, absent],
                                actor=coordinator)
    alone = register(event=training, participant=ProfileFactory().user)
    for registration in (outcomes[0].registration, alone):
        Attendance.objects.create(registration=registration, minutes_present=100, source="polling")
    start = timezone.now() - timedelta(days=7)
    EventPage.objects.filter(pk=training.pk).update(start=start, end=start + timedelta(hours=2))
    return training


def _last_fortnight(**narrowing) -> ReportFilters:
    today = timezone.localdate()
    return ReportFilters(start=today - timedelta(days=14), end=today, **narrowing)


def test_the_breakdown_sums_each_organisations_registrations(held_training, organisation):
    figures = programme_report(filters=_last_fortnight())

    assert figures.by_organisation == [OrganisationRow(name="Budowa Sp. z o.o.", kind="employer",
                                                       identifier="1234563218", registrations=2, people=1,
                                                       participations=1)]
    assert (figures.registrations, figures.people) == (3, 2)


def test_the_filter_keeps_one_organisations_registrations_only(held_training, organisation, other_organisation):
    ours = programme_report(filters=_last_fortnight(organisation=organisation.pk))
    theirs = programme_report(filters=_last_fortnight(organisation=other_organisation.pk))

    assert (ours.registrations, ours.people, ours.participations, ours.no_shows) == (2, 1, 1, 1)
    assert (theirs.registrations, theirs.people) == (0, 0)


def test_staff_choose_the_organisation_on_the_report_page(client, held_training, organisation, administrator):
    client.force_login(administrator)
    today = timezone.localdate()

    page = client.get(reverse("programme_report"), {
        "start": (today - timedelta(days=14)).isoformat(), "end": today.isoformat(),
        "organisation": organisation.pk}).content.decode()
    refused = client.get(reverse("programme_report"), {
        "start": today.isoformat(), "end": today.isoformat(), "organisation": "999999"})

    assert "Rejestracje dokonane przez koordynatorów organizacji" in page
    assert "Budowa Sp. z o.o." in page
    assert "Wybierz poprawną wartość" in refused.content.decode()
    assert "Rejestracje dokonane przez koordynatorów organizacji" not in refused.content.decode()
