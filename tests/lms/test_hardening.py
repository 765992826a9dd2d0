"""Health check, security headers, rate limits, two-factor authentication for staff, upload limits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents.models import Document

from events.services.registration import register
from tests.factories import TEST_PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_task_queue(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and "backend" in body["tasks"]
    assert "no-cache" in response["Cache-Control"]


def test_healthz_counts_queued_tasks_with_the_database_backend(client, settings):
    from django_tasks_db.backend import DatabaseBackend

    from lms.tasks import retry_due_mail

    DatabaseBackend("default", {"OPTIONS": {}}).enqueue(retry_due_mail, (), {})
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    body = client.get("/healthz").json()

    assert body["tasks"]["backend"] == "database" and body["tasks"].get("ready") == 1


def test_public_pages_carry_a_strict_content_security_policy(client, home_pages, settings):
    settings.BBB_URL = "https://bbb.example.gov.pl/"

    response = client.get("/pl/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "form-action 'self' https://bbb.example.gov.pl" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Permissions-Policy" in response


def test_joining_through_a_load_balancer_may_go_on_to_its_servers(client, home_pages, settings):
    settings.BBB_URL = "https://scalelite.example.gov.pl/"
    settings.BBB_SERVER_ORIGINS = ["https://*.bbb.example.gov.pl"]

    policy = client.get("/pl/")["Content-Security-Policy"]

    assert "form-action 'self' https://scalelite.example.gov.pl https://*.bbb.example.gov.pl" in policy


def test_a_preview_may_be_framed_by_the_admin_on_the_same_origin_only(home_pages):
    response = home_pages["pl"].make_preview_request()

    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_admin_is_left_without_csp(client, administrator, home_pages):
    client.force_login(administrator)

    assert "Content-Security-Policy" not in client.get("/admin/")


def test_the_admin_signs_people_in_through_the_site_so_the_second_factor_applies(client, administrator, home_pages):

    to_admin = client.get("/admin/pages/")
    wagtail_form = client.get("/admin/login/", {"next": "/admin/pages/"})
    password_only = client.post("/admin/login/", {"username": administrator.username, "password": TEST_PASSWORD})

    assert to_admin["Location"].startswith("/pl/accounts/login/?next=")
    assert wagtail_form["Location"] == "/pl/accounts/login/?next=%2Fadmin%2Fpages%2F"
    assert password_only.status_code in (302, 405) and "_auth_user_id" not in client.session


def test_wagtail_sign_in_for_restricted_pages_leads_to_the_site_sign_in_too(client, administrator, home_pages):
    form = client.get("/pl/_util/login/", {"next": "/pl/"})
    password_only = client.post("/pl/_util/login/", {"username": administrator.username, "password": TEST_PASSWORD})

    assert form["Location"] == "/pl/accounts/login/?next=%2Fpl%2F"
    assert password_only.status_code in (302, 405) and "_auth_user_id" not in client.session


def test_repeated_failed_logins_are_throttled_even_with_the_right_password(client, home_pages, participant):
    from tests.factories import TEST_PASSWORD

    for _ in range(5):
        client.post("/en/accounts/login/", {"login": participant.email, "password": "wrong-password-1"})

    response = client.post("/en/accounts/login/", {"login": participant.email, "password": TEST_PASSWORD})

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_too_many_page_actions_are_throttled_and_write_nothing_more(client, make_event, participant, settings):
    settings.LMS_ACTION_RATE_PER_MINUTE = 3
    event = make_event()
    client.force_login(participant)

    statuses = [client.post(f"/pl/events/{event.pk}/register/", {}).status_code for _ in range(4)]

    assert statuses[0] == 302 and statuses[-1] == 429


PROXY = "10.0.0.5"  # the address every request comes from when the site runs behind a proxy


def from_client(address: str) -> dict[str, str]:
    """A request passed on by the proxy, which adds the address it was sent from to X-Forwarded-For."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def failed_logins_then_the_right_password(client, participant, *, failing: dict, then: dict) -> str:
    for number in range(3):
        client.post("/en/accounts/login/", {"login": f"nobody{number}@example.org", "password": "wrong-password-1"},
                    **failing)
    return client.post("/en/accounts/login/", {"login": participant.email, "password": TEST_PASSWORD},
                       **then).content.decode()


@pytest.fixture
def three_failed_logins_a_minute(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}


def test_failed_logins_behind_a_trusted_proxy_block_only_the_client_that_made_them(
        client, home_pages, participant, settings, three_failed_logins_a_minute):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    same_client = failed_logins_then_the_right_password(
        Client(), participant, failing=from_client("203.0.113.7"), then=from_client("203.0.113.7"))
    other_client = failed_logins_then_the_right_password(
        client, participant, failing=from_client("203.0.113.7"), then=from_client("198.51.100.2"))

    assert "Too many failed login attempts" in same_client
    assert "Too many failed login attempts" not in other_client and "_auth_user_id" in client.session


def test_a_forged_forwarded_address_is_not_believed_without_a_trusted_proxy(
        client, home_pages, participant, three_failed_logins_a_minute):
    html = failed_logins_then_the_right_password(
        client, participant, failing=from_client("203.0.113.7"), then=from_client("198.51.100.2"))

    assert "Too many failed login attempts" in html


@pytest.fixture
def three_page_actions_per_address(settings):
    settings.LMS_ACTION_RATE_PER_ADDRESS_PER_MINUTE = 3


def register_four_people(event, *, addresses: list[str]) -> list[int]:
    """Four people, each registering once from the given addresses (in turn)."""
    statuses = []
    for number in range(4):
        client = Client()
        client.force_login(ProfileFactory().user)
        statuses.append(client.post(f"/pl/events/{event.pk}/register/", {},
                                    **from_client(addresses[number % len(addresses)])).status_code)
    return statuses


def test_page_actions_are_limited_per_client_address_behind_a_trusted_proxy(
        make_event, settings, three_page_actions_per_address):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    event = make_event(capacity=10)

    from_one_address = register_four_people(event, addresses=["203.0.113.7"])
    from_another = register_four_people(make_event(capacity=10), addresses=["198.51.100.2"])[0]

    assert from_one_address == [302, 302, 302, 429]
    assert from_another == 302


def test_page_actions_count_the_proxy_address_when_no_proxy_is_trusted(make_event, three_page_actions_per_address):
    statuses = register_four_people(make_event(capacity=10), addresses=["203.0.113.7", "198.51.100.2"])

    assert statuses == [302, 302, 302, 429]


def test_staff_are_offered_two_factor_authentication(client, home_pages):
    staff = ProfileFactory(user__is_staff=True).user
    participant = ProfileFactory().user

    client.force_login(staff)
    staff_profile = client.get("/en/profile/").content.decode()
    setup_page = client.get("/en/accounts/2fa/")
    client.force_login(participant)
    participant_profile = client.get("/en/profile/").content.decode()

    assert "/accounts/2fa/" in staff_profile and setup_page.status_code == 200
    assert "/accounts/2fa/" not in participant_profile


def test_only_listed_document_types_can_be_uploaded(client, home_pages):
    admin = ProfileFactory(user__is_superuser=True, user__is_staff=True).user
    client.force_login(admin)

    refused = client.post("/admin/documents/add/", {
        "title": "Program", "file": SimpleUploadedFile("program.exe", b"MZ\x90\x00", "application/octet-stream"),
        "collection": "1",
    })
    accepted = client.post("/admin/documents/add/", {
        "title": "Program", "file": SimpleUploadedFile("program.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"),
        "collection": "1",
    })

    assert refused.status_code == 200  # the form again, with the error
    assert accepted.status_code == 302
    assert [document.file.name.rsplit(".", 1)[-1] for document in Document.objects.all()] == ["pdf"]


def test_registration_service_is_unaffected_by_the_view_limit(make_event, participant):
    # The limit protects the web endpoints; services called by staff tools or tasks are not throttled.
    assert register(event=make_event(), participant=participant).state == "confirmed"


def test_the_admin_loads_no_avatars_from_gravatar(client, administrator, home_pages):
    """Gravatar would receive a hash of each staff member's e-mail address with every admin page they open."""
    client.force_login(administrator)

    pages = [client.get(url).content.decode() for url in ("/admin/", "/admin/account/", "/admin/users/")]

    assert all("gravatar.com" not in html for html in pages)
