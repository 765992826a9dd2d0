import pytest

from organisations.models import Organisation
from organisations.services import apply_for_organisation, decide
from tests.events.conftest import course, course_index, event_index, location, make_event  # noqa: F401
from tests.factories import ProfileFactory, UserFactory


@pytest.fixture
def coordinator(db):
    return ProfileFactory(user__email="koordynator@budimex-test.pl", user__first_name="Anna",
                          user__last_name="Koordynatorska").user


@pytest.fixture
def organisation(coordinator) -> Organisation:
    """An approved employer with ``coordinator`` as its approved coordinator."""
    applied = apply_for_organisation(user=coordinator, kind="employer", name="Budowa Sp. z o.o.", nip="1234563218",
                                     town="Wrocław")
    return decide(organisation=applied, actor=UserFactory(is_staff=True), approve=True)


@pytest.fixture
def other_organisation(db) -> Organisation:
    other_coordinator = ProfileFactory(user__email="dyrektor@szkola-test.pl").user
    applied = apply_for_organisation(user=other_coordinator, kind="school", name="Szkoła Podstawowa nr 5",
                                     rspo="12345")
    return decide(organisation=applied, actor=UserFactory(is_staff=True), approve=True)
