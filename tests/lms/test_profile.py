import pytest

from lms.models import AuditEntry, Profile

pytestmark = pytest.mark.django_db

EMPLOYER = {
    "first_name": "Jan",
    "last_name": "Kowalski",
    "language": "pl",
    "audience": "employer",
    "company_name": "Budimex-Demo sp. z o.o.",
    "nip": "123-456-32-18",
}


@pytest.mark.parametrize("next_value", ["foo", "0", "account_logout", "https://evil.example/"])
def test_first_profile_save_follows_only_a_local_path(client, new_user, home_pages, next_value):
    client.force_login(new_user)

    response = client.post(f"/pl/profile/?next={next_value}", {**EMPLOYER, "next": next_value})

    assert response.status_code == 302
    assert response["Location"] == "/pl/profile/"
    assert Profile.objects.get(user=new_user).is_complete


def test_employer_profile_stores_nip_normalised_and_completes_profile(client, new_user, home_pages):
    client.force_login(new_user)

    response = client.post("/pl/profile/?next=/pl/", {**EMPLOYER, "next": "/pl/"})

    assert response.status_code == 302
    assert response["Location"] == "/pl/"
    profile = Profile.objects.get(user=new_user)
    assert profile.nip == "1234563218"
    assert profile.company_name == "Budimex-Demo sp. z o.o."
    assert profile.is_complete
    new_user.refresh_from_db()
    assert (new_user.first_name, new_user.last_name) == ("Jan", "Kowalski")
    entry = AuditEntry.objects.get(action="profile.updated")
    assert entry.actor == new_user and entry.target_id == str(profile.pk)
    assert entry.data["fields"] == ["audience", "company_name", "first_name", "last_name", "nip"]

    client.post("/pl/profile/", EMPLOYER)  # the same again: nothing changed, nothing logged
    client.post("/pl/profile/", {**EMPLOYER, "company_name": "Budimex-Demo S.A."})

    assert [entry.data["fields"] for entry in AuditEntry.objects.filter(action="profile.updated").order_by("pk")] \
        == [["audience", "company_name", "first_name", "last_name", "nip"], ["company_name"]]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("pl", "Ten NIP jest nieprawidłowy"),
        ("en", "This NIP is not valid"),
        ("uk", "Цей NIP недійсний"),
        ("ru", "Этот NIP недействителен"),
    ],
)
def test_invalid_nip_is_a_field_error_in_the_users_language(client, new_user, home_pages, language, message):
    client.force_login(new_user)

    response = client.post(f"/{language}/profile/", {**EMPLOYER, "nip": "123-456-32-19", "language": language})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_nip_help id_nip_error"' in html
    assert not Profile.objects.get(user=new_user).is_complete


def test_audience_fields_are_required_for_that_audience_only(client, new_user, home_pages):
    client.force_login(new_user)

    response = client.post(
        "/en/profile/", {"first_name": "Anna", "last_name": "Nowak", "language": "en", "audience": "educator"}
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"school", "town"}


@pytest.mark.parametrize(("data", "field"), [
    ({"audience": "staff", "department": "W" * 5000}, "department"),  # too long, not also "required"
    ({}, "audience"),  # one "who are you" message, not two
])
def test_a_field_that_failed_gets_one_error_not_a_contradicting_second(client, new_user, home_pages, data, field):
    client.force_login(new_user)

    response = client.post("/en/profile/", {"first_name": "Anna", "last_name": "Nowak", "language": "en", **data})

    assert response.status_code == 400
    assert len(response.context["form"].errors[field]) == 1


def test_changing_audience_clears_the_previous_audiences_details(client, participant, home_pages):
    participant.profile.audience = "employer"
    participant.profile.company_name = "Firma"
    participant.profile.nip = "1234563218"
    participant.profile.save()
    client.force_login(participant)

    client.post(
        "/en/profile/",
        {"first_name": "A", "last_name": "B", "language": "en", "audience": "staff", "department": "Wydział SC",
         "company_name": "Firma", "nip": "1234563218"},
    )

    profile = Profile.objects.get(user=participant)
    assert (profile.audience, profile.department, profile.company_name, profile.nip) == ("staff", "Wydział SC", "", "")


def test_profile_page_shows_only_the_signed_in_persons_data(client, participant, other_participant, home_pages):
    client.force_login(participant)

    html = client.get("/en/profile/").content.decode()

    assert participant.email in html
    assert other_participant.email not in html and "Petrenko" not in html


def test_profile_requires_login(client, home_pages):
    response = client.get("/en/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize(("first_name", "message"), [
    ("\u3164", "Prosimy usunąć z imienia lub nazwiska niewidoczne znaki sterujące."),
    ("Z" + "\u0301\u0300\u0302\u0303\u0304" * 20 + "ofia", "Prosimy usunąć nadmiar znaków diakrytycznych"),
])
def test_a_name_that_would_print_blank_or_garbled_gets_a_field_error(client, new_user, home_pages, first_name, message):
    client.force_login(new_user)

    response = client.post("/pl/profile/", {**EMPLOYER, "first_name": first_name})

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors["first_name"])
    new_user.refresh_from_db()
    assert new_user.first_name != first_name
