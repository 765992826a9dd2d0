"""The admin as the office uses it, in Polish: the pages our code adds show no English from our catalogues (a
string translated in locale/pl but shown in English), from our data (group names, audit action codes) or from the
Wagtail strings our editors meet that Wagtail's own catalogue leaves in English."""

import gettext as gnu_gettext
import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from certificates.services import issue_for_event
from events.editorial import ensure_editorial_groups
from events.models import Attendance, Location, Meeting, Registration
from lms import audit
from lms.models import AuditEntry, OutgoingMail
from tests.certificates.conftest import attended, certificate_template, finished_event  # noqa: F401
from tests.events.conftest import event_index, location, make_event  # noqa: F401
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

# Wagtail's own strings the office met in English (or in poor Polish) while editing an event.
WAGTAIL_STRINGS_LEFT_IN_ENGLISH = ["Once scheduled:", "Go to the first error", "Moderators approval", "Idź online"]


def english_of_our_catalogue() -> set[str]:
    """Every msgid of our Polish catalogue that Polish shows differently, long enough not to be a shared word."""
    with open(Path(settings.BASE_DIR) / "locale/pl/LC_MESSAGES/django.mo", "rb") as compiled:
        catalogue = gnu_gettext.GNUTranslations(compiled)._catalog  # compiled by `make translations`, fuzzy left out
    return {msgid for msgid, msgstr in catalogue.items() if isinstance(msgid, str) and msgstr != msgid
            and len(msgid) >= 6 and "%" not in msgid and "\x04" not in msgid}


def visible_texts(page: str) -> list[str]:
    """The text nodes and the texts of attributes people read (placeholders, titles, labels) of ``page``."""
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<(\w+)[^>]*\shidden[\s>][^<]*</\1>", " ", page)  # e.g. a counter Wagtail fills in when needed
    page = page.replace('aria-label="Actions"', "")  # hard-coded in Wagtail's header template, untranslatable
    attributes = re.findall(r'\s(?:placeholder|title|aria-label|alt)="([^"]*)"', page)
    texts = re.split(r"<[^>]*>", page) + attributes
    return [re.sub(r"\s+", " ", html.unescape(text)).strip() for text in texts if text.strip()]


def english_on(page: str, english: set[str]) -> set[str]:
    texts = visible_texts(page)
    return {text for text in texts if text in english or text.rstrip(":") in english}


@pytest.fixture
def office(client, finished_event, attended):  # noqa: F811
    """An administrator using the admin in Polish, with one of everything our admin pages list."""
    ensure_editorial_groups(apps)
    administrator = ProfileFactory(user__is_superuser=True, user__is_staff=True).user
    UserProfile.objects.update_or_create(user=administrator, defaults={"preferred_language": "pl"})
    client.force_login(administrator)
    participant = ProfileFactory(user__first_name="Anna", user__last_name="Nowak").user
    participant.groups.add(Group.objects.get(name="Event staff"))
    registration = attended(finished_event, participant, 90)
    Attendance.objects.filter(registration=registration).update(intervals=[
        [finished_event.start.isoformat(), (finished_event.start + timedelta(minutes=43)).isoformat()],
        [(finished_event.start + timedelta(minutes=50)).isoformat(), finished_event.end.isoformat()],
    ])
    meeting = Meeting.objects.create(event=finished_event, bbb_meeting_id="lms-webinar-0f3c", state=Meeting.State.ENDED,
                                     ended_at=finished_event.end)
    audit.record(actor=administrator, action="meeting.ended", target=meeting, data={"event": finished_event.title})
    issue_for_event(event=finished_event, actor=administrator)  # and the mail that sends the certificate
    return {"event": finished_event, "registration": registration, "meeting": meeting}


def admin_pages(office) -> list[str]:
    event, registration = office["event"], office["registration"]
    certificate = registration.participant.certificates.first()
    return [
        reverse("wagtailadmin_home"),
        f"{reverse('registrations:index')}?event={event.pk}",
        reverse("registrations:inspect", args=[registration.pk]),
        reverse("registration_action", args=[registration.pk, "cancel"]),
        f"{reverse('attendance:index')}?event={event.pk}",
        reverse("attendance:inspect", args=[registration.attendance.pk]),
        reverse("attendance_correct", args=[registration.pk]),
        reverse("enrolments:index"),
        reverse("event_message", args=[event.pk]),
        reverse("wagtailsnippets_events_location:list"),
        reverse("wagtailsnippets_events_location:add"),
        reverse("certificates:index"),
        reverse("certificates:inspect", args=[certificate.pk]),
        reverse("certificates_for", args=["event", event.pk]),
        reverse("wagtailsnippets_certificates_certificatetemplate:list"),
        f"{reverse('programme_report')}?start={event.start:%Y-%m-%d}&end={event.end:%Y-%m-%d}",
        reverse("event_report", args=[event.pk]),
        reverse("audit_log:index"),
        reverse("audit_log:inspect", args=[AuditEntry.objects.get(action="meeting.ended").pk]),
        reverse("outgoing_mail:index"),
        reverse("outgoing_mail:inspect", args=[OutgoingMail.objects.first().pk]),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_users:edit", args=[registration.participant.pk]),
        reverse("wagtailadmin_pages:edit", args=[event.pk]),
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", event.get_parent().pk]),
    ]


def test_the_admin_pages_our_code_adds_show_no_english_in_polish(client, office):
    english = english_of_our_catalogue()
    group_names = set(Group.objects.values_list("name", flat=True))
    action_codes = set(AuditEntry.objects.values_list("action", flat=True))
    found = {}
    for url in admin_pages(office):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        texts = visible_texts(page)
        left = english_on(page, english) | {text for text in texts if text in group_names or text in action_codes}
        left |= {string for string in WAGTAIL_STRINGS_LEFT_IN_ENGLISH if any(string in text for text in texts)}
        left |= {text for text in texts if "lms-webinar-" in text or text == "None"}
        if left:
            found[url] = sorted(left)
    assert found == {}, "\n".join(f"{url}: {left}" for url, left in found.items())


def test_wagtail_strings_our_editors_meet_are_polish():
    with translation.override("pl"):
        assert [gettext(text) for text in ("Once scheduled:", "Go to the first error", "Go-live:")] == [
            "Po zaplanowaniu:", "Przejdź do pierwszego błędu", "Publikacja od:"]
        # The workflow's name is data, in English; there is one workflow.
        assert gettext("Submit to %(workflow_name)s") == "Wyślij do zatwierdzenia"
        assert (str(Registration._meta.verbose_name_plural), gettext("Check-in"), str(Location._meta.verbose_name)) \
            == ("rejestracje", "Lista obecności", "miejsce")


def test_the_audit_log_reads_as_sentences_naming_the_event(client, office):
    page = client.get(reverse("audit_log:index")).content.decode()
    assert "Zakończono webinar „Zatrudnianie cudzoziemców – webinar”" in page


def test_inspect_views_show_office_time_a_dash_for_nothing_and_readable_intervals(client, office):
    registration = office["registration"]
    texts = visible_texts(client.get(reverse("registrations:inspect", args=[registration.pk])).content.decode())
    assert date_format(timezone.localtime(registration.created_at), "DATETIME_FORMAT") in texts
    assert "—" in texts  # not yet cancelled
    start = timezone.localtime(office["event"].start)
    texts = visible_texts(client.get(reverse("attendance:inspect", args=[registration.attendance.pk])).content.decode())
    assert f"{start:%H:%M}–{start + timedelta(minutes=43):%H:%M}" in texts


def test_creating_a_page_is_not_autosaved_so_no_stray_draft_takes_its_slug(client, office):
    parent = office["event"].get_parent()
    page = client.get(reverse("wagtailadmin_pages:add", args=["events", "eventpage", parent.pk])).content.decode()
    assert "data-w-autosave-interval-value" not in page
    editing = client.get(reverse("wagtailadmin_pages:edit", args=[office["event"].pk])).content.decode()
    assert "data-w-autosave-interval-value" in editing  # a page that exists is still autosaved


def test_every_audited_action_reads_as_a_sentence():
    """Each action code the code writes (found in the sources) has a sentence in the audit log."""
    import re
    from pathlib import Path

    from lms.audit import _DESCRIPTIONS

    root = Path(__file__).resolve().parent.parent
    written = {code for app in ("lms", "events", "certificates", "courses") for path in (root / app).rglob("*.py")
               for code in re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text())}
    written |= {f"certificate.{decision}" for decision in ("grant", "refuse")}
    written |= {f"registration.{state}" for state in ("confirmed", "waiting")}

    assert len(written) > 20
    assert written - set(_DESCRIPTIONS) == set()


@pytest.mark.parametrize("browser_language", ["en-US,en;q=0.9", "uk-UA,uk;q=0.9,ru;q=0.8", ""])
def test_the_admin_opened_signed_out_signs_in_in_polish_whatever_the_browser_prefers(client, home_pages,
                                                                                   browser_language):
    response = client.get("/admin/", follow=True, HTTP_ACCEPT_LANGUAGE=browser_language)

    assert response.redirect_chain[-1][0].startswith("/pl/accounts/login/")
    assert '<html lang="pl"' in response.content.decode()


def test_the_admin_follows_the_language_a_person_chose_on_the_site(client, home_pages, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"

    response = client.get("/admin/", follow=True, HTTP_ACCEPT_LANGUAGE="en-US")

    assert response.redirect_chain[-1][0].startswith("/uk/accounts/login/")
