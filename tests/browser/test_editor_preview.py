"""Editors see what they are about to publish: the preview panel of the page editor shows the page (the public
site's Content-Security-Policy must let the admin frame it)."""

import pytest
from playwright.sync_api import expect

from tests.events.conftest import event_index, location, make_event  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_page_editor_preview_shows_the_event(live_server, make_event, signed_in_page, english_admin_user):  # noqa: F811
    event = make_event("Legalizacja pobytu – dzień otwarty")
    editor = english_admin_user("Editors", is_staff=True)

    page = signed_in_page(editor)
    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()

    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(event.title, timeout=15_000)
