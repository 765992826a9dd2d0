"""The platform's own parts of the admin: the audit log (every reason staff give can be read back there) and
accounts created by administrators."""

import django_filters
from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.admin_listings import ReadOnlyModelViewSet
from lms.filters import AdminFilterSet
from lms.models import AuditEntry

register_permission_policy(AuditEntry)  # so the view permission can be given to a group in the admin


class AuditEntryFilterSet(AdminFilterSet):
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="startswith",
                                       help_text=_("What was done, or how it begins, e.g. certificate."))
    target_id = django_filters.CharFilter(label=_("Target id"))

    class Meta:
        model = AuditEntry
        fields = ["action", "target_type", "target_id"]


class AuditEntryViewSet(ReadOnlyModelViewSet):
    """Shown to those with the "view audit entry" permission (superusers by default): it holds personal data of
    everyone the office dealt with."""

    model = AuditEntry
    icon = "history"
    menu_label = _("Audit log")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "audit-log"
    filterset_class = AuditEntryFilterSet
    search_fields = ["action", "target_repr"]
    list_display = ["created_at", "actor", "action", "target_repr"]
    list_export = ["created_at", "actor", "action", "target_type", "target_id", "target_repr", "data"]
    export_filename = "audit-log"
    inspect_view_fields = ["created_at", "actor", "action", "target_type", "target_id", "target_repr", "data"]


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEntryViewSet("audit_log")


@hooks.register("after_create_user")
def vouch_for_the_address_of_an_account_created_in_the_admin(request, user):
    """Staff whom an administrator adds sign in on the public site too (to run webinars); the administrator
    vouches for the address, so no confirmation e-mail stands between them and that."""
    if user.email:
        EmailAddress.objects.update_or_create(user=user, email=user.email,
                                              defaults={"verified": True, "primary": True})
