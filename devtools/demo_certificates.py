"""Demo certificate template (four languages, with generated artwork) and certificates for the past webinar,
so `make run` shows a certificate on the demo participants' "My certificates" page."""

from io import BytesIO

from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Locale, Page

from certificates.layouts import LAYOUTS
from certificates.models import CertificateLogo, CertificateSignature, CertificateTemplate
from certificates.services import issue_for_event
from devtools import certificate_art
from events.models import Attendance, EventPage, Registration
from lms.models import User

TEMPLATE_NAMES = {
    "pl": "Zaświadczenie o udziale w szkoleniu",
    "en": "Certificate of attendance",
    "uk": "Сертифікат про участь у навчанні",
    "ru": "Сертификат об участии в обучении",
}
LOGOS = [("Urząd Wojewódzki", "UW", (12, 60, 105)), ("Wydział Spraw Cudzoziemców", "WSC", (150, 30, 40))]
SIGNATURES = [("Anna Nowak", "Dyrektor Wydziału Spraw Cudzoziemców"), ("Jan Kowalski", "Prowadzący szkolenie")]
# The organisations' names (the logos' text alternatives) and the signatories' roles in each translation.
TRANSLATED_LOGOS = {
    "en": ["Voivodeship Office", "Foreigners' Department"],
    "uk": ["Воєводське управління", "Відділ у справах іноземців"],
    "ru": ["Воеводское управление", "Отдел по делам иностранцев"],
}
TRANSLATED_ROLES = {
    "en": ["Director of the Foreigners' Department", "Trainer"],
    "uk": ["Директорка Відділу у справах іноземців", "Викладач навчання"],
    "ru": ["Директор Отдела по делам иностранцев", "Преподаватель"],
}
# Who attended the past webinar, and for how many of its 60 minutes.
PAST_ATTENDANCE = {"pracodawca@example.org": 55, "nauczyciel3@example.org": 58}


def _image(title: str, data: bytes, filename: str) -> Image:
    image = Image.objects.filter(title=title).first()
    return image or Image.objects.create(title=title, file=ImageFile(BytesIO(data), name=filename))


def certificate_template(locales: dict[str, Locale]) -> CertificateTemplate:
    template = CertificateTemplate.objects.filter(locale=locales["pl"], name=TEMPLATE_NAMES["pl"]).first()
    if template is None:
        background = _image("Tło zaświadczenia (demo)", certificate_art.background_jpeg(), "tlo-zaswiadczenia.jpg")
        template = CertificateTemplate.objects.create(
            locale=locales["pl"], name=TEMPLATE_NAMES["pl"], layout=LAYOUTS["pl"], background_image=background,
        )
        # sort_order as the admin's inline panels set it: without it the order is the database's to choose, and
        # PostgreSQL changes it when rows are updated.
        for order, (alt_text, label, colour) in enumerate(LOGOS):
            logo = _image(f"Logo {label} (demo)", certificate_art.logo_png(label, colour), f"logo-{label.lower()}.png")
            CertificateLogo.objects.create(template=template, image=logo, alt_text=alt_text, sort_order=order)
        for order, (name, role) in enumerate(SIGNATURES):
            signature = _image(f"Podpis: {name} (demo)", certificate_art.signature_png(name), "podpis.png")
            CertificateSignature.objects.create(template=template, image=signature, name=name, role=role,
                                                sort_order=order)
        template = CertificateTemplate.objects.get(pk=template.pk)
    for code, locale in locales.items():
        if code != "pl" and not template.has_translation(locale):
            translated = template.copy_for_translation(locale)
            translated.name, translated.layout = TEMPLATE_NAMES[code], LAYOUTS[code]
            for logo, alt_text in zip(translated.logos.all(), TRANSLATED_LOGOS[code], strict=True):
                logo.alt_text = alt_text
            for signature, role in zip(translated.signatures.all(), TRANSLATED_ROLES[code], strict=True):
                signature.role = role
            translated.save()
    return template


def use_template(pages: list[Page], template: CertificateTemplate) -> None:
    """Pages loaded before certificates existed get the template through a published revision."""
    for page in pages:
        if page.certificate_template_id is None:
            page.certificate_template = template
            page.save_revision().publish()


def certificates_for_past_webinar(event: EventPage, participants: dict[str, User]) -> int:
    for email, minutes in PAST_ATTENDANCE.items():
        registration, _created = Registration.objects.get_or_create(
            event=event, participant=participants[email],
            defaults={"state": Registration.State.CONFIRMED, "confirmed_at": event.start - timezone.timedelta(days=3)},
        )
        length = int((event.end - event.start).total_seconds() // 60)
        Attendance.objects.get_or_create(registration=registration, defaults={
            "minutes_present": minutes, "percent_present": round(100 * minutes / length),
            "source": Attendance.Source.ANALYTICS,
            "intervals": [[event.start.isoformat(), (event.start + timezone.timedelta(minutes=minutes)).isoformat()]],
        })
    return issue_for_event(event=event).created
