"""Error pages speak every language of the site; those Django renders without a request (400, 500) hold all four."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db

GREETINGS = ["Przepraszamy, wystąpił błąd.", "Sorry, something went wrong.", "Вибачте, сталася помилка.",
             "Извините, произошла ошибка."]


def test_server_error_page_is_in_all_four_languages():
    html = defaults.server_error(RequestFactory().get("/")).content.decode()

    assert all(greeting in html for greeting in GREETINGS)
    assert '<div lang="uk">' in html and '<div lang="ru">' in html


def test_bad_request_page_is_in_all_four_languages():
    response = defaults.bad_request(RequestFactory().get("/"), exception=ValueError("bad"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Nie można obsłużyć tego żądania." in html and "Этот запрос невозможно обработать." in html


def test_access_denied_page_speaks_the_language_of_the_request(home_pages, rf):
    request = rf.get("/uk/")
    request.LANGUAGE_CODE = "uk"
    request.user = AnonymousUser()
    with translation.override("uk"):
        response = defaults.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "Доступ заборонено" in response.content.decode()


def test_not_found_page_names_each_language_in_itself(client, home_pages):
    html = client.get("/pl/no-such-page/").content.decode()

    assert ">English</a>" in html and ">Українська</a>" in html and ">Русский</a>" in html
