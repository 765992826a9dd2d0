"""Admin screens of the base that are not plain listings: sending a stored e-mail again, creating a page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages import create

from lms import mail as outgoing
from lms.models import OutgoingMail


def send_mail_again(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("lms.change_outgoingmail"):
        raise PermissionDenied
    mail = get_object_or_404(OutgoingMail, pk=pk)
    back_url = reverse("outgoing_mail:index")
    title = _("Send again")
    status = 200
    if request.method == "POST":
        if outgoing.send_again(mail=mail, actor=request.user):
            messages.success(request, _("The e-mail to %(recipient)s is queued again.") % {"recipient": mail.recipients})
            return redirect(back_url)
        mail.refresh_from_db()
        messages.error(request, _("The e-mail to %(recipient)s is already on its way (%(state)s); it was not queued "
                                  "a second time.") % {"recipient": mail.recipients, "state": mail.get_state_display()})
        status = 409
    return TemplateResponse(request, "lms/admin/send_mail_again.html", {
        "mail": mail, "title": title, "header_title": title, "back_url": back_url,
        "breadcrumbs_items": [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
                              {"url": back_url, "label": _("Outgoing e-mails")}, {"url": "", "label": title}],
    }, status=status)


class PageCreateView(create.CreateView):
    """Wagtail's page creation without autosave. Its first autosave creates the page as a draft while the editor
    is still typing; an editor who then leaves the form (nothing was saved, they think) finds on the next try
    that the slug is already in use by that stray draft. A page now exists once the editor saves it; from then
    on the edit view autosaves as usual."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "autosave_enabled": False}


# Wagtail checks the right to the admin around its own URLs; this one is routed before them.
page_create = require_admin_access(PageCreateView.as_view())
