from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reports.views import PERMISSION, event_report_view, programme_report_view


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/programme/", programme_report_view, name="programme_report"),
        path("reports/event/<id:event_id>/", event_report_view, name="event_report"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_programme_report_menu_item():
    # Wagtail's own "Reports" menu (shown only when one of its items is): the programme report beside its reports.
    return ReportMenuItem(_("Programme report"), reverse("programme_report"), name="programme-report",
                          icon_name="table", order=10)
