"""Search takes any text people type: quotes and other characters the database's full-text syntax reserves are
searched for as text, on the public listings and in the admin's searches alike."""

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from certificates.models import CertificateTemplate
from tests.events.conftest import course, course_index  # noqa: F401

pytestmark = pytest.mark.django_db

AWKWARD_QUERIES = ['"', 'a"b', '"składki', '""', "'", "*", "NOT", "a OR", "(", "{title}:x", "^x", "-x", "\\", "%s"]


@pytest.mark.parametrize("query", AWKWARD_QUERIES)
@pytest.mark.parametrize("url", ["/pl/wydarzenia/", "/pl/wydarzenia/archive/", "/pl/kursy/"])
def test_listings_search_any_text(client, make_event, course, url, query):  # noqa: F811
    make_event("Składki pracownika")

    assert client.get(url, {"q": query}).status_code == 200


def test_a_quote_around_a_word_still_finds_it(client, make_event):
    make_event("Składki pracownika")
    make_event("Dzień otwarty")

    response = client.get("/pl/wydarzenia/", {"q": '"składki'})

    assert [card.title for card in response.context["events"]] == ["Składki pracownika"]


@pytest.mark.parametrize("query", AWKWARD_QUERIES)
def test_admin_image_and_snippet_searches_take_any_text(client, administrator, query):
    Image.objects.create(title="Logo urzędu", file=get_test_image_file())
    CertificateTemplate.objects.create(name="Zaświadczenie", layout="<p>{{ participant_name }}</p>")
    client.force_login(administrator)

    assert client.get("/admin/images/", {"q": query}).status_code == 200
    assert client.get("/admin/snippets/certificates/certificatetemplate/", {"q": query}).status_code == 200


def test_admin_search_limited_to_some_fields_finds_the_record(client, administrator):
    """The certificate-template listing searches its viewset's ``search_fields`` only."""
    CertificateTemplate.objects.create(name="Zaświadczenie dla pracodawców", layout="<p>{{ participant_name }}</p>")
    CertificateTemplate.objects.create(name="Dyplom", layout="<p>{{ participant_name }}</p>")
    client.force_login(administrator)

    html = client.get("/admin/snippets/certificates/certificatetemplate/", {"q": "zaświad"}).content.decode()

    assert "Zaświadczenie dla pracodawców" in html and "Dyplom" not in html
