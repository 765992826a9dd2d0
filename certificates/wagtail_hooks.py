import django_filters
from django.conf import settings
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates import admin_views
from certificates.forms import CertificateTemplateForm
from certificates.models import Certificate, CertificateTemplate
from certificates.selectors import certificates_for_staff
from certificates.services import synchronise_template
from courses.models import CoursePage
from events.choosers import EventFilter
from events.models import EventPage
from lms.admin_listings import ReadableExportIndexView, ReadOnlyModelViewSet
from lms.audit import describe_actions
from lms.filters import AdminFilterSet, filtered_id
from lms.page_buttons import PermissionPageButton

register_permission_policy(Certificate)

describe_actions({
    "certificate.issued": _("Certificate issued: %(target)s"),
    "certificate.corrected": _("Certificate corrected: %(target)s"),
    "certificate.revoked": _("Certificate revoked: %(target)s"),
    "certificate.resent": _("Certificate sent again: %(target)s"),
    "certificate.grant": _("Certificate granted by decision: %(target)s"),
    "certificate.refuse": _("Certificate refused by decision: %(target)s"),
    "certificate.decision_cleared": _("Certificate decision withdrawn: %(target)s"),
})


class CertificateFilterSet(AdminFilterSet):
    event = EventFilter()
    state = django_filters.ChoiceFilter(label=_("State"), choices=Certificate.State.choices)

    class Meta:
        model = Certificate
        fields = ["event", "course", "state"]


class CertificateIndexView(ReadableExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("superseded_by")

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        # Filtered by one event or course: its participants, verdicts and bulk issuing are one click away (event
        # staff cannot open the page editor, where the other way to that page is).
        for kind, model in (("event", EventPage), ("course", CoursePage)):
            page = model.objects.select_related("locale").filter(pk=filtered_id(self.request, kind)).first()
            if page is not None:
                page = page.canonical  # the filter takes any language version
                buttons.append(HeaderButton(_("Participants and issuing"), icon_name="group",
                                            url=reverse("certificates_for", args=[kind, page.pk])))
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_sealed:
            buttons.append(MenuItem(_("Download PDF"), reverse("certificate_download", args=[instance.code]),
                                    icon_name="download", priority=4))
        buttons.append(MenuItem(_("Verification page"), reverse("certificate_verify", args=[instance.code]),
                                icon_name="link-external", priority=5))
        if self.request.user.has_perm("certificates.change_certificate") and instance.is_current:
            buttons.append(MenuItem(_("Correct"), reverse("certificate_correct", args=[instance.pk]),
                                    icon_name="edit", priority=6))
            buttons.append(MenuItem(_("Revoke"), reverse("certificate_revoke", args=[instance.pk]),
                                    icon_name="cross", priority=7))
            if instance.is_sealed and instance.holder_id:
                buttons.append(MenuItem(_("Send again by e-mail"), reverse("certificate_resend", args=[instance.pk]),
                                        icon_name="mail", priority=8))
        return buttons


class CertificateViewSet(ReadOnlyModelViewSet):
    """Certificates are issued, corrected and revoked through the audited actions, never edited as rows."""

    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("Certificates")
    menu_order = 310
    add_to_admin_menu = True
    url_prefix = "certificates"
    index_view_class = CertificateIndexView
    filterset_class = CertificateFilterSet
    search_fields = ["number", "holder_name", "title"]
    list_display = ["number", "holder_name", "title", "status_label", "issued_at"]
    list_export = ["number", "holder_name", "title", "first_day", "last_day", "hours", "status_label", "issued_at",
                   "revocation_category", "revocation_reason", "sha256"]
    export_filename = "certificates"
    inspect_view_fields = ["number", "holder_name", "title", "first_day", "last_day", "hours", "language", "status_label",
                           "issued_at", "issued_by", "superseded_by", "correction_reason", "revoked_at",
                           "revocation_category", "revocation_reason", "sha256"]


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    edit_handler = ObjectList(CertificateTemplate.panels, base_form_class=CertificateTemplateForm)
    icon = "doc-full"
    menu_label = _("Certificate templates")
    list_display = ["name", "locale", "page_size", "orientation", "translation_status"]  # one row per language
    search_fields = ["name"]


register_snippet(CertificateTemplateViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def synchronise_certificate_template(request, instance):
    if isinstance(instance, CertificateTemplate):
        synchronise_template(template=instance, actor=request.user)


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("certificates")


@hooks.register("register_admin_urls")
def register_certificate_actions():
    return [
        path("certificates/for/<str:kind>/<id:page_id>/", admin_views.certificates_for, name="certificates_for"),
        path("certificates/for/<str:kind>/<id:page_id>/issue/", admin_views.issue, name="certificates_issue"),
        path("certificates/for/<str:kind>/<id:page_id>/decide/<id:participant_id>/<str:decision>/",
             admin_views.decide, name="certificates_decide"),
        path("certificates/<id:pk>/revoke/", admin_views.revoke, name="certificate_revoke"),
        path("certificates/<id:pk>/correct/", admin_views.correct, name="certificate_correct"),
        path("certificates/<id:pk>/resend/", admin_views.resend, name="certificate_resend"),
    ]


class CertificatesHeaderButton(PermissionPageButton):
    label = _("Certificates")
    icon_name = "doc-full-inverse"
    priority = 27
    permission = "certificates.view_certificate"


@hooks.register("register_page_header_buttons")
def certificates_button(page, user, view_name, next_url=None):
    specific = page.specific_deferred
    for kind, model in (("event", EventPage), ("course", CoursePage)):
        if isinstance(specific, model):
            yield CertificatesHeaderButton(page=page, url=reverse("certificates_for", args=[kind, specific.canonical.pk]))


class CertificatesForStaffPanel(Component):
    """On the admin home, what needs staff about certificates: issuing that failed (until a later run of the same
    event or course replaces it) and participants waiting for a grant or refusal. Shows nothing when all is well."""

    name = "certificates_for_staff"
    template_name = "certificates/admin/dashboard_panel.html"
    order = 60  # after the events of the week

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(certificates=certificates_for_staff(), office_time_zone=settings.TIME_ZONE)
        return context


@hooks.register("construct_homepage_panels")
def add_certificates_panel(request, panels):
    if request.user.has_perm("certificates.view_certificate"):
        panels.append(CertificatesForStaffPanel())
