"""With the admin in Polish, an Editor (not a superuser) translates an event into Ukrainian as a draft whose facts
come from the Polish version, a Moderator publishes it, and the Ukrainian page shows the Polish seats."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from events.models import EventPage
from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def moderation_workflow(db):
    """Wagtail's migrations put pages under "Moderators approval"; a live-server test before this one flushed that
    with every other table, and without a workflow an Editor has only "Save draft" to offer."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    from events.editorial import ensure_editorial_groups

    ensure_editorial_groups(apps)
    workflow, created = Workflow.objects.get_or_create(name="Moderators approval")
    if created:
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([Group.objects.get(name="Moderators")])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    return workflow


@pytest.fixture
def polish_admin_user(english_admin_user):
    def make(group: str):
        from wagtail.users.models import UserProfile

        user = english_admin_user(group)
        UserProfile.objects.filter(user=user).update(preferred_language="pl")
        return user

    return make


def test_an_editor_translates_an_event_and_a_moderator_publishes_it(
    live_server, make_event, event_index, signed_in_page, polish_admin_user, assert_accessible,  # noqa: F811
    moderation_workflow,
):
    ukrainian = Locale.objects.get(language_code="uk")
    event_index.copy_for_translation(ukrainian).save_revision().publish()
    event = make_event("Szkolenie dla urzędów", capacity=3)

    editor = signed_in_page(polish_admin_user("Editors"))
    editor.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    editor.get_by_role("button", name="Czynności", exact=True).click()
    editor.get_by_role("link", name="Tłumacz").click()
    editor.get_by_label("Українська").check()
    editor.get_by_role("button", name="Wyślij").click()

    translation = EventPage.objects.get(translation_key=event.translation_key, locale=ukrainian)
    expect(editor).to_have_url(re.compile(rf"/admin/pages/{translation.pk}/edit/$"))
    expect(editor.get_by_text("Synchronizowane z wersji źródłowej").first).to_be_visible()
    expect(editor.locator('input[name="capacity"]')).to_have_count(0)
    # Wagtail's message fades in; axe measures the contrast of its colours half-way otherwise.
    editor.wait_for_function(
        "document.querySelector('.messages').getAnimations({subtree: true}).every(a => a.playState !== 'running')"
    )
    assert_accessible(editor, "the translation's editor")
    editor.get_by_role("textbox", name=re.compile("^Tytuł")).fill("Навчання для установ")
    editor.get_by_role("button", name="Więcej akcji").click()
    editor.get_by_role("button", name=re.compile("Wyślij do")).click()
    expect(editor.get_by_text("Навчання для установ").first).to_be_visible()
    assert not EventPage.objects.get(pk=translation.pk).live

    moderator = signed_in_page(polish_admin_user("Moderators"))
    moderator.goto(f"{live_server.url}/admin/pages/{translation.pk}/edit/")
    moderator.get_by_role("button", name="Więcej akcji").click()
    moderator.get_by_role("button", name="Akceptuj i Opublikuj").click()
    expect(moderator.get_by_text("Навчання для установ").first).to_be_visible()

    published = EventPage.objects.get(pk=translation.pk)
    assert published.live and published.title == "Навчання для установ" and published.capacity == 3
    moderator.goto(f"{live_server.url}{published.url}")
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Навчання для установ")
    expect(moderator.get_by_text(re.compile(r"\b3\b.*місц"))).to_be_visible()
