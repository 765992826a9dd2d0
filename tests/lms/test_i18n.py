import pytest

from wagtail.models import Locale

from lms.models import Profile

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "skip_link"), [
    ("pl", "Przejdź do treści"),
    ("en", "Skip to main content"),
    ("uk", "Перейти до основного вмісту"),
    ("ru", "Перейти к основному содержанию"),
])
def test_every_language_has_its_home_page_lang_attribute_and_translated_ui(client, home_pages, language, skip_link):
    response = client.get(f"/{language}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert skip_link in html


def test_root_redirects_to_the_default_polish_site(client, home_pages):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/pl/"


def test_root_honours_the_remembered_language(client, home_pages):
    client.cookies["lms_language"] = "uk"

    assert client.get("/")["Location"] == "/uk/"


def test_unknown_language_prefix_explains_which_languages_exist(client, home_pages):
    response = client.get("/de/", follow=True)

    html = response.content.decode()
    assert response.status_code == 404
    assert "„de”" in html or "“de”" in html
    assert 'href="/uk/"' in html


def test_language_switch_remembers_choice_on_profile_and_cookie(client, participant, home_pages):
    client.force_login(participant)

    response = client.post("/i18n/language/", {"language": "uk", "next": "/uk/profile/"})

    assert response.status_code == 302
    assert response["Location"] == "/uk/profile/"
    assert response.cookies["lms_language"].value == "uk"
    assert Profile.objects.get(user=participant).language == "uk"
    page = client.get("/uk/profile/").content.decode()
    assert "(Українська)" in page  # told that e-mails follow, in Ukrainian


def test_language_switch_refuses_unknown_language_and_changes_nothing(client, participant, home_pages):
    client.force_login(participant)

    response = client.post("/i18n/language/", {"language": "de", "next": "/de/"})

    assert response.status_code == 400
    assert Profile.objects.get(user=participant).language == "pl"


def test_language_switch_never_redirects_off_site(client, home_pages):
    response = client.post("/i18n/language/", {"language": "en", "next": "https://evil.example/"})

    assert response["Location"] == "/en/"


@pytest.mark.parametrize("next_value", ["0", "foo", "é", "healthz", "account_logout", "//evil.example/", "\\evil"])
def test_language_switch_follows_only_a_local_path(client, home_pages, next_value):
    response = client.post("/i18n/language/", {"language": "uk", "next": next_value})

    assert response.status_code == 302
    assert response["Location"] == "/uk/"


def test_switcher_links_point_to_the_translation_of_the_current_page(client, home_pages):
    html = client.get("/pl/").content.decode()

    for code in ("en", "uk", "ru"):
        assert f'name="next" value="{home_pages[code].url}"' in html


def test_switching_language_keeps_the_archive_and_the_search(client, home_pages):
    from events.models import EventIndexPage

    index = home_pages["pl"].add_child(instance=EventIndexPage(title="Wydarzenia", slug="wydarzenia"))
    english = index.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()

    html = client.get(f"{index.url}archive/?q=karta&audience=employer").content.decode()

    assert f'name="next" value="{english.url}archive/?q=karta&amp;audience=employer"' in html
