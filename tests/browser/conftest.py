"""Real headless Chromium (Debian's package) driven by Playwright against Django's live server.

See ../shared/BROWSER-TESTS.md: Playwright never downloads a browser here; it launches /usr/bin/chromium."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in the test thread; the live server's ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LMS_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS],
    }


@pytest.fixture
def page(page):
    """Fail fast: a missing element is reported after 5 s rather than Playwright's default 30 s."""
    page.set_default_timeout(5_000)
    return page


@pytest.fixture
def signed_in_page(browser, live_server):
    """A fresh browser tab already signed in as ``user`` (the session cookie comes from Django's test client,
    so tests spend their time on the feature, not on the login form)."""
    from django.test import Client

    contexts = []

    def open_as(user):
        client = Client()
        client.force_login(user)
        context = browser.new_context()
        contexts.append(context)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        tab = context.new_page()
        tab.set_default_timeout(5_000)
        return tab

    yield open_as
    for context in contexts:
        for tab in context.pages:
            # A Wagtail editor releases its editing session with a beacon when the tab closes. Playwright does not
            # see beacons, so one could reach the live server while the test database is being flushed (a flaky
            # "couldn't be flushed" error); removing the editing-session form stops its pings and its beacon.
            tab.evaluate("document.querySelectorAll('form.w-editing-sessions').forEach(form => form.remove())")
        context.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is now and fails on any violation."""

    def check(page, label: str) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        violations = results.response["violations"]
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} -> {[node['target'] for node in v['nodes']][:5]}"
            for v in violations
        )
        assert not violations, f"axe found WCAG 2.1 A/AA violations on {label}:\n{details}"

    return check


@pytest.fixture
def english_admin_user(db):
    """A user in one of the editorial groups whose Wagtail admin speaks English (the tests find admin controls
    by their English labels); ``user_fields`` go to the user factory."""
    from django.apps import apps
    from django.contrib.auth.models import Group
    from wagtail.users.models import UserProfile

    from events.editorial import ensure_editorial_groups
    from tests.factories import ProfileFactory

    def make(group: str, **user_fields):
        # Transactional tests flush the groups created by the data migration; it is safe to run again.
        ensure_editorial_groups(apps)
        user = ProfileFactory(**{f"user__{name}": value for name, value in user_fields.items()}).user
        user.groups.add(Group.objects.get(name=group))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
        return user

    return make

