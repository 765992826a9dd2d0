"""Who may register: a complete profile always; the audience is a recommendation unless the editor restricted the
event to it; an internal event for office staff takes only accounts the office confirmed."""

from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale

from events.editorial import OFFICE_STAFF_GROUP, ensure_editorial_groups
from events.exceptions import RegistrationError
from events.models import Registration
from events.services.registration import register
from lms.models import AuditEntry
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

EMPLOYER = {"audience": "employer", "company_name": "Ogrody sp. z o.o.", "nip": "1234563218"}
STAFF = {"audience": "staff", "department": "Wydział Spraw Cudzoziemców"}


# A complete profile: the certificate carries the name the profile gives.

def test_a_direct_post_without_a_profile_goes_to_the_profile_step_and_back(client, event, new_user):
    client.force_login(new_user)

    response = client.post(f"/pl/events/{event.pk}/register/", {})

    assert response.status_code == 302
    assert response["Location"] == f"/pl/profile/?next={quote(event.url, safe='')}"
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="registration.").exists()

    saved = client.post(response["Location"], {
        "first_name": "Olena", "last_name": "Kowalczuk", "language": "pl", "next": event.url, **EMPLOYER,
    })
    assert saved.status_code == 302 and saved["Location"] == event.url


def test_the_service_refuses_a_person_without_a_complete_profile(event, new_user):
    with pytest.raises(RegistrationError) as error:
        register(event=event, participant=new_user)

    assert error.value.code == "profile_incomplete"
    assert not Registration.objects.exists()


# The audience as a recommendation (the default).

def test_an_open_event_for_another_audience_says_so_and_still_registers(client, make_event, participant):
    event = make_event(audience="employer")
    client.force_login(participant)  # a foreign national

    page = client.get(event.url)
    response = client.post(f"/pl/events/{event.pk}/register/", {})

    with translation.override("pl"):
        note = gettext("This event is intended for: %(audience)s. Your profile names another group; you can register "
                       "all the same.") % {"audience": gettext("Employers")}
    assert page.context["meant_for_others"] is True
    assert note in page.content.decode()
    assert f'action="/pl/events/{event.pk}/register/"' in page.content.decode()
    assert response.status_code == 302
    assert Registration.objects.get(participant=participant).state == "confirmed"


def test_no_note_for_the_audience_the_event_is_for(client, make_event):
    event = make_event(audience="employer")
    employer = ProfileFactory(**EMPLOYER).user
    client.force_login(employer)

    response = client.get(event.url)

    assert response.context["meant_for_others"] is False


# Restricted to its audience.

def test_a_restricted_event_shows_why_instead_of_the_form_and_refuses_a_direct_post(client, make_event, participant):
    event = make_event(audience="employer", restricted_to_audience=True)
    client.force_login(participant)  # a foreign national

    page = client.get(event.url)
    response = client.post(f"/pl/events/{event.pk}/register/", {})

    html = page.content.decode()
    assert f'action="/pl/events/{event.pk}/register/"' not in html
    assert page.context["registration_refusal"].code == "only_employers"
    assert page.context["registration_refusal"].message in html
    assert f'href="/pl/profile/?next={quote(event.url)}"' in html
    assert response.status_code == 403
    assert response.context["registration_error"] == page.context["registration_refusal"].message
    assert not Registration.objects.exists()


def test_a_restricted_event_registers_its_audience(client, make_event):
    event = make_event(audience="employer", restricted_to_audience=True)
    client.force_login(ProfileFactory(**EMPLOYER).user)

    response = client.post(f"/pl/events/{event.pk}/register/", {})

    assert response.status_code == 302
    assert Registration.objects.get().state == "confirmed"


def test_the_restriction_is_read_from_the_default_language_page(client, make_event, participant):
    event = make_event(audience="employer", restricted_to_audience=True)
    translation = event.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    translation.restricted_to_audience = False  # translations carry text, not facts
    translation.save_revision().publish()
    client.force_login(participant)

    response = client.post(f"/en/events/{translation.pk}/register/", {})

    assert response.status_code == 403
    assert not Registration.objects.exists()


# Internal events for office staff: the office confirms who its staff are.

@pytest.fixture
def internal_event(make_event):
    ensure_editorial_groups(apps)
    return make_event("Narada wewnętrzna", audience="staff", restricted_to_audience=True)


def test_a_profile_that_says_staff_is_not_enough(internal_event):
    with pytest.raises(RegistrationError) as error:
        register(event=internal_event, participant=ProfileFactory(**STAFF).user)

    assert error.value.code == "only_office_staff"
    assert not Registration.objects.exists()


def test_members_of_office_staff_register_whatever_their_profile_says(internal_event, participant):
    participant.groups.add(Group.objects.get(name=OFFICE_STAFF_GROUP))

    assert register(event=internal_event, participant=participant).state == "confirmed"


@pytest.mark.parametrize(("email", "verified", "allowed"), [
    ("jan.kowal@urzad.example.gov.pl", True, True),
    ("Jan.Kowal@URZAD.example.gov.pl", True, True),
    ("jan.kowal@urzad.example.gov.pl", False, False),  # an address nobody proved to hold
    ("jan.kowal@example.gov.pl", True, False),
    ("jan.kowal@urzad.example.gov.pl.evil.example", True, False),
])
def test_an_address_in_the_office_domains_confirms_staff(settings, internal_event, email, verified, allowed):
    settings.LMS_STAFF_EMAIL_DOMAINS = ["urzad.example.gov.pl"]
    person = ProfileFactory(user=UserFactory(email=email, verified=verified), **STAFF).user
    assert EmailAddress.objects.get(user=person).verified == verified

    refused = None
    try:
        register(event=internal_event, participant=person)
    except RegistrationError as error:
        refused = error.code

    assert refused == (None if allowed else "only_office_staff")
    assert Registration.objects.filter(participant=person).exists() == allowed


def test_an_open_event_for_staff_takes_anyone(make_event, participant):
    event = make_event(audience="staff")

    assert register(event=event, participant=participant).state == "confirmed"


def test_the_staff_domains_setting_is_read_from_the_environment():
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "from lms.settings import base; print(base.LMS_STAFF_EMAIL_DOMAINS)"],
        env={**os.environ, "LMS_STAFF_EMAIL_DOMAINS": " urzad.example.gov.pl, @Wydzial.Example.gov.pl ,"},
        capture_output=True, text=True, timeout=60, check=True,
    )

    assert result.stdout.strip() == "['urzad.example.gov.pl', 'wydzial.example.gov.pl']"
