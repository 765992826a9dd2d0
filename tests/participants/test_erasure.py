"""Deleting one's account: the password first, then upcoming registrations cancelled through the registration service
(the waiting list moves up), then personal data erased so that every figure of the programme report stays the same;
issued certificates stay verifiable with the name printed on them."""

from dataclasses import replace
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from certificates import services as certificate_services
from certificates.models import Certificate
from events.editorial import ensure_editorial_groups
from events.exceptions import RegistrationError
from events.models import Registration
from events.services.registration import change_access_needs, register
from lms.models import AuditEntry, OutgoingMail, User
from participants.exceptions import ErasureRefused
from participants.models import CalendarFeed
from participants.services import calendar_feed_for, erase_account
from reports.selectors import programme_report
from tests.certificates.conftest import attended, certificate_template, finished_event  # noqa: F401  (fixtures)
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import TEST_PASSWORD, ProfileFactory
from tests.reports.conftest import AFTER_ALL, FIRST_QUARTER, programme  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

ERASE_URL = "/pl/my/account/delete/"


def test_a_wrong_password_is_a_field_error_and_changes_nothing(client, make_event, participant):
    registration = register(event=make_event(), participant=participant)
    client.force_login(participant)

    response = client.post(ERASE_URL, {"password": "not-the-password"})

    assert response.status_code == 200
    assert "Hasło jest nieprawidłowe." in response.content.decode()
    participant.refresh_from_db()
    registration.refresh_from_db()
    assert participant.is_active and participant.check_password(TEST_PASSWORD) and participant.last_name
    assert registration.state == Registration.State.CONFIRMED
    assert not AuditEntry.objects.filter(action="account.erased").exists()


def test_an_event_too_busy_to_cancel_at_is_a_form_error_and_nothing_is_erased(client, make_event, participant,
                                                                             monkeypatch):
    register(event=make_event(), participant=participant)

    def busy(**kwargs):
        raise RegistrationError("busy")

    monkeypatch.setattr("participants.services.cancel", busy)
    client.force_login(participant)

    response = client.post(ERASE_URL, {"password": TEST_PASSWORD})

    assert response.status_code == 200 and "Prosimy spróbować ponownie za chwilę." in response.content.decode()
    participant.refresh_from_db()
    assert participant.is_active and participant.last_name and not AuditEntry.objects.filter(
        action="account.erased").exists()


def test_erasure_cancels_upcoming_registrations_first_and_the_waiting_person_gets_the_seat(
        client, make_event, participant, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event("Webinar o zezwoleniach", capacity=1)
    mine = register(event=event, participant=participant, answers={"q1": {"question": "Firma?", "answer": "Tajna"}},
                    access_needs=[Registration.AccessNeed.SIGN_LANGUAGE], access_needs_details="tłumacz PJM")
    waiting = register(event=event, participant=ProfileFactory().user)
    email = participant.email
    client.force_login(participant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ERASE_URL, {"password": TEST_PASSWORD})

    page = response.content.decode()
    assert response.status_code == 200 and "Konto zostało usunięte" in page and "Webinar o zezwoleniach" in page
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.state == Registration.State.CANCELLED and waiting.state == Registration.State.CONFIRMED
    assert (mine.answers, mine.access_needs, mine.access_needs_details) == ({}, [], "")
    # The promoted person is told; nothing is sent to the erased account's placeholder address.
    assert [message.to for message in mailoutbox] == [[waiting.participant.email]]
    erased = User.objects.get(pk=participant.pk)
    assert (erased.first_name, erased.last_name, erased.is_active, erased.has_usable_password()) == ("", "", False,
                                                                                                      False)
    assert erased.email.endswith("@erased.invalid") and email not in erased.email
    assert "_auth_user_id" not in client.session
    assert client.get("/pl/my/account/").status_code == 302  # signed out
    assert not client.login(username=email, password=TEST_PASSWORD)


def test_erasure_blanks_mails_feed_and_the_names_in_the_audit_log(client, make_event, participant,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event=make_event("Webinar A"), participant=participant)
    change_access_needs(registration=registration, actor=participant,
                        access_needs=[Registration.AccessNeed.STEP_FREE], details="wózek")
    calendar_feed_for(participant)
    email, last_name = participant.email, participant.last_name

    erase_account(user=participant)

    mail = OutgoingMail.objects.get()
    assert email not in mail.to and (mail.body_text, mail.body_html, mail.attachments) == ("", "", [])
    assert not CalendarFeed.objects.filter(user=participant).exists()
    assert not EmailAddress.objects.filter(email__iexact=email).exists()
    assert not AuditEntry.objects.filter(target_repr__contains=last_name).exists()
    assert not AuditEntry.objects.filter(data__icontains="wózek").exists()
    entry = AuditEntry.objects.get(action="account.erased")
    assert email not in str(entry.data) and last_name not in entry.target_repr
    assert entry.data["cancelled_registrations"] == 1


NARROWINGS = ({}, {"audience": "employer"}, {"audience": "educator"}, {"kind": "webinar"}, {"language": "uk"})


def reports() -> list:
    return [programme_report(filters=replace(FIRST_QUARTER, **narrowing), now=AFTER_ALL) for narrowing in NARROWINGS]


def test_every_figure_of_the_programme_report_stays_the_same(programme):  # noqa: F811
    before = reports()

    # Anna attended three events, Borys missed one he was confirmed for, Celina only ever waited.
    for person in (programme["anna"], programme["borys"], User.objects.get(first_name="Celina")):
        erase_account(user=person, now=AFTER_ALL)

    after = reports()
    assert after == before
    assert (after[0].people, after[0].no_shows, after[0].waiting_list_demand) == (3, 2, 1)
    assert after[0].employers[0].identifier == "1234563218" and after[0].schools[0].name == "SP 1"


def test_the_old_address_can_sign_up_again(client, participant):
    email = participant.email
    erase_account(user=participant)

    response = client.post("/pl/accounts/signup/", {"email": email, "password1": "Nowe-haslo-2026!",
                                                   "password2": "Nowe-haslo-2026!", "privacy_consent": "on"})

    assert response.status_code == 302
    assert User.objects.filter(email=email, is_active=True).exists()


def test_an_issued_certificate_still_verifies_with_the_name_printed(client, finished_event, attended,  # noqa: F811
                                                                    participant):
    attended(finished_event, participant, 90)
    certificate_services.issue_for_event(event=finished_event)
    certificate = Certificate.objects.get(holder=participant)
    printed = certificate.holder_name

    erasure = erase_account(user=participant)

    page = client.get(reverse("certificate_verify", kwargs={"code": certificate.code})).content.decode()
    assert erasure.certificates == 1
    assert printed in page and "Certificate.State" not in page
    assert Certificate.objects.get(pk=certificate.pk).state == Certificate.State.VALID


def test_no_certificate_is_issued_to_an_erased_account_afterwards(finished_event, attended, participant,  # noqa: F811
                                                                 django_capture_on_commit_callbacks, mailoutbox):
    attended(finished_event, participant, 90)
    erase_account(user=participant)

    with django_capture_on_commit_callbacks(execute=True):
        report = certificate_services.issue_for_event(event=finished_event)

    assert not Certificate.objects.filter(holder=participant).exists()
    assert report.created == 0
    assert not [message for message in mailoutbox if "erased.invalid" in ",".join(message.to)]


@pytest.fixture
def event_staff():
    ensure_editorial_groups(apps)
    user = ProfileFactory().user
    user.groups.add(Group.objects.get(name="Event staff"))
    return user


@pytest.mark.parametrize("office_account", ["administrator", "event_staff"])
def test_an_office_account_cannot_delete_itself_here(client, request, office_account):
    administrator = request.getfixturevalue(office_account)
    client.force_login(administrator)

    shown = client.get(ERASE_URL)
    refused = client.post(ERASE_URL, {"password": TEST_PASSWORD})

    assert shown.status_code == 200 and "Konta pracownika urzędu nie można usunąć" in shown.content.decode()
    assert 'name="password"' not in shown.content.decode()
    assert refused.status_code == 403
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.email.endswith("@example.org")
    with pytest.raises(ErasureRefused):
        erase_account(user=administrator)
