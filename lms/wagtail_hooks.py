"""The platform's own parts of the admin: the audit log (every reason staff give can be read back there), outgoing
e-mail (what was sent, what is still being tried, what was given up) and accounts created by administrators."""

import django_filters
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.permissions import register_permission_policy

from lms import admin_views
from lms.admin_listings import ReadableExportIndexView, ReadOnlyModelViewSet
from lms.audit import describe_actions, record_access
from lms.choosers import person_chooser_viewset
from lms.filters import AdminFilterSet
from lms.models import AuditEntry, OutgoingMail, SiteSettings
from lms.selectors import given_up_mail_count
from lms.services import profile_fill_for_office_staff
from lms.translations import pages_needing_update

# So the view permission (and, for mail, "change" to send again) can be given to a group in the admin.
register_permission_policy(AuditEntry)
register_permission_policy(OutgoingMail)


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
    list_display = ["created_at", "actor", "description"]
    list_export = ["created_at", "actor", "action", "target_type", "target_id", "target_repr", "data"]
    export_filename = "audit-log"
    inspect_view_fields = ["created_at", "actor", "description", "target_type", "target_id", "data"]


describe_actions({
    "mail.sent_again": _("E-mail sent again: %(target)s"),
    "profile.created": _("Profile created: %(target)s"),
    "profile.updated": _("Profile changed: %(target)s"),
    "profile.filled_for_office_staff": _("Profile filled in as office staff: %(target)s"),
    "translation.facts_synchronised": _("Translation brought in line with its source: %(target)s"),
    "access.profile.viewed": _("Opened the account of %(target)s"),
})


@hooks.register("before_edit_user")
def record_opening_an_account(request, user):
    """An administrator opening a person's account (name, e-mail, groups) is recorded when the form is shown."""
    if request.method == "GET":
        record_access(actor=request.user, what="profile.viewed", target=user)


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEntryViewSet("audit_log")


class OutgoingMailFilterSet(AdminFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=OutgoingMail.State.choices)

    class Meta:
        model = OutgoingMail
        fields = ["state"]


class OutgoingMailIndexView(ReadableExportIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.may_be_sent_again() and self.request.user.has_perm("lms.change_outgoingmail"):
            buttons.append(MenuItem(_("Send again"), reverse("outgoing_mail_send_again", args=[instance.pk]),
                                    icon_name="mail", priority=5))
        return buttons


class OutgoingMailViewSet(ReadOnlyModelViewSet):
    """Every e-mail the platform owes someone, for administrators (or a group given the right): they hold
    personal data. Failed ones show their last error; given-up ones can be sent again."""

    model = OutgoingMail
    icon = "mail"
    menu_label = _("Outgoing e-mails")
    menu_order = 910
    add_to_admin_menu = True
    url_prefix = "outgoing-mail"
    index_view_class = OutgoingMailIndexView
    filterset_class = OutgoingMailFilterSet
    search_fields = ["subject"]
    ordering = ["-created_at"]
    list_display = ["created_at", "recipients", "subject", "state", "attempts", "next_attempt_at"]
    list_export = ["created_at", "recipients", "subject", "state", "attempts", "last_error", "sent_at"]
    export_filename = "outgoing-mail"
    inspect_view_fields = ["created_at", "recipients", "subject", "state", "attempts", "last_error", "next_attempt_at",
                           "retry_until", "sent_at", "body_text"]


@hooks.register("register_admin_viewset")
def register_outgoing_mail():
    return OutgoingMailViewSet("outgoing_mail")


class GivenUpMailPanel(Component):
    """On the admin home, for those who may see outgoing e-mail: how many mails were given up, with the way to
    the listing where they can be sent again. Shows nothing when there are none."""

    name = "given_up_mail"
    template_name = "lms/admin/dashboard_given_up_mail.html"
    order = 70

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["given_up"] = given_up_mail_count()
        return context


class TranslationsToUpdatePanel(Component):
    """On the admin home, for editors: translated pages whose Polish version changed after them, with a link to
    each translation's editor. Shows nothing when all are up to date."""

    name = "translations_to_update"
    template_name = "lms/admin/dashboard_translations.html"
    order = 80

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pages"] = pages_needing_update(self.user)
        return context


@hooks.register("construct_homepage_panels")
def add_translations_to_update_panel(request, panels):
    panels.append(TranslationsToUpdatePanel(request.user))


@hooks.register("construct_homepage_panels")
def add_given_up_mail_panel(request, panels):
    if request.user.has_perm("lms.view_outgoingmail"):
        panels.append(GivenUpMailPanel())


@hooks.register("register_admin_viewset")
def register_person_chooser():
    return person_chooser_viewset


@hooks.register("register_admin_urls")
def register_outgoing_mail_actions():
    return [path("outgoing-mail/<id:pk>/send-again/", admin_views.send_mail_again, name="outgoing_mail_send_again")]


@hooks.register("after_create_user")
def vouch_for_the_address_of_an_account_created_in_the_admin(request, user):
    """Staff whom an administrator adds sign in on the public site too (to run webinars); the administrator
    vouches for the address, so no confirmation e-mail stands between them and that."""
    if user.email:
        EmailAddress.objects.update_or_create(user=user, email=user.email,
                                              defaults={"verified": True, "primary": True})


@hooks.register("after_create_user")
def fill_in_the_profile_of_an_account_created_in_the_admin(request, user):
    """Such accounts are the office's own people: they are not asked the public "who are you" questions before
    they can open an event page they present or run."""
    site_settings = SiteSettings.for_request(request)
    with translation.override(settings.LANGUAGE_CODE):  # stored data, in the office's language
        department = site_settings.organisation_name or gettext("Office")
    profile_fill_for_office_staff(user=user, actor=request.user, department=department)
