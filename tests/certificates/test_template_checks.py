"""A certificate template is rendered with sample data before it is saved: a layout whose styles hide the
certificate's page or the participant's name is refused with a field error, and the preview says why instead of
failing."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from certificates.models import CertificateTemplate
from certificates.services import preview_pdf
from tests.certificates.test_views import _template_form

pytestmark = pytest.mark.django_db

HIDDEN_PAGE = ".certificate-page { display: none }"
HIDDEN_NAME = ".name { display: none }"
LAYOUT = '<h1 class="name">{{ participant_name }}</h1><p>{{ title }}</p>'


def layout_error(response):
    """The layout field's error, which the page shows."""
    (error,) = response.context["form"].errors.as_data()["layout"]
    assert escape(error.message) in response.content.decode()
    return error


@pytest.fixture
def editor(client, home_pages, admin_user):
    client.force_login(admin_user)
    return client


def test_a_layout_hiding_the_certificate_page_is_refused_on_add(editor):
    response = editor.post(reverse("wagtailsnippets_certificates_certificatetemplate:add"),
                           _template_form(layout=LAYOUT, styles=HIDDEN_PAGE))

    assert response.status_code == 200
    assert layout_error(response).code == "unusable_layout"
    assert not CertificateTemplate.objects.exists()


def test_a_layout_hiding_the_name_is_refused_on_edit_and_a_good_one_saved(editor):
    add_url = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    assert editor.post(add_url, _template_form(layout=LAYOUT)).status_code == 302
    template = CertificateTemplate.objects.get()
    edit_url = reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk])

    hidden = editor.post(edit_url, _template_form(layout=LAYOUT, styles=HIDDEN_NAME))
    uppercase = editor.post(edit_url, _template_form(layout=LAYOUT, styles=".name { text-transform: uppercase; "
                                                                            "letter-spacing: 0.3em }"))

    assert hidden.status_code == 200
    assert layout_error(hidden).code == "name_hidden"
    assert uppercase.status_code == 302  # shown differently, but still there
    template.refresh_from_db()
    assert "uppercase" in template.styles


def test_the_preview_of_a_broken_layout_says_why_rather_than_failing(editor):
    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_add")

    checked = editor.post(url, _template_form(layout=LAYOUT, styles=HIDDEN_PAGE))
    preview = editor.get(url)

    assert checked.json()["is_valid"] is False
    assert preview.status_code == 200 and preview["Content-Type"].startswith("text/html")


def test_a_stored_broken_template_previews_as_an_explanation(home_pages, admin_user):
    template = CertificateTemplate.objects.create(name="Zepsuty", layout=LAYOUT, styles=HIDDEN_PAGE)
    request = RequestFactory().get("/")
    request.user = admin_user

    with translation.override("en"):
        response = template.serve_preview(request, "")
        response.render()

    assert response.status_code == 400
    assert "its styles hide the page of a certificate (.certificate-page)" in response.content.decode()


def test_the_sample_check_finds_the_name_however_it_is_wrapped(home_pages):
    narrow = CertificateTemplate(name="Wąski", layout='<p style="width: 20mm">{{ participant_name }}</p>', styles="")

    assert preview_pdf(template=narrow).startswith(b"%PDF")


def test_the_demo_template_passes_the_check_in_every_language(certificate_template):
    for version in [certificate_template, *certificate_template.get_translations()]:
        assert preview_pdf(template=version).startswith(b"%PDF")


def test_the_sample_certificate_shows_sample_facts_in_the_templates_language(home_pages):
    from wagtail.models import Locale

    from tests.certificates.pdf_reading import pdf_text

    template = CertificateTemplate(name="Wzór", locale=Locale.objects.get(language_code="uk"),
                                   layout=f"{LAYOUT}<p>{{{{ number }}}} · {{{{ hours }}}}</p>", styles="")

    text = pdf_text(preview_pdf(template=template))

    with translation.override("uk"):
        title = translation.gettext("Legal employment of foreigners in Poland")
    assert title != "Legal employment of foreigners in Poland" and title in text
    assert "Олена Ковальчук-Wiśniewska" in text and "/000123" in text


def test_each_refusal_of_a_layout_names_its_cause(home_pages):
    hidden_page = CertificateTemplate(name="Bez strony", layout=LAYOUT, styles=HIDDEN_PAGE)
    hidden_name = CertificateTemplate(name="Bez nazwiska", layout=LAYOUT, styles=HIDDEN_NAME)

    with translation.override("en"):
        with pytest.raises(ValidationError) as page_refusal:
            preview_pdf(template=hidden_page)
        with pytest.raises(ValidationError) as name_refusal:
            preview_pdf(template=hidden_name)

    assert page_refusal.value.code == "unusable_layout"
    assert page_refusal.value.messages == [
        "This layout cannot be made into certificates: its styles hide the page of a certificate "
        "(.certificate-page) or cancel its page break. Remove those rules."]
    assert name_refusal.value.code == "name_hidden"
    assert name_refusal.value.messages == [
        "The participant's name does not appear in the text of the sample certificate: the styles hide "
        "{{ participant_name }}."]


def test_the_sample_is_dated_and_numbered_as_a_certificate_in_the_templates_language_would_be(home_pages):
    from django.utils import formats, timezone
    from wagtail.models import Locale

    from tests.certificates.pdf_reading import pdf_text

    template = CertificateTemplate(name="Wzór", locale=Locale.objects.get(language_code="uk"),
                                   layout=f"{LAYOUT}<p>{{{{ number }}}} · {{{{ issued_on }}}}</p>", styles="")

    text = pdf_text(preview_pdf(template=template))

    today = timezone.localdate()
    with translation.override("uk"):
        issued_on = formats.date_format(today, "j E Y")
    assert f"I3/{today.year}/000123" in text
    assert issued_on in text and issued_on != formats.date_format(today, "j E Y")


def test_a_layout_that_breaks_the_renderer_is_refused_in_words_and_logged(home_pages, monkeypatch, caplog):
    from certificates import rendering

    def broken(setup, document):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(rendering, "render_certificate", broken)
    template = CertificateTemplate(name="Zepsuty", layout=LAYOUT, styles="")
    template.save()

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        preview_pdf(template=template)

    assert refusal.value.code == "rendering_failed"
    assert refusal.value.messages == ["The sample certificate could not be rendered with this layout. Simplify its "
                                      "HTML and styles, or start again from the default layout."]
    (record,) = [record for record in caplog.records if record.name == "certificates.services"]
    assert record.getMessage() == f"certificate template {template.pk}: the sample certificate could not be rendered"
    assert record.exc_info[0] is RuntimeError
