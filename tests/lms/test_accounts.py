"""Sign-up, e-mail verification, login and the first-login profile step, through allauth's real views."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from lms.models import AuditEntry, OutgoingMail, Profile, User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def signup(client, email="nowa@example.org", language="pl", **extra):
    data = {"email": email, "password1": "Tajne-haslo-2026", "password2": "Tajne-haslo-2026", "privacy_consent": "on"}
    data.update(extra)
    with translation.override(language):
        url = reverse("account_signup")
    return client.post(url, data)


def without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def verification_link(message_body: str) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message_body).group(0)


def test_signup_records_language_consent_and_sends_verification_mail(
    client, home_pages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, language="uk")

    assert response.status_code == 302
    user = User.objects.get(email="nowa@example.org")
    assert user.profile.language == "uk"
    assert user.profile.privacy_consent_at is not None
    assert not user.profile.is_complete
    assert not EmailAddress.objects.get(user=user).verified
    sent = OutgoingMail.objects.get()
    assert sent.state == OutgoingMail.State.SENT and sent.to == ["nowa@example.org"]
    assert len(mail.outbox) == 1
    assert "/uk/accounts/confirm-email/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Підтвердіть адресу електронної пошти"
    with translation.override("uk"):  # allauth greets and signs with the site's name, in the person's language
        assert translation.gettext("Training for migrant-information services") in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="profile.created", target_id=str(user.profile.pk)).exists()


def test_signup_without_consent_is_a_field_error_and_creates_nothing(client, home_pages):
    response = signup(client, privacy_consent="", language="en")

    assert response.status_code == 200
    assert "accept the privacy notice" in response.content.decode()
    assert not User.objects.exists()


def test_signing_up_with_a_taken_address_looks_the_same_and_mails_the_owner(
    client, home_pages, participant, django_capture_on_commit_callbacks
):
    """Nobody learns from the sign-up form whether an address has an account: the page is the same as for a new
    address, and only the mailbox's owner is told (with the way back into the account)."""
    with django_capture_on_commit_callbacks(execute=True):
        taken = signup(client, email=participant.email.upper(), language="pl")
        new = signup(Client(), email="nowa@example.org", language="pl")

    assert taken.status_code == new.status_code == 302 and taken["Location"] == new["Location"]
    assert User.objects.filter(email__iexact=participant.email).count() == 1
    to_owner = next(message for message in mail.outbox if message.to == [participant.email])
    assert to_owner.subject == "Konto z tym adresem e-mail już istnieje"
    assert "już ma konto" in to_owner.body and "/pl/accounts/password/reset/" in to_owner.body
    assert "confirm-email" not in to_owner.body


def test_verification_link_logs_in_and_asks_for_the_profile(client, home_pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    link = verification_link(mail.outbox[0].body)

    response = client.post(link)

    assert EmailAddress.objects.get(email="nowa@example.org").verified
    assert response.status_code == 302
    assert response["Location"] == "/pl/profile/"
    assert client.get("/pl/").status_code == 302  # still redirected to the profile until it is filled


def test_signing_up_from_an_event_page_leads_back_to_it_after_the_profile(
    client, home_pages, django_capture_on_commit_callbacks
):
    event_url = "/pl/wydarzenia/webinar-dla-pracodawcow/"
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, next=event_url)

    confirmed = client.post(verification_link(mail.outbox[0].body), follow=True)
    profile_page = confirmed.redirect_chain[-1][0]
    filled = client.post(profile_page, {
        "first_name": "Olena", "last_name": "Kowalenko", "language": "pl", "audience": "employer",
        "company_name": "Firma", "nip": "5261040828", "town": "Kraków",
    })

    assert profile_page.startswith("/pl/profile/")
    assert filled.status_code == 302 and filled["Location"] == event_url


def test_expired_or_forged_verification_link_shows_a_message_not_an_error(client, home_pages):
    response = client.get("/en/accounts/confirm-email/this-is-not-a-valid-key/")

    assert response.status_code == 200
    assert "expired or is invalid" in response.content.decode()


def test_wrong_password_is_reported_without_saying_which_part_was_wrong(client, home_pages, participant):
    response = client.post("/en/accounts/login/", {"login": participant.email, "password": "not-the-password"})

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_lands_on_profile_in_the_preferred_language_and_remembers_it(client, home_pages, participant):
    participant.profile.language = "ru"
    participant.profile.save()

    response = client.post("/pl/accounts/login/", {"login": participant.email, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/ru/profile/"
    assert response.cookies["lms_language"].value == "ru"


def test_incomplete_profile_redirects_every_page_to_the_profile(client, home_pages, new_user):
    client.force_login(new_user)

    response = client.get("/en/")

    assert response.status_code == 302
    assert response["Location"] == "/en/profile/?next=%2Fen%2F"
    assert Profile.objects.get(user=new_user).completed_at is None


def test_password_reset_by_mailed_link(client, home_pages, participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": participant.email})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)

    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.request["PATH_INFO"], {"password1": "Nowe-Haslo-2026!", "password2": "Nowe-Haslo-2026!"}
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password("Nowe-Haslo-2026!")


def test_password_reset_says_the_same_for_known_and_unknown_addresses(
    client, home_pages, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/pl/accounts/password/reset/", {"email": participant.email}, follow=True)
        unknown = client.post("/pl/accounts/password/reset/", {"email": "nikt@example.org"}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert without_csrf_token(known.content.decode()) == without_csrf_token(unknown.content.decode())
    to_nobody = next(message for message in mail.outbox if message.to == ["nikt@example.org"])
    assert to_nobody.subject == "Brak konta z tym adresem e-mail"
    assert "/pl/accounts/signup/" in to_nobody.body and "reset/key" not in to_nobody.body


def test_logout_ends_the_session(client, home_pages, participant):
    client.force_login(participant)

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_added_by_an_administrator_sign_in_on_the_public_site_at_once(client, administrator, home_pages):
    client.force_login(administrator)
    created = client.post("/admin/users/new/", {
        "username": "ewa.bramkowa", "email": "ewa.bramkowa@example.gov.pl", "first_name": "Ewa",
        "last_name": "Bramkowa", "password1": "Dlugie-haslo-2026!", "password2": "Dlugie-haslo-2026!",
        "is_active": "on",
    })
    assert created.status_code == 302
    client.logout()

    signed_in = client.post("/pl/accounts/login/", {"login": "ewa.bramkowa@example.gov.pl",
                                                    "password": "Dlugie-haslo-2026!"})

    assert EmailAddress.objects.get(email="ewa.bramkowa@example.gov.pl").verified
    assert signed_in.status_code == 302 and "confirm-email" not in signed_in["Location"]
