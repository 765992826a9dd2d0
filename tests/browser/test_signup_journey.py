"""The newcomer's path in a real browser: sign up, verify, fill the profile, switch language; axe on each page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from lms.models import Profile, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "pracodawca@example.org"
PASSWORD = "Bezpieczne-Haslo-2026"


def test_sign_up_verify_fill_employer_profile_and_switch_to_ukrainian(
    page: Page, live_server, home_pages, assert_accessible
):
    page.goto(f"{live_server.url}/pl/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    assert_accessible(page, "home page")

    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Załóż konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zakładanie konta")
    assert_accessible(page, "sign-up page")
    page.get_by_label("E-mail", exact=True).fill(EMAIL)
    # The rules are the password field's description, read out with it (not an empty element beside a list).
    expect(page.get_by_label("Hasło", exact=True)).to_have_accessible_description(
        re.compile("Hasło musi zawierać co najmniej 10 znaków"))
    page.get_by_label("Hasło", exact=True).fill(PASSWORD)
    page.get_by_label("Hasło (ponownie)").fill(PASSWORD)
    page.get_by_label(re.compile("Potwierdzam zapoznanie się")).check()
    page.get_by_role("button", name="Załóż konto").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("e-mail")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button").filter(has_text=re.compile("Potwierdź")).click()

    expect(page).to_have_url(re.compile(r"/pl/profile/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mój profil")
    assert_accessible(page, "profile page")
    page.get_by_label("Imię").fill("Jan")
    page.get_by_label("Nazwisko").fill("Kowalski")
    page.get_by_label("Pracodawcy").check()
    page.get_by_label("Nazwa firmy").fill("Ogrody Kowalski sp. z o.o.")
    page.get_by_label("NIP").fill("123-456-32-19")
    page.get_by_role("button", name="Zapisz profil").click()

    nip = page.get_by_label("NIP")
    expect(nip).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_nip_error")).to_contain_text("Ten NIP jest nieprawidłowy")
    expect(page.get_by_role("alert")).to_contain_text("NIP")
    expect(page.get_by_role("alert")).to_be_focused()  # the reader is taken to what needs correcting
    assert_accessible(page, "profile page with errors")
    assert not Profile.objects.get(user__email=EMAIL).is_complete

    nip.fill("123-456-32-18")
    page.get_by_role("button", name="Zapisz profil").click()
    expect(page.get_by_role("status")).to_contain_text("Profil został zapisany")
    profile = Profile.objects.get(user__email=EMAIL)
    assert (profile.audience, profile.nip, profile.company_name) == ("employer", "1234563218", "Ogrody Kowalski sp. z o.o.")

    page.get_by_role("navigation", name="Wybierz język").get_by_role("button", name="Українська").click()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page).to_have_url(re.compile(r"/uk/profile/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Мій профіль")
    expect(page.get_by_role("button", name="Зберегти профіль")).to_be_visible()
    assert Profile.objects.get(user__email=EMAIL).language == "uk"
    assert_accessible(page, "profile page in Ukrainian")


def test_login_page_and_narrow_screen_are_accessible(page: Page, live_server, home_pages, assert_accessible):
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(f"{live_server.url}/en/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    assert_accessible(page, "login page at 320 px")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"the page scrolls sideways at 320 px ({scroll_width} px wide)"

    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong-password-123")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    assert_accessible(page, "login page with an error")
    assert not User.objects.exists()
