"""Who may do what in the Wagtail admin, and where each page type may live."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow

from courses.models import CourseIndexPage, CoursePage
from events.models import EventIndexPage, EventPage
from lms.models import HomePage, StandardPage
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def member(group_name: str):
    user = ProfileFactory().user
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_editors_draft_and_submit_but_only_moderators_publish(event):
    editor, moderator = member("Editors"), member("Moderators")

    editor_permissions = event.permissions_for_user(editor)
    moderator_permissions = event.permissions_for_user(moderator)

    assert editor_permissions.can_edit() and not editor_permissions.can_publish()
    assert moderator_permissions.can_edit() and moderator_permissions.can_publish()
    assert editor.has_perm("wagtailadmin.access_admin") and editor.has_perm("events.add_location")
    assert not editor.has_perm("events.view_registration")


def test_moderation_workflow_applies_to_the_whole_site(event):
    workflow = event.get_workflow()

    assert isinstance(workflow, Workflow) and workflow.active
    (task,) = workflow.tasks.specific()
    assert set(task.groups.values_list("name", flat=True)) == {"Moderators"}


def test_event_staff_handle_registrations_without_editing_pages(event):
    staff = member("Event staff")

    assert staff.has_perm("events.change_registration")
    assert not event.permissions_for_user(staff).can_edit()


@pytest.mark.parametrize(
    ("child", "allowed_parents"),
    [
        (EventPage, {EventIndexPage}),
        (CoursePage, {CourseIndexPage}),
        (EventIndexPage, {HomePage}),
        (CourseIndexPage, {HomePage}),
        (StandardPage, {HomePage, StandardPage}),
    ],
)
def test_tree_rules(child, allowed_parents):
    assert set(child.allowed_parent_page_models()) == allowed_parents


def test_event_and_course_pages_have_no_children():
    assert EventPage.allowed_subpage_models() == [] and CoursePage.allowed_subpage_models() == []


def test_home_page_lives_only_at_the_top(home_pages):
    assert HomePage.allowed_parent_page_models() == [Page]
