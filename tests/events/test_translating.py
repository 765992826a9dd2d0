"""Editors translate events: translations are drafts that go through moderation, share the source's facts
(shown read-only, refused when posted, copied when the source is published) and say when the source changed."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from events.editorial import ensure_editorial_groups
from events.models import EventPage
from lms.models import AuditEntry
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    ensure_editorial_groups(apps)
    return {group.name: group for group in Group.objects.all()}


def admin_user(groups, name=None):
    user = ProfileFactory(user__is_staff=False).user
    if name:
        user.groups.add(groups[name])
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    return user


@pytest.fixture
def ukrainian(db) -> Locale:
    return Locale.objects.get(language_code="uk")


@pytest.fixture
def translatable_event(make_event, event_index, ukrainian) -> EventPage:
    """A published Polish event with three seats whose listing already exists in Ukrainian."""
    index_translation = event_index.copy_for_translation(ukrainian)
    index_translation.save_revision().publish()
    return make_event("Szkolenie dla urzędów", capacity=3)


@pytest.fixture
def translation(translatable_event, ukrainian) -> EventPage:
    page = translatable_event.copy_for_translation(ukrainian)
    page.title = "Навчання для установ"
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def edit_form_data(page: EventPage, **fields) -> dict:
    """What the translation's editor posts: its texts (facts are read-only there and not sent) plus ``fields``."""
    return nested_form_data({
        "title": page.title, "slug": page.slug, "summary": page.summary, "body": streamfield([]),
        "questions": streamfield([]), "presenters": inline_formset([]), "comments": inline_formset([]), **fields,
    })


def test_an_editor_translates_an_event_into_a_draft(client, groups, translatable_event, ukrainian):
    client.force_login(admin_user(groups, "Editors"))

    editor_page = client.get(f"/admin/pages/{translatable_event.pk}/edit/")
    form = client.get(f"/admin/translation/submit/page/{translatable_event.pk}/")
    response = client.post(f"/admin/translation/submit/page/{translatable_event.pk}/", {"locales": [ukrainian.pk]})

    assert f"/admin/translation/submit/page/{translatable_event.pk}/" in editor_page.content.decode()
    assert form.status_code == 200
    draft = EventPage.objects.get(translation_key=translatable_event.translation_key, locale=ukrainian)
    assert response.status_code == 302 and response.url == f"/admin/pages/{draft.pk}/edit/"
    assert not draft.live and draft.capacity == 3


def test_an_editor_cannot_publish_a_translation_and_a_moderator_can(groups, translation):
    editor, moderator = admin_user(groups, "Editors"), admin_user(groups, "Moderators")

    assert not translation.permissions_for_user(editor).can_publish()
    assert translation.permissions_for_user(moderator).can_publish()
    assert moderator.has_perm("simple_translation.submit_translation")


def test_a_user_without_an_editorial_role_cannot_translate(client, groups, translatable_event, ukrainian):
    client.force_login(admin_user(groups, "Event staff"))

    response = client.post(f"/admin/translation/submit/page/{translatable_event.pk}/", {"locales": [ukrainian.pk]})

    assert response.status_code in (302, 403)
    assert not EventPage.objects.filter(translation_key=translatable_event.translation_key, locale=ukrainian).exists()


def test_an_editor_may_translate_locations_and_certificate_templates(client, groups, location):
    client.force_login(admin_user(groups, "Editors"))

    response = client.get(f"/admin/translation/submit/snippet/events/location/{location.pk}/")

    assert response.status_code == 200


def test_the_translation_shows_the_source_facts_read_only(client, groups, translation):
    client.force_login(admin_user(groups, "Editors"))

    html = client.get(f"/admin/pages/{translation.pk}/edit/").content.decode()

    assert "Synchronised from the source version" in html
    assert 'name="capacity"' not in html and 'name="start"' not in html
    assert 'name="summary"' in html


def test_a_translation_that_changes_seats_is_refused_and_nothing_is_written(client, groups, translation):
    client.force_login(admin_user(groups, "Editors"))
    revisions = translation.revisions.count()

    response = client.post(f"/admin/pages/{translation.pk}/edit/", edit_form_data(translation, capacity="50"))

    assert response.status_code == 200
    assert "is synchronised from the source version" in response.content.decode()
    assert translation.revisions.count() == revisions
    assert EventPage.objects.get(pk=translation.pk).capacity == 3


def test_the_ukrainian_page_shows_the_source_seats(client, translation):
    EventPage.objects.filter(pk=translation.pk).update(capacity=50)  # e.g. a translation saved before this change

    response = client.get(translation.url)

    assert response.status_code == 200 and response.context["seats_left"] == 3


def test_a_translation_saved_without_the_facts_keeps_the_source_ones(client, groups, translatable_event, translation):
    translatable_event.capacity = 7
    translatable_event.save_revision()  # a Polish draft: the published seats are still the facts
    client.force_login(admin_user(groups, "Editors"))

    response = client.post(f"/admin/pages/{translation.pk}/edit/", edit_form_data(translation, title="Нова назва"))

    assert response.status_code == 302
    saved = EventPage.objects.get(pk=translation.pk).get_latest_revision_as_object()
    assert saved.title == "Нова назва" and saved.capacity == 3


def test_publishing_the_source_copies_its_facts_into_the_translations(translatable_event, translation):
    later = translatable_event.start + timedelta(days=1)
    translatable_event.capacity, translatable_event.start, translatable_event.end = 40, later, later + timedelta(hours=1)

    translatable_event.save_revision().publish()

    copied = EventPage.objects.get(pk=translation.pk)
    assert (copied.capacity, copied.start) == (40, later)
    entry = AuditEntry.objects.get(action="translation.facts_synchronised")
    assert entry.target_id == str(translatable_event.pk) and entry.data["translations"] == [translation.pk]


def test_editing_the_source_flags_the_translation_until_it_is_saved(client, groups, translatable_event, translation):
    client.force_login(admin_user(groups, "Editors"))
    up_to_date = client.get(f"/admin/pages/{translation.pk}/edit/").content.decode()

    translatable_event.summary = "Nowy opis"
    translatable_event.save_revision(clean=False)
    flagged = client.get(f"/admin/pages/{translation.pk}/edit/").content.decode()
    client.post(f"/admin/pages/{translation.pk}/edit/", edit_form_data(translation, summary="Новий опис"))
    saved = client.get(f"/admin/pages/{translation.pk}/edit/").content.decode()

    assert "needs an update" not in up_to_date
    assert "needs an update" in flagged
    assert "needs an update" not in saved


def test_a_translation_is_as_private_as_its_source(client, translatable_event, translation):
    PageViewRestriction.objects.create(page=translatable_event, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(translation.url)

    assert response.status_code == 302 and "/login/" in response.url
    assert client.get(f"{translation.url}calendar/").status_code == 302  # its actions too (lms.page_privacy)


def test_a_course_translation_takes_its_completion_rule_from_the_source(client, groups, course, course_index,
                                                                        ukrainian):
    course_index.copy_for_translation(ukrainian).save_revision().publish()
    translated = course.copy_for_translation(ukrainian)
    translated.save_revision().publish()
    client.force_login(admin_user(groups, "Editors"))

    html = client.get(f"/admin/pages/{translated.pk}/edit/").content.decode()
    response = client.post(f"/admin/pages/{translated.pk}/edit/", nested_form_data({
        "title": translated.title, "slug": translated.slug, "summary": translated.summary,
        "description": streamfield([]), "comments": inline_formset([]), "completion_rule": "min",
        "required_sessions": "1",
    }))

    assert 'name="completion_rule"' not in html and 'name="summary"' in html
    assert response.status_code == 200 and "is synchronised from the source version" in response.content.decode()
    assert type(translated).objects.get(pk=translated.pk).completion_rule == "all"


def test_the_dashboard_lists_translations_whose_source_changed_for_those_who_may_edit_them(
        client, groups, translatable_event, translation):
    editor = admin_user(groups, "Editors")
    client.force_login(editor)
    before = client.get("/admin/").content.decode()

    translatable_event.summary = "Nowy opis"
    translatable_event.save_revision(clean=False)
    listed = client.get("/admin/").content.decode()
    client.force_login(admin_user(groups, "Event staff"))
    not_theirs_response = client.get("/admin/")
    not_theirs = not_theirs_response.content.decode()
    client.force_login(editor)
    client.post(f"/admin/pages/{translation.pk}/edit/", edit_form_data(translation, summary="Новий опис"))
    after_saving = client.get("/admin/").content.decode()

    edit_link = f'href="/admin/pages/{translation.pk}/edit/"'
    assert "Translations that need an update" not in before
    assert "Translations that need an update" in listed and edit_link in listed and translation.title in listed
    assert not_theirs_response.status_code == 200 and "Translations that need an update" not in not_theirs
    assert "Translations that need an update" not in after_saving
