from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from consultations import admin_views
from events.models import EventPage
from lms.audit import describe_actions
from lms.page_buttons import PermissionPageButton

describe_actions({
    "consultation.booked": _("Booked the consultation %(target)s"),
    "consultation.cancelled": _("Cancelled the consultation %(target)s"),
    "consultation.held": _("Marked the consultation %(target)s as held"),
    "consultation.missed": _("Marked the consultation %(target)s as missed"),
    "consultation.slots_added": _("Added consultation slots for %(target)s at “%(event)s”"),
    "consultation.slot_blocked": _("Blocked the consultation slot %(target)s"),
    "consultation.slot_unblocked": _("Freed the consultation slot %(target)s"),
    "consultation.slot_moved": _("Moved the consultation slot %(target)s"),
})


@hooks.register("register_admin_urls")
def register_consultation_urls():
    return [
        path("consultations/", admin_views.open_days, name="consultation_open_days"),
        path("consultations/<id:event_id>/", admin_views.slots, name="consultation_slots"),
        path("consultations/<id:event_id>/add/", admin_views.add_slots, name="consultation_add_slots"),
        path("consultations/slot/<id:slot_id>/block/", admin_views.block_slot, name="consultation_slot_block"),
        path("consultations/slot/<id:slot_id>/move/", admin_views.move_slot, name="consultation_slot_move"),
    ]


class ConsultationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_consultations_menu_item():
    return ConsultationsMenuItem(_("Consultations"), reverse("consultation_open_days"), name="consultations",
                                 icon_name="group", order=306)


class ConsultationsHeaderButton(PermissionPageButton):
    label = _("Consultations")
    icon_name = "group"
    priority = 28
    permission = admin_views.PERMISSION


@hooks.register("register_page_header_buttons")
def consultations_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, EventPage):
        event = page.specific_deferred.canonical
        if event.kind == EventPage.Kind.OPEN_DAY:
            yield ConsultationsHeaderButton(page=page, url=reverse("consultation_slots", args=[event.pk]))
