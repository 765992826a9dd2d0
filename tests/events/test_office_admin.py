"""The office's side of event pages in the admin: choosing presenters, filters over events, the course's sessions,
check-in in the menu, copying an event with new dates."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry, Site

from events.models import EventPage
from events.services.registration import register
from tests.events.test_admin import groups, member_of  # noqa: F401 (a fixture)
from lms.models import AuditEntry, Profile, SiteSettings, User
from tests.factories import ProfileFactory, UserFactory

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


def translate(event, language_code: str):
    translation = event.copy_for_translation(Locale.objects.get(language_code=language_code), copy_parents=True)
    translation.save_revision().publish()
    return translation


@pytest.fixture
def registered_in_two_events(make_event):
    older = make_event("Webinar o składkach", start=timezone.now() + timedelta(days=3))
    newer = make_event("Webinar o składkach", start=timezone.now() + timedelta(days=30))
    register(event=older, participant=ProfileFactory(user__last_name="Starsza").user)
    register(event=newer, participant=ProfileFactory(user__last_name="Nowsza").user)
    return older, newer


@pytest.mark.parametrize("listing", ["registrations", "attendance", "certificates"])
def test_a_language_version_of_an_event_filters_by_the_event(client, administrator, registered_in_two_events, listing):
    older, newer = registered_in_two_events
    ukrainian = translate(older, "uk")
    client.force_login(administrator)

    response = client.get(f"/admin/{listing}/", {"event": ukrainian.pk})

    assert response.status_code == 200
    form = response.context["filters"].form
    assert form.is_valid() and form.cleaned_data["event"] == older


def test_registrations_of_any_language_version_are_found(client, administrator, registered_in_two_events):
    older, _newer = registered_in_two_events
    ukrainian = translate(older, "uk")
    client.force_login(administrator)

    html = client.get("/admin/registrations/", {"event": ukrainian.pk}).content.decode()

    assert "Starsza" in html and "Nowsza" not in html


def test_the_event_filter_is_a_search_not_a_list_of_every_language_version(client, administrator,
                                                                           registered_in_two_events):
    older, _newer = registered_in_two_events
    translate(older, "uk")
    client.force_login(administrator)

    html = client.get("/admin/registrations/").content.decode()

    assert "/admin/events/choose/" in html
    assert not re.search(r"<option[^>]*>\s*Webinar o składkach", html)  # no option per event and language


def test_the_event_chooser_lists_each_event_once_newest_first_found_by_a_translated_title(
        client, administrator, registered_in_two_events):
    older, newer = registered_in_two_events
    ukrainian = translate(older, "uk")
    ukrainian.title = "Вебінар про внески"
    ukrainian.save_revision().publish()
    client.force_login(administrator)

    everything = client.get("/admin/events/choose/results/").content.decode()
    found = client.get("/admin/events/choose/results/", {"q": "внески"}).content.decode()

    assert everything.count("Webinar o składkach") == 2 and "Вебінар" not in everything
    assert everything.index(f"/chosen/{newer.pk}/") < everything.index(f"/chosen/{older.pk}/")
    assert f"/chosen/{older.pk}/" in found and f"/chosen/{newer.pk}/" not in found


@pytest.mark.parametrize("value", ["²", "9" * 30, "abc"])
def test_an_unusable_event_in_the_filter_is_ignored_not_a_server_error(client, administrator, value):
    client.force_login(administrator)

    assert client.get("/admin/registrations/", {"event": value}).status_code == 200


def test_the_course_editor_lists_its_sessions_with_links_to_edit_them(client, administrator, make_event, course):
    first = make_event("Spotkanie pierwsze", course=course, start=timezone.now() + timedelta(days=2))
    second = make_event("Spotkanie drugie", course=course, start=timezone.now() + timedelta(days=9))
    make_event("Inne wydarzenie")
    client.force_login(administrator)

    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()

    assert f'href="/admin/pages/{first.pk}/edit/">Spotkanie pierwsze</a>' in html
    assert f'href="/admin/pages/{second.pk}/edit/">Spotkanie drugie</a>' in html
    assert html.index("Spotkanie pierwsze") < html.index("Spotkanie drugie")
    assert "Inne wydarzenie" not in html


def test_a_course_without_sessions_says_how_to_add_one(client, administrator, course):
    client.force_login(administrator)

    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()

    assert "Kurs nie ma jeszcze spotkań" in html


def test_check_in_has_a_menu_item_for_those_with_the_check_in_right_only(client, groups, administrator):
    client.force_login(member_of(groups, "Event staff"))
    assert '"/admin/check-in/"' in client.get("/admin/").content.decode()

    client.force_login(member_of(groups, "Editors"))
    assert '"/admin/check-in/"' not in client.get("/admin/").content.decode()
    assert client.get("/admin/check-in/").status_code in (302, 403)


def test_check_in_from_the_menu_lists_in_person_events_once_and_finds_them_by_title(client, administrator,
                                                                                  make_event):
    door = make_event("Dzień otwarty w urzędzie", format=EventPage.Format.IN_PERSON)
    translate(door, "uk")
    make_event("Webinar online", format=EventPage.Format.ONLINE)
    make_event("Dawne szkolenie", format=EventPage.Format.IN_PERSON, start=timezone.now() - timedelta(days=30))
    client.force_login(administrator)

    listed = client.get("/admin/check-in/").content.decode()
    found = client.get("/admin/check-in/", {"q": "otwarty"}).content.decode()
    searched = client.get("/admin/check-in/", {"q": "nic takiego"}).content.decode()

    assert listed.count(f'href="/admin/events/{door.pk}/check-in/"') == 1
    assert "Webinar online" not in listed and "Dawne szkolenie" not in listed
    assert f'href="/admin/events/{door.pk}/check-in/"' in found
    assert "Dzień otwarty" not in searched


def test_the_event_page_shows_the_registration_deadline_in_office_time_in_the_pages_language(client, make_event):
    start = datetime(2031, 1, 20, 9, 0, tzinfo=UTC)
    event = make_event(start=start, registration_closes_at=datetime(2031, 1, 15, 21, 30, tzinfo=UTC))
    ukrainian = translate(event, "uk")

    polish = client.get(event.url).content.decode()
    in_ukrainian = client.get(ukrainian.url).content.decode()

    assert "Rejestracja do" in polish and "15 stycznia 2031 22:30" in polish  # 21:30 UTC is 22:30 in Warsaw in winter
    assert "Реєстрація до" in in_ukrainian and "22:30" in in_ukrainian


def test_without_a_closing_time_the_deadline_shown_is_the_start(client, make_event):
    event = make_event(start=datetime(2031, 7, 1, 8, 0, tzinfo=UTC))

    html = client.get(event.url).content.decode()

    assert "Rejestracja do" in html and "1 lipca 2031 10:00" in html


def copy_data(**fields):
    return {"new_title": "Webinar dla pracodawców – maj", "new_slug": "webinar-maj", "start": "2031-05-10 10:00",
            "end": "2031-05-10 12:00", "registration_opens_at": "2031-04-01 09:00",
            "registration_closes_at": "2031-05-09 23:00", "with_translations": "on", **fields}


def test_copying_an_event_asks_for_the_new_dates(client, administrator, make_event):
    event = make_event()
    client.force_login(administrator)

    html = client.get(f"/admin/pages/{event.pk}/copy/").content.decode()

    assert 'name="start"' in html and 'name="end"' in html and 'name="registration_closes_at"' in html


def test_the_copy_is_a_draft_with_the_new_dates_and_its_translations_come_along(client, administrator, make_event,
                                                                                 participant):
    event = make_event()
    ukrainian = translate(event, "uk")
    ukrainian.title = "Вебінар для роботодавців"
    ukrainian.save_revision().publish()
    register(event=event, participant=participant)
    client.force_login(administrator)

    response = client.post(f"/admin/pages/{event.pk}/copy/", copy_data())

    copy = EventPage.objects.get(slug="webinar-maj", locale__language_code="pl")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{copy.pk}/edit/"
    assert not copy.live and copy.title == "Webinar dla pracodawców – maj"
    assert timezone.localtime(copy.start).strftime("%Y-%m-%d %H:%M") == "2031-05-10 10:00"
    assert timezone.localtime(copy.registration_opens_at).strftime("%Y-%m-%d %H:%M") == "2031-04-01 09:00"
    assert timezone.localtime(copy.registration_closes_at).strftime("%Y-%m-%d %H:%M") == "2031-05-09 23:00"
    assert copy.get_latest_revision_as_object().start == copy.start  # the editor opens the new dates
    copied_translation = copy.get_translation(Locale.objects.get(language_code="uk"))
    assert copied_translation.title == "Вебінар для роботодавців" and not copied_translation.live
    assert copied_translation.specific.start == copy.start
    assert not copy.registrations.exists() and event.registrations.count() == 1


def test_the_history_of_a_copy_and_of_its_translations_starts_with_the_person_who_copied(client, administrator,
                                                                                         make_event):
    event = make_event()
    translate(event, "uk")
    client.force_login(administrator)

    client.post(f"/admin/pages/{event.pk}/copy/", copy_data())

    copies = Page.objects.filter(slug="webinar-maj")
    assert sorted(copies.values_list("locale__language_code", flat=True)) == ["pl", "uk"]
    for copy in copies:
        history = [(entry.action, entry.user) for entry in PageLogEntry.objects.filter(page=copy).order_by("pk")]
        assert history == [("wagtail.create", administrator), ("wagtail.copy", administrator)], copy.locale
        assert copy.owner == administrator
        # the old run's revisions (saved by nobody here) stay with the old page
        assert {revision.user for revision in copy.revisions.all()} == {administrator}


def test_a_translation_whose_listing_is_gone_stays_behind_and_the_others_still_come_along(client, administrator,
                                                                                          make_event, home_pages):
    event = make_event()
    orphan = translate(event, "uk")
    translate(event, "ru")
    listing = orphan.get_parent()
    orphan.move(Page.objects.get(pk=home_pages["uk"].pk), pos="last-child")
    listing.delete()
    client.force_login(administrator)

    client.post(f"/admin/pages/{event.pk}/copy/", copy_data())

    copy = EventPage.objects.get(slug="webinar-maj", locale__language_code="pl")
    assert sorted(copy.get_translations().values_list("locale__language_code", flat=True)) == ["ru"]


def test_the_translations_stay_behind_when_not_asked_for(client, administrator, make_event):
    event = make_event()
    translate(event, "uk")
    client.force_login(administrator)

    client.post(f"/admin/pages/{event.pk}/copy/", copy_data(with_translations=""))

    copy = EventPage.objects.get(slug="webinar-maj")
    assert not copy.get_translations().exists()


@pytest.mark.parametrize("fields, field", [
    ({"end": "2031-05-10 09:00"}, "end"),
    ({"start": ""}, "start"),
    ({"start": "not a date"}, "start"),
    ({"registration_closes_at": "2031-05-11 09:00"}, "registration_closes_at"),
])
def test_bad_dates_are_a_field_error_and_copy_nothing(client, administrator, make_event, fields, field):
    event = make_event()
    client.force_login(administrator)
    pages_before = EventPage.objects.count()

    response = client.post(f"/admin/pages/{event.pk}/copy/", copy_data(**fields))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert EventPage.objects.count() == pages_before


def test_a_slug_in_use_is_a_field_error(client, administrator, make_event):
    event = make_event()
    client.force_login(administrator)

    response = client.post(f"/admin/pages/{event.pk}/copy/", copy_data(new_slug=event.slug))

    assert response.status_code == 400 and "new_slug" in response.context["form"].errors


def test_pages_other_than_events_keep_wagtails_copy_form(client, administrator, course):
    client.force_login(administrator)

    html = client.get(f"/admin/pages/{course.pk}/copy/").content.decode()

    assert 'name="new_parent_page"' in html and 'name="start"' not in html
