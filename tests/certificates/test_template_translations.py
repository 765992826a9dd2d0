"""A certificate template's translation has its own name, layout, signature roles and logo names; the page, the
background, the styles and the logos' and signatures' images and names follow the Polish version."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile

from certificates.models import CertificateTemplate
from certificates.services import synchronise_template
from events.editorial import ensure_editorial_groups
from lms.models import AuditEntry
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    ensure_editorial_groups(apps)
    user = ProfileFactory(user__is_staff=False).user
    user.groups.add(Group.objects.get(name="Editors"))
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    return user


@pytest.fixture
def ukrainian_template(certificate_template) -> CertificateTemplate:
    return certificate_template.get_translation(Locale.objects.get(language_code="uk"))


def test_saving_the_source_brings_its_translations_in_line_keeping_their_roles(certificate_template,
                                                                                 ukrainian_template, editor):
    translated_signature = ukrainian_template.signatures.first()
    translated_signature.role = "Директор департаменту"
    translated_signature.save()
    certificate_template.page_size = CertificateTemplate.PageSize.A5
    certificate_template.save()
    first = certificate_template.signatures.first()
    first.name = "Anna Nowak-Kowalska"
    first.save()
    certificate_template.logos.last().delete()

    synchronise_template(template=certificate_template, actor=editor)

    ukrainian_template.refresh_from_db()
    signature = ukrainian_template.signatures.first()
    assert ukrainian_template.page_size == CertificateTemplate.PageSize.A5
    assert (signature.name, signature.role) == ("Anna Nowak-Kowalska", "Директор департаменту")
    assert signature.image_id == first.image_id
    assert ukrainian_template.logos.count() == certificate_template.logos.count()
    assert AuditEntry.objects.filter(action="translation.facts_synchronised", actor=editor,
                                     target_id=str(certificate_template.pk)).exists()


def test_the_translation_edits_roles_and_logo_names_but_not_images_or_names(client, editor, ukrainian_template):
    client.force_login(editor)

    html = client.get(f"/admin/snippets/certificates/certificatetemplate/edit/{ukrainian_template.pk}/").content.decode()

    assert 'name="signatures-0-role"' in html and 'name="logos-0-alt_text"' in html and 'name="layout"' in html
    assert 'name="signatures-0-name"' not in html and 'name="page_size"' not in html
    assert "Synchronised from the source version" in html


def test_an_editor_may_open_the_translation_of_a_template(client, editor, certificate_template):
    client.force_login(editor)

    url = f"/admin/translation/submit/snippet/certificates/certificatetemplate/{certificate_template.pk}/"

    assert client.get(url).status_code == 200


def test_editing_the_source_flags_the_translation_until_it_is_saved(client, editor, certificate_template,
                                                                     ukrainian_template):
    client.force_login(editor)
    edit_url = f"/admin/snippets/certificates/certificatetemplate/edit/{ukrainian_template.pk}/"
    up_to_date = client.get(edit_url).content.decode()

    certificate_template.save()
    flagged = client.get(edit_url).content.decode()
    ukrainian_template.save()
    saved = client.get(edit_url).content.decode()

    assert "needs an update" not in up_to_date and "needs an update" in flagged and "needs an update" not in saved


def template_form_data(template: CertificateTemplate, *, facts: bool = True, **fields) -> dict:
    """What the template's editor posts (a translation's editor sends no page size, background or styles)."""
    logos = [{"id": logo.pk, "image": logo.image_id, "alt_text": logo.alt_text, "ORDER": str(position)}
             for position, logo in enumerate(template.logos.all())]
    signatures = [{"id": signature.pk, "image": signature.image_id or "", "name": signature.name,
                   "role": signature.role, "ORDER": str(position)}
                  for position, signature in enumerate(template.signatures.all())]
    data = {"name": template.name, "layout": template.layout,
            "logos": inline_formset(logos, initial=len(logos)),
            "signatures": inline_formset(signatures, initial=len(signatures))}
    if facts:
        data.update(page_size=template.page_size, orientation=template.orientation, styles=template.styles,
                    background_image=template.background_image_id or "")
    return nested_form_data({**data, **fields})


def test_a_translation_that_changes_the_page_size_is_refused(client, editor, ukrainian_template):
    client.force_login(editor)
    before = CertificateTemplate.objects.get(pk=ukrainian_template.pk).updated_at

    response = client.post(f"/admin/snippets/certificates/certificatetemplate/edit/{ukrainian_template.pk}/",
                           template_form_data(ukrainian_template, facts=False, page_size="A5", name="Змінено"))

    assert response.status_code == 200 and "is synchronised from the source version" in response.content.decode()
    unchanged = CertificateTemplate.objects.get(pk=ukrainian_template.pk)
    assert (unchanged.page_size, unchanged.updated_at) == (CertificateTemplate.PageSize.A4, before)


def test_saving_the_source_in_the_admin_updates_its_translations(client, editor, certificate_template,
                                                                   ukrainian_template):
    client.force_login(editor)

    response = client.post(f"/admin/snippets/certificates/certificatetemplate/edit/{certificate_template.pk}/",
                           template_form_data(certificate_template, orientation="portrait"))

    assert response.status_code == 302
    assert CertificateTemplate.objects.get(pk=ukrainian_template.pk).orientation == "portrait"


def test_the_template_listing_names_translations_that_need_an_update(client, editor, certificate_template,
                                                                     ukrainian_template):
    client.force_login(editor)
    certificate_template.save()

    html = client.get("/admin/snippets/certificates/certificatetemplate/").content.decode()

    assert html.count("Needs an update: the source changed on") == 3  # en, uk, ru


def test_rows_the_source_gained_join_the_translation_with_the_sources_texts_to_translate(certificate_template,
                                                                                         ukrainian_template):
    from django.db.models.signals import post_save

    from certificates.models import CertificateLogo, CertificateSignature

    for rows in (certificate_template.logos, certificate_template.signatures):
        for sort_order, row in zip((3, 7), rows.all(), strict=True):
            type(row).objects.filter(pk=row.pk).update(sort_order=sort_order)
    ukrainian_template.logos.last().delete()
    ukrainian_template.signatures.last().delete()
    ukrainian_template.logos.update(alt_text="Міністерство")
    ukrainian_template.signatures.update(role="Директор")
    saved = []

    def note(sender, instance, **kwargs):
        saved.append(instance.template_id)

    post_save.connect(note, sender=CertificateLogo, weak=False)
    post_save.connect(note, sender=CertificateSignature, weak=False)
    try:
        synchronise_template(template=certificate_template, actor=None)
    finally:
        post_save.disconnect(note, sender=CertificateLogo)
        post_save.disconnect(note, sender=CertificateSignature)

    source_logos = list(certificate_template.logos.all())
    source_signatures = list(certificate_template.signatures.all())
    logos, signatures = list(ukrainian_template.logos.all()), list(ukrainian_template.signatures.all())
    assert [(logo.image_id, logo.alt_text, logo.sort_order) for logo in logos] == [
        (source_logos[0].image_id, "Міністерство", 3), (source_logos[1].image_id, source_logos[1].alt_text, 7)]
    assert [(row.image_id, row.name, row.role, row.sort_order) for row in signatures] == [
        (source_signatures[0].image_id, source_signatures[0].name, "Директор", 3),
        (source_signatures[1].image_id, source_signatures[1].name, source_signatures[1].role, 7)]
    assert source_logos[1].alt_text and source_signatures[1].role  # the demo's source has texts to start from
    assert certificate_template.pk not in saved  # the source is not brought in line with itself
