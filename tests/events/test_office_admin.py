"""The office's side of event pages in the admin: choosing presenters, filters over events, the course's sessions,
check-in in the menu, copying an event with new dates."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from lms.models import AuditEntry, Profile, SiteSettings, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_event_editor_offers_the_chooser_not_a_list_of_accounts(client, administrator, make_event):
    UserFactory(email="someone-in-a-long-list@example.org")
    event = make_event()
    client.force_login(administrator)

    html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()

    assert "/admin/people/choose/" in html
    assert "someone-in-a-long-list@example.org" not in html


def create_account_in_the_admin(client, administrator, **fields):
    client.force_login(administrator)
    data = {"username": "k.lewandowska", "email": "k.lewandowska@urzad.example", "first_name": "Katarzyna",
            "last_name": "Lewandowska", "password1": "Zielona-Herbata-42", "password2": "Zielona-Herbata-42",
            "is_active": "on", **fields}
    response = client.post(reverse("wagtailusers_users:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return User.objects.get(email=data["email"])


def test_staff_created_in_the_admin_open_an_event_page_without_the_public_profile_step(client, administrator,
                                                                                      make_event):
    event = make_event()
    staff = create_account_in_the_admin(client, administrator)

    client.force_login(staff)
    response = client.get(event.url)

    assert response.status_code == 200
    profile = Profile.objects.get(user=staff)
    assert profile.is_complete and profile.audience == Profile.Audience.STAFF and profile.department
    assert AuditEntry.objects.filter(action="profile.filled_for_office_staff", actor=administrator,
                                     target_id=str(profile.pk)).exists()


def test_the_department_of_staff_created_in_the_admin_is_the_office_named_in_the_settings(client, administrator,
                                                                                         home_pages):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "Urząd Wojewódzki w Opolu"
    site_settings.save()

    staff = create_account_in_the_admin(client, administrator)

    assert staff.profile.department == "Urząd Wojewódzki w Opolu"
    assert staff.get_full_name() == "Katarzyna Lewandowska"


def test_people_who_sign_up_themselves_are_still_asked_who_they_are(client, new_user, make_event):
    event = make_event()
    client.force_login(new_user)

    response = client.get(event.url)

    assert response.status_code == 302 and "/profile/" in response["Location"]
