"""The editorial and staff roles and their permissions. Run by data migrations (with historical models) and
by tests after a transactional flush; safe to run again.

Editors draft and submit, Moderators approve and publish (Wagtail's moderation workflow; Wagtail's own
migrations create both groups with page permissions on the tree root), Event staff handle registrations and
attendance; both see the programme report (reports/). Editors and Moderators may translate pages and snippets (``wagtail.contrib.simple_translation``): a
translation starts as a draft, goes through the same moderation, and shares its facts with the source
(lms/translations.py). "Office staff" confirms who works at the office (internal events take only them); it grants nothing
in the admin."""

from django.utils.translation import gettext_noop

GROUP_MODEL_PERMISSIONS = {
    "Editors": [
        ("events", "location", ["add", "change", "view"]),
        ("certificates", "certificatetemplate", ["add", "change", "view"]),
    ],
    "Moderators": [
        ("events", "location", ["add", "change", "delete", "view"]),
        ("certificates", "certificatetemplate", ["add", "change", "delete", "view"]),
        ("events", "registration", ["view"]),
        ("events", "attendance", ["view"]),
    ],
    "Event staff": [
        ("events", "registration", ["view", "change"]),
        ("events", "attendance", ["view", "change"]),
        ("courses", "enrolment", ["view"]),
        ("certificates", "certificate", ["view", "add", "change"]),
        ("certificates", "certificatedecision", ["view", "add", "change", "delete"]),
        ("organisations", "organisation", ["view", "change"]),
    ],
}
# Rights that are not a model's add/change/delete/view: (app label, codename).
GROUP_OTHER_PERMISSIONS = {
    "Editors": [("simple_translation", "submit_translation")],
    "Moderators": [("simple_translation", "submit_translation"), ("reports", "view_programme_report")],
    "Event staff": [("reports", "view_programme_report")],
}
OFFICE_STAFF_GROUP = "Office staff"
# Names are data and stay English (code finds groups by them); the admin shows them translated (lms.admin_groups).
GROUP_NAMES_TO_TRANSLATE = (gettext_noop("Event staff"), gettext_noop("Office staff"))
PAGE_PERMISSIONS = {"Editors": ["add", "change"], "Moderators": ["add", "change", "publish"]}


def ensure_editorial_groups(apps, schema_editor=None) -> None:
    """``apps`` is a migration's historical registry or the live one. Permissions of models that do not exist
    yet at that point of the migration history are skipped; a later migration runs this again."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; a data migration needs them now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    root = Page.objects.filter(depth=1).first()

    Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)
    for name, model_permissions in GROUP_MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        for app_label, model, actions in model_permissions:
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions]
            ))
        for app_label, codename in GROUP_OTHER_PERMISSIONS.get(name, []):
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        for action in PAGE_PERMISSIONS.get(name, []) if root else []:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
