from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import Locale

from certificates.layouts import LAYOUTS
from certificates.models import CertificateLogo, CertificateSignature, CertificateTemplate
from devtools import certificate_art
from events.models import Attendance, EventPage, Registration
from lms.services import profile_get_or_create
from tests.events.conftest import course, course_index, event_index, location, make_event  # noqa: F401


def wagtail_image(title: str, data: bytes, filename: str) -> Image:
    return Image.objects.create(title=title, file=ImageFile(BytesIO(data), name=filename))


@pytest.fixture
def certificate_template(home_pages) -> CertificateTemplate:
    """The realistic template: full-page background, two logos, two signatures; a Ukrainian version too."""
    template = CertificateTemplate.objects.create(
        name="Zaświadczenie", background_image=wagtail_image("Tło", certificate_art.background_jpeg(), "tlo.jpg"),
    )
    for label, colour in (("UW", (12, 60, 105)), ("WSC", (150, 30, 40))):
        CertificateLogo.objects.create(template=template, image=wagtail_image(label, certificate_art.logo_png(
            label, colour), f"{label}.png"), alt_text=label)
    for name, role in (("Anna Nowak", "Dyrektor Wydziału"), ("Jan Kowalski", "Prowadzący")):
        CertificateSignature.objects.create(template=template, name=name, role=role, image=wagtail_image(
            name, certificate_art.signature_png(name), "podpis.png"))
    ukrainian = template.copy_for_translation(Locale.objects.get(language_code="uk"))
    ukrainian.layout = LAYOUTS["uk"]
    ukrainian.save()
    return CertificateTemplate.objects.get(pk=template.pk)


@pytest.fixture
def finished_event(make_event, certificate_template) -> EventPage:  # noqa: F811
    """A webinar that ended an hour ago (two hours long) and gives certificates at 80 %."""
    event = make_event("Zatrudnianie cudzoziemców – webinar", certificate_template=certificate_template)
    start = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + timedelta(hours=2))
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def attended():
    """A confirmed registration with attendance of ``percent`` (or none when ``percent`` is None)."""

    def make(event: EventPage, user, percent: int | None, *, source: str = Attendance.Source.ANALYTICS,
             language: str = "pl") -> Registration:
        profile = profile_get_or_create(user=user)
        profile.language = language
        profile.save()
        registration = Registration.objects.create(event=event, participant=user, state=Registration.State.CONFIRMED)
        if percent is not None:
            minutes = int((event.end - event.start).total_seconds() // 60 * percent / 100)
            Attendance.objects.create(registration=registration, percent_present=percent, minutes_present=minutes,
                                      source=source)
        return registration

    return make
