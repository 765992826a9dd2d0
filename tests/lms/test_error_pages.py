"""Error pages speak every language of the site; those Django renders without a request (400, 500) hold all four."""

import logging

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


def refuse_every_query(execute, sql, params, many, context):
    from django.db import OperationalError

    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize("path", ["/pl/", "/en/certificates/verify/ABCD1234/", "/healthz"])
def test_a_lost_database_connection_answers_503_with_retry_after_and_one_log_line(home_pages, caplog, path):
    from django.db import connection
    from django.test import Client

    client = Client(raise_request_exception=False)
    with caplog.at_level("INFO"), connection.execute_wrapper(refuse_every_query):
        response = client.get(path)

    assert response.status_code == 503
    if path != "/healthz":  # the health check answers monitoring in JSON
        assert response["Retry-After"] == "5"
        assert "Serwis jest chwilowo niedostępny" in response.content.decode()
    records = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(records) <= 1 and all(record.exc_info is None for record in records), \
        [record.getMessage() for record in records]


def test_other_server_errors_still_show_the_500_page(rf):
    from lms.views import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/pl/"))

    assert response.status_code == 500 and "Przepraszamy, wystąpił błąd" in response.content.decode()
