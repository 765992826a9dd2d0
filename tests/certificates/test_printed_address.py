"""Certificates read well: the verification code can be retyped from paper (Crockford's base32 in groups, typed in
any case, with spaces or O for 0) and the printed address never breaks inside the code; a translated template
names the organisation and the signatories' roles in its language."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale

from certificates import services
from certificates.documents import printed_address
from certificates.models import Certificate, CertificateTemplate
from certificates.placeholders import fill
from devtools import demo_certificates
from tests.certificates.pdf_reading import pdf_text

pytestmark = pytest.mark.django_db

GROUPED_CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}")


@pytest.fixture
def certificate(finished_event, attended, participant) -> Certificate:
    attended(finished_event, participant, 95)
    services.issue_for_event(event=finished_event)
    return Certificate.objects.get()


def test_a_new_certificate_has_a_grouped_code_that_can_be_retyped(certificate):
    assert GROUPED_CODE.fullmatch(certificate.code)


def test_the_code_is_found_as_typed_from_paper(client, certificate):
    typed = certificate.code.lower().replace("-", " ").replace("0", "o").replace("1", "l")

    response = client.get(reverse("certificate_verify", kwargs={"code": typed}))

    assert response.status_code == 200 and certificate.holder_name in response.content.decode()
    looked_up = client.get(reverse("certificate_verify_lookup"), {"code": typed}, follow=True)
    assert looked_up.status_code == 200 and certificate.holder_name in looked_up.content.decode()


def test_an_older_case_sensitive_code_is_still_found_exactly(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(code="aB-c_dEfG-hIjKlMn0pQrS")

    assert client.get(reverse("certificate_verify", kwargs={"code": "aB-c_dEfG-hIjKlMn0pQrS"})).status_code == 200
    assert client.get(reverse("certificate_verify", kwargs={"code": "AB-C_DEFG-HIJKLMN0PQRS"})).status_code == 404


def test_the_printed_address_keeps_the_code_on_one_line(certificate):
    with certificate.pdf.open("rb") as handle:
        lines = pdf_text(handle.read()).splitlines()

    assert any(certificate.code in line for line in lines), lines
    assert not any(line.rstrip().endswith("-") for line in lines)


def test_the_address_may_break_only_after_a_slash_and_stays_plain_inside_a_link():
    address = "https://szkolenia-uw.example.gov.pl/pl/certificates/verify/K3MQ-8ZDW-1TR5-0H9X-2AB7/"
    markup = printed_address(address, "K3MQ-8ZDW-1TR5-0H9X-2AB7")

    assert markup.count("<wbr>") == 6
    assert '<span class="verification-code">K3MQ-8ZDW-1TR5-0H9X-2AB7</span>/' in markup
    assert '<span class="unbroken">szkolenia-uw.example.gov.pl/</span>' in markup
    filled = fill('<a href="{{ verification_url }}">{{ verification_url }}</a>', {"verification_url": address},
                  markup_between_tags={"verification_url": markup})
    assert filled == f'<a href="{address}">{markup}</a>'


@pytest.mark.parametrize(("language", "organisation", "role"), [
    ("uk", "Воєводське управління", "Директорка Відділу у справах іноземців"),
    ("en", "Voivodeship Office", "Director of the Foreigners' Department"),
    ("ru", "Воеводское управление", "Директор Отдела по делам иностранцев"),
])
def test_the_demo_templates_translations_name_organisation_and_roles_in_their_language(
        home_pages, language, organisation, role):
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    template = demo_certificates.certificate_template(locales)

    translated = CertificateTemplate.objects.get(translation_key=template.translation_key, locale=locales[language])

    assert [logo.alt_text for logo in translated.logos.all()][0] == organisation
    assert [signature.role for signature in translated.signatures.all()][0] == role
    assert [signature.name for signature in translated.signatures.all()] == ["Anna Nowak", "Jan Kowalski"]
