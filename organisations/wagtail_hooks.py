from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from lms.audit import describe_actions
from organisations.admin_views import organisation_review
from organisations.models import Organisation

describe_actions({
    "organisation.applied": _("Applied to register the organisation “%(target)s”"),
    "organisation.approved": _("Approved the organisation “%(target)s”"),
    "organisation.rejected": _("Rejected the organisation “%(target)s”"),
    "organisation.coordinator_approved": _("Approved %(person)s as a coordinator of “%(target)s”"),
    "organisation.invited": _("Invited a person to the roster of “%(target)s”"),
    "organisation.invitation_withdrawn": _("Withdrew an invitation to the roster of “%(target)s”"),
    "organisation.joined": _("Joined the roster of “%(target)s”"),
    "organisation.member_removed": _("Removed %(person)s from the roster of “%(target)s”"),
    "organisation.roster_imported": _("Imported the roster file %(file)s into “%(target)s”"),
    "organisation.member_registered": _("Registered %(target)s for the organisation %(organisation)s"),
    "organisation.registration_accepted": _("Accepted the place the organisation took: %(target)s"),
    "organisation.registration_declined": _("Declined the place the organisation took: %(target)s"),
    "organisation.quota_set": _("Set the seat quota of “%(target)s” for %(event)s"),
    "organisation.quota_removed": _("Removed the seat quota of “%(target)s” for %(event)s"),
})


class OrganisationIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(MenuItem(_("Review: approve, coordinators"), reverse("organisation_review", args=[instance.pk]),
                                icon_name="tick", priority=5))
        return buttons


class OrganisationViewSet(ModelViewSet):
    """Staff correct an organisation's details here; approval goes through the audited review page."""

    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 320
    add_to_admin_menu = True
    url_prefix = "organisations"
    list_display = ["name", "kind", "nip", "rspo", "town", "state"]
    list_filter = ["state", "kind"]
    search_fields = ["name", "nip", "rspo", "town"]
    form_fields = ["kind", "name", "nip", "rspo", "town"]
    index_view_class = OrganisationIndexView


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return OrganisationViewSet("organisations")


@hooks.register("register_admin_urls")
def register_organisation_review_url():
    return [path("organisations/<int:organisation_id>/review/", organisation_review, name="organisation_review")]
