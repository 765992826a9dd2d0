import os
import shutil
import tempfile

import pytest
from django.contrib.contenttypes.models import ContentType
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Collection, Page, Site

from lms.i18n import ensure_locales
from lms.models import HomePage
from tests.factories import ProfileFactory, UserFactory

# Property-based tests in `make test` are a fixed set of inputs (the same on every run, nothing remembered between
# runs), so a commit that changed nothing cannot turn CI red. `make fuzz` explores at random with ten times the
# examples; every input it finds is kept as an @example next to its test.
_PROPERTY_TESTS = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
hypothesis_settings.register_profile("ci", max_examples=40, derandomize=True, database=None, **_PROPERTY_TESTS)
hypothesis_settings.register_profile("fuzz", max_examples=400, derandomize=False, **_PROPERTY_TESTS)
hypothesis_settings.load_profile(os.environ.get("LMS_HYPOTHESIS_PROFILE", "ci"))

if os.environ.get("LMS_TEST_DATABASE_TEMPLATE"):
    # `make mutants` runs pytest once for every mutant; migrating a fresh test database each time would take most
    # of the run. Each run works on its own copy of a database migrated once, so a flush cannot reach the next run.
    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker):
        from django.db import connections

        handle, copy = tempfile.mkstemp(prefix="lms-test-", suffix=".sqlite3")
        os.close(handle)
        shutil.copyfile(os.environ["LMS_TEST_DATABASE_TEMPLATE"], copy)
        with django_db_blocker.unblock():
            connections["default"].close()
            connections["default"].settings_dict["NAME"] = copy
        yield
        with django_db_blocker.unblock():
            connections["default"].close()
        os.remove(copy)


@pytest.fixture(autouse=True)
def _default_language():
    """A request under /uk/ leaves Ukrainian active in the test's thread; the next test starts in Polish again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate limits in the cache; each test starts without earlier tests' counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_pages(db) -> dict[str, HomePage]:
    """A minimal page tree: the Polish home page as the site root and its published translations."""
    # Transactional tests flush every table, content types included, while Django keeps them cached.
    ContentType.objects.clear_cache()
    locales = {locale.language_code: locale for locale in ensure_locales()}
    # Transactional (live-server) tests flush the tables, taking the tree root that migrations created with them.
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locales["pl"]))
    Collection.get_first_root_node() or Collection.add_root(name="Root")  # images need their root collection
    home = root.add_child(instance=HomePage(title="Strona główna", slug="start", locale=locales["pl"]))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    pages = {"pl": home}
    for code in ("en", "uk", "ru"):
        translation = home.copy_for_translation(locales[code])
        translation.save_revision().publish()
        pages[code] = translation
    return pages


STANDIN_SECRET = "test-standin-secret-" + "x" * 48  # HS512 wants at least 64 bytes


@pytest.fixture
def standin(settings):
    """The BigBlueButton stand-in on a free loopback port, with the site pointed at it."""
    from devtools.bbb_standin.server import StandIn

    server = StandIn(secret=STANDIN_SECRET, port=0, callback_delay=0.05)
    server.start()
    settings.BBB_URL = server.url
    settings.BBB_SECRET = STANDIN_SECRET
    yield server
    server.stop()


@pytest.fixture
def participant(db):
    return ProfileFactory().user


@pytest.fixture
def other_participant(db):
    return ProfileFactory(user=UserFactory(first_name="Ivan", last_name="Petrenko")).user


@pytest.fixture
def administrator(db):
    """A superuser with a completed profile (the profile step would otherwise stop every page)."""
    return ProfileFactory(user__is_superuser=True, user__is_staff=True).user


@pytest.fixture
def new_user(db):
    """Signed up and verified, profile not filled in yet."""
    return UserFactory()
