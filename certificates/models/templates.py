from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin, TranslatableMixin
from wagtail.search import index

from certificates.layouts import DEFAULT_CSS, DEFAULT_LAYOUT
from certificates.placeholders import describe, layout_errors, styles_errors
from lms.translations import SyncedFieldPanel, TranslationStatusPanel, needs_update_since


class CertificateTemplate(TranslatableMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    """How a certificate looks: an HTML layout with placeholders, a background, logos and signatures.
    One version per language (Wagtail translations of the snippet); a certificate uses the version in the
    participant's language, or the default-language one. A translation has its own name, layout, signature roles
    and logo names; the rest is the source's (lms.translations, certificates.services.synchronise_template)."""

    class PageSize(models.TextChoices):
        A4 = "A4", "A4"
        A5 = "A5", "A5"
        LETTER = "letter", _("US Letter")

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    name = models.CharField(_("name"), max_length=200, help_text=_("For editors; not printed."))
    layout = models.TextField(
        _("layout (HTML)"), default=DEFAULT_LAYOUT,
        help_text=lazy(lambda: _("HTML of one certificate. Placeholders: %(placeholders)s.")
                       % {"placeholders": describe()}, str)(),
    )
    styles = models.TextField(_("styles (CSS)"), blank=True, default=DEFAULT_CSS)
    page_size = models.CharField(_("page size"), max_length=10, choices=PageSize.choices, default=PageSize.A4)
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    background_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("background image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Covers the whole page."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)  # tells translations their source changed

    synced_fields = ["page_size", "orientation", "background_image", "styles"]
    panels = [
        TranslationStatusPanel(),
        FieldPanel("name"),
        FieldRowPanel([SyncedFieldPanel("page_size"), SyncedFieldPanel("orientation")]),
        SyncedFieldPanel("background_image"),
        MultiFieldPanel([FieldPanel("layout"), SyncedFieldPanel("styles")], heading=_("Layout")),
        InlinePanel("logos", label=_("Logos")),
        InlinePanel("signatures", label=_("Signatures")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @admin.display(description=_("translation"))
    def translation_status(self) -> str:
        changed_at = needs_update_since(self)
        if changed_at is None:
            return ""
        return _("Needs an update: the source changed on %(date)s") % {
            "date": date_format(timezone.localtime(changed_at), "DATETIME_FORMAT")}

    def clean(self) -> None:
        super().clean()
        errors = {field: problems for field, problems in
                  (("layout", layout_errors(self.layout)), ("styles", styles_errors(self.styles))) if problems}
        if errors:
            raise ValidationError(errors)

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        from certificates.services import preview_pdf

        try:
            pdf = preview_pdf(template=self)
        except ValidationError as error:
            return TemplateResponse(request, "certificates/admin/preview_error.html",
                                    {"problems": error.messages}, status=400)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        return response


class CertificateLogo(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="logos")
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(_("name of the organisation"), max_length=200, blank=True)

    synced_fields = ["image"]
    panels = [SyncedFieldPanel("image"), FieldPanel("alt_text")]


class CertificateSignature(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatures")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("signature image"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)

    synced_fields = ["image", "name"]
    panels = [SyncedFieldPanel("image"), FieldRowPanel([SyncedFieldPanel("name"), FieldPanel("role")])]
