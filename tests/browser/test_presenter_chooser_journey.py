"""An editor with the admin in Polish picks a webinar's presenter by typing part of her e-mail address into the
person chooser, tells her from a namesake by the address, and saves; axe checks the chooser."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from events.editorial import ensure_editorial_groups
from events.models import EventPage, EventPresenter
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)
from tests.factories import ProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def polish_editor():
    ensure_editorial_groups(apps)
    editor = ProfileFactory(user__first_name="Marta", user__last_name="Redakcyjna").user
    editor.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "pl"
    profile.save()
    return editor


def test_an_editor_finds_the_presenter_by_part_of_her_address(live_server, make_event, signed_in_page,  # noqa: F811
                                                              assert_accessible):
    webinar = make_event("Webinar o zatrudnianiu cudzoziemców")
    EventPresenter.objects.create(page=webinar, name="Anna Nowak", role="Urząd Wojewódzki")
    webinar.save_revision().publish()
    presenter = UserFactory(first_name="Anna", last_name="Nowak", email="anna.nowak@urzad.example")
    UserFactory(first_name="Anna", last_name="Nowak", email="a.nowak@szkola.example")

    tab = signed_in_page(polish_editor())
    tab.goto(f"{live_server.url}/admin/pages/{webinar.pk}/edit/")
    tab.get_by_role("button", name="Wybierz osobę").click()
    dialog = tab.get_by_role("dialog")
    dialog.get_by_label("Imię, nazwisko lub adres e-mail").fill("urzad.exa")
    results = dialog.get_by_role("table")
    expect(results.get_by_role("cell", name="anna.nowak@urzad.example")).to_be_visible()
    expect(results).not_to_contain_text("a.nowak@szkola.example")
    assert_accessible(tab, "the person chooser")

    results.get_by_role("link", name="Anna Nowak").click()
    expect(tab.get_by_text("Anna Nowak <anna.nowak@urzad.example>")).to_be_visible()
    tab.get_by_role("button", name="Zapisz szkic").click()
    expect(tab.get_by_role("status")).to_contain_text("została zaktualizowana")

    draft = EventPage.objects.get(pk=webinar.pk).get_latest_revision_as_object()
    assert [person.user_id for person in draft.presenters.all()] == [presenter.pk]
