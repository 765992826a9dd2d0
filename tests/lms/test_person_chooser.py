"""The presenter of an event is chosen by searching people by name or e-mail, not from a list of every account."""

import json

import pytest

from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def chooser_results(client, query: str) -> str:
    response = client.get("/admin/people/choose/results/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_part_of_an_address_finds_the_person_with_the_address_shown(client, administrator):
    UserFactory(first_name="Anna", last_name="Nowak", email="anna.nowak@urzad.example")
    UserFactory(first_name="Anna", last_name="Nowak", email="a.nowak@szkola.example")
    client.force_login(administrator)

    html = chooser_results(client, "urzad.exa")

    assert "anna.nowak@urzad.example" in html
    assert "a.nowak@szkola.example" not in html


def test_a_name_finds_namesakes_told_apart_by_address(client, administrator):
    UserFactory(first_name="Anna", last_name="Nowak", email="anna.nowak@urzad.example")
    UserFactory(first_name="Anna", last_name="Nowak", email="a.nowak@szkola.example")
    UserFactory(first_name="Piotr", last_name="Zieliński", email="piotr@urzad.example")
    client.force_login(administrator)

    html = chooser_results(client, "anna nowak")

    assert "anna.nowak@urzad.example" in html and "a.nowak@szkola.example" in html
    assert "piotr@urzad.example" not in html


def test_accounts_that_cannot_sign_in_are_not_offered(client, administrator):
    UserFactory(first_name="Ewa", last_name="Dawna", email="ewa@urzad.example", is_active=False)
    client.force_login(administrator)

    assert "ewa@urzad.example" not in chooser_results(client, "ewa")


def test_the_chosen_person_is_named_with_the_address(client, administrator):
    person = UserFactory(first_name="Anna", last_name="Nowak", email="anna.nowak@urzad.example")
    client.force_login(administrator)

    response = client.get(f"/admin/people/choose/chosen/{person.pk}/")

    assert json.loads(response.content)["result"]["title"] == "Anna Nowak <anna.nowak@urzad.example>"


@pytest.mark.parametrize("pk", ["abc", "9" * 30, "0"])
def test_a_made_up_person_is_not_found(client, administrator, pk):
    client.force_login(administrator)

    assert client.get(f"/admin/people/choose/chosen/{pk}/", follow=True).status_code == 404


def test_participants_without_admin_access_cannot_search_people(client):
    client.force_login(ProfileFactory().user)

    response = client.get("/admin/people/choose/results/", {"q": "a"})

    assert response.status_code in (302, 403)

