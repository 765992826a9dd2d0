"""From our records to what the renderer needs: the template's page setup and images, and one filled-in
layout per certificate (in the certificate's language)."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.models import Locale

from certificates import rendering
from certificates.models import Certificate, CertificateTemplate
from certificates.placeholders import fill
from events.notifications import absolute_url

BACKGROUND_RENDITION = "max-2480x2480|format-jpeg|jpegquality-85"
LOGO_RENDITION = "max-800x800"
SIGNATURE_RENDITION = "max-900x400"


def template_in(template: CertificateTemplate, language: str) -> CertificateTemplate:
    """The template's version in ``language``, or the template itself when there is none."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = template.get_translation_or_none(locale) if locale is not None else None
    return translated or template


def template_language(template: CertificateTemplate) -> str:
    """The language of a template version (one not saved yet, as in the admin preview, may have no locale)."""
    return template.locale.language_code if template.locale_id else settings.LANGUAGE_CODE


def _image_bytes(image, spec: str) -> bytes:
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as handle:
        return handle.read()


def page_setup(template: CertificateTemplate) -> rendering.PageSetup:
    assets = {}
    for index, logo in enumerate(template.logos.all()):
        assets[f"logo-{index}"] = _image_bytes(logo.image, LOGO_RENDITION)
    for index, signature in enumerate(template.signatures.all()):
        if signature.image_id:
            assets[f"signature-{index}"] = _image_bytes(signature.image, SIGNATURE_RENDITION)
    background = _image_bytes(template.background_image, BACKGROUND_RENDITION) if template.background_image_id else None
    language = template_language(template)
    with translation.override(language):
        qr_alt = _("QR code that opens this certificate's verification page")
    return rendering.PageSetup(size=template.page_size, orientation=template.orientation, css=template.styles,
                               background=background, assets=assets, language=language, qr_alt=qr_alt)


def _shared_markup(template: CertificateTemplate) -> dict[str, str]:
    # Every image gets a text alternative: the PDF is tagged for screen readers, which announce figures.
    logos = format_html_join(
        "", '<img class="logo" src="asset:logo-{}" alt="{}">',
        ((index, logo.alt_text or logo.image.title) for index, logo in enumerate(template.logos.all())),
    )
    with translation.override(template_language(template)):
        signatures = format_html_join("", "{}", (
            (format_html(
                '<div class="signature">{}<div class="line">{}<br>{}</div></div>',
                format_html('<img src="asset:signature-{}" alt="{}">', index,
                            _("Signature: %(name)s") % {"name": signature.name}) if signature.image_id else "",
                signature.name, signature.role,
            ),)
            for index, signature in enumerate(template.signatures.all())
        ))
    return {"logos": str(logos), "signatures": str(signatures)}


def verification_path(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        return reverse("certificate_verify", kwargs={"code": certificate.code})


def verification_url(certificate: Certificate) -> str:
    return absolute_url(verification_path(certificate))


def qr_target(certificate: Certificate) -> str:
    """What the QR code holds: a short address that opens the verification page, carrying the signed payload
    for offline checks. (Certificates printed before the packed payload hold the verification page's address
    with ``?p=<payload>``; both still open the page.)"""
    return absolute_url(reverse("certificate_verify_scanned", kwargs={"payload": certificate.payload}))


def printed_address(address: str, code: str) -> str:
    """The verification address as printed: a line may break only after one of its slashes, and the code, in a
    monospaced font, never breaks (its hyphens group it for retyping, they are no places to break)."""
    base, found, rest = address.rpartition(code)
    if not found:
        base, rest = address, ""
    parts = [f'<span class="{rendering.UNBROKEN_CLASS}">{escape(part)}/</span><wbr>'
             for part in base.rstrip("/").split("/")]
    code_markup = f'<span class="{rendering.VERIFICATION_CODE_CLASS}">{escape(code)}</span>' if found else ""
    return "".join(parts) + code_markup + escape(rest)


def period_text(certificate: Certificate, language: str | None = None) -> str:
    """When the training took place, in ``language`` (the certificate's own by default, as printed on it)."""
    with translation.override(language or certificate.language):
        first = formats.date_format(certificate.first_day, "j E Y")
        if certificate.first_day == certificate.last_day:
            return first
        return f"{first} – {formats.date_format(certificate.last_day, 'j E Y')}"


def _values(certificate: Certificate, address: str) -> dict[str, str]:
    with translation.override(certificate.language):
        issued_on = formats.date_format(timezone.localdate(certificate.issued_at), "j E Y")
        hours = formats.number_format(certificate.hours, decimal_pos=1 if certificate.hours % 1 else 0)
    return {
        "participant_name": certificate.holder_name,
        "title": certificate.title,
        "dates": period_text(certificate),
        "hours": hours,
        "number": certificate.number,
        "issued_on": issued_on,
        "verification_url": address,
        "qr_code": rendering.QR_CODE_SLOT,
    }


class Composer:
    """Fills one template version for many certificates; the shared parts (images, logos, signatures) once."""

    def __init__(self, template: CertificateTemplate) -> None:
        self.template = template
        self.setup = page_setup(template)
        self.shared = _shared_markup(template)

    def document(self, certificate: Certificate) -> rendering.CertificateDocument:
        address = verification_url(certificate)
        target = qr_target(certificate)
        html = fill(self.template.layout, {**self.shared, **_values(certificate, address)},
                    markup_between_tags={"verification_url": printed_address(address, certificate.code)})
        return rendering.CertificateDocument(
            html=html, title=f"{certificate.title} – {certificate.holder_name}",
            metadata={"CertificateNumber": certificate.number, "CertificatePayload": certificate.payload,
                      "CertificateVerificationUrl": target},
            qr_text=target,
        )
