from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who runs the site and where its legally required pages are; editable in the admin."""

    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("privacy notice page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("accessibility statement page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("privacy_page"),
        FieldPanel("accessibility_page"),
    ]

    class Meta:
        verbose_name = _("site settings")
