"""The office's side of event pages in the admin: choosing presenters, filters over events, the course's sessions,
check-in in the menu, copying an event with new dates."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_event_editor_offers_the_chooser_not_a_list_of_accounts(client, administrator, make_event):
    UserFactory(email="someone-in-a-long-list@example.org")
    event = make_event()
    client.force_login(administrator)

    html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()

    assert "/admin/people/choose/" in html
    assert "someone-in-a-long-list@example.org" not in html
