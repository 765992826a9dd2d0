"""Translations of pages and snippets (``wagtail.contrib.simple_translation``): what a translation shares with its
source, and when it needs an update.

The source is the version in the default language (Polish). A model names the fields that are facts rather than
text in ``synced_fields`` (time, place, seats …): in a translation's editor they show the source's value read-only
(``SyncedFieldPanel`` with ``SyncedFieldsFormMixin``), a form that tries to change one is refused with a message and
saves nothing, and publishing or saving any version copies the source's facts into all its translations
(``synchronise_translations``). A translation whose source was edited after the translation was last saved shows
"needs an update" (``TranslationStatusPanel``) until it is saved again."""

import copy
from datetime import datetime

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.forms.models import model_to_dict
from django.template.loader import render_to_string
from django.utils.translation import gettext
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from lms import audit
from lms.models import User


def source_of(translation: models.Model) -> models.Model | None:
    """The version in the default language; None when ``translation`` is that version or has none."""
    default = Locale.get_default()
    if translation.locale_id == default.pk:
        return None
    return type(translation)._default_manager.filter(
        translation_key=translation.translation_key, locale=default
    ).first()


def _synced_attnames(model: type[models.Model]) -> list[str]:
    return [model._meta.get_field(name).attname for name in getattr(model, "synced_fields", ())]


def synchronise_translations(version: models.Model, *, actor: User | None) -> int:
    """Copy the source's facts into every translation of ``version`` (whichever version was saved). Returns how
    many translations had different facts; those changes are audited on the source."""
    source = source_of(version) or version
    model = type(source)
    facts = {name: getattr(source, name) for name in _synced_attnames(model)}
    if not facts:
        return 0
    translations = model._default_manager.filter(translation_key=source.translation_key).exclude(pk=source.pk)
    differing = [translation.pk for translation in translations.only(*facts)
                 if any(getattr(translation, name) != value for name, value in facts.items())]
    if differing:
        model._default_manager.filter(pk__in=differing).update(**facts)
        audit.record(actor=actor, action="translation.facts_synchronised", target=source,
                     data={"translations": differing, "fields": sorted(facts)})
    return len(differing)


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    if getattr(sender, "synced_fields", None):
        synchronise_translations(instance, actor=getattr(revision, "user", None))


def synced_help() -> str:
    default = Locale.get_default()
    return gettext("Synchronised from the source version (%(language)s): change it there.") % {
        "language": default.get_display_name()}


class SyncedFieldsFormMixin:
    """For admin forms of models with ``synced_fields``: in a translation those fields are disabled and carry the
    source's values (saving writes them), and a post that changes one is refused, writing nothing."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.synced_field_names: list[str] = []
        source = source_of(self.instance) if self.instance.pk else None
        if source is None:
            return
        help_text = synced_help()
        for name in getattr(type(self.instance), "synced_fields", ()):
            if name not in self.fields:
                continue
            attname = self.instance._meta.get_field(name).attname
            # The editor opens the translation's latest revision, which may predate the source's last change.
            setattr(self.instance, attname, getattr(source, attname))
            self.initial[name] = model_to_dict(self.instance, fields=[name]).get(name)
            field = self.fields[name]
            field.disabled = True
            field.help_text = help_text
            self.synced_field_names.append(name)
        # Rows of a translation's inline panels (a certificate template's logos and signatures): their shared
        # fields follow the source's rows when saved, so they are shown read-only too.
        for formset in getattr(self, "formsets", {}).values():
            for form in formset.forms:
                for name in getattr(form._meta.model, "synced_fields", ()):
                    if name in form.fields and form.instance.pk:
                        form.fields[name].disabled = True
                        form.fields[name].help_text = help_text

    def clean(self):
        cleaned_data = super().clean()
        for name in self.synced_field_names:
            key = self.add_prefix(name)
            if key not in self.data:  # the editor sends nothing for a read-only field
                continue
            field = copy.copy(self.fields[name])
            field.disabled = False  # a disabled field never reports a change
            if field.has_changed(self.initial[name], field.widget.value_from_datadict(self.data, self.files, key)):
                self.add_error(None, gettext(
                    "“%(field)s” is synchronised from the source version (%(language)s) and cannot be changed in a "
                    "translation; change it there.") % {"field": field.label,
                                                        "language": Locale.get_default().get_display_name()})
        return cleaned_data


class SyncedFieldPanel(FieldPanel):
    """A field that a translation shows read-only with the source's value (see ``SyncedFieldsFormMixin``)."""

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            if self.bound_field is not None and self.bound_field.field.disabled:
                self.read_only = True
                self.help_text = self.bound_field.field.help_text


def _edited_at(version: models.Model) -> datetime | None:
    """When a version was last saved, read from the database (an editor's instance is a revision's copy)."""
    field = "latest_revision_created_at" if isinstance(version, Page) else "updated_at"
    return type(version)._default_manager.filter(pk=version.pk).values_list(field, flat=True).first()


def pages_needing_update(user: User, *, limit: int = 20) -> list[Page]:
    """Translated pages ``user`` may edit whose source was edited after them, most recently changed source first;
    each carries ``source_edited_at``."""
    source_edited = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale=Locale.get_default()
    ).values("latest_revision_created_at")[:1]
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return list(
        editable.exclude(locale=Locale.get_default()).annotate(source_edited_at=Subquery(source_edited))
        .filter(Q(latest_revision_created_at=None) | Q(latest_revision_created_at__lt=F("source_edited_at")),
                source_edited_at__isnull=False)
        .select_related("locale").order_by("-source_edited_at", "pk")[:limit]
    )


def needs_update_since(translation: models.Model) -> datetime | None:
    """When the source was edited, if that is after the translation was last saved; None when up to date."""
    if not translation.pk:
        return None
    source = source_of(translation)
    if source is None:
        return None
    changed, saved = _edited_at(source), _edited_at(translation)
    if changed is not None and (saved is None or changed > saved):
        return changed
    return None


class TranslationStatusPanel(HelpPanel):
    """At the top of a translation's editor: a warning when its source changed since it was last saved."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            self.changed_at = needs_update_since(self.instance) if self.instance is not None else None
            self.content = render_to_string("lms/admin/translation_status.html", {
                "changed_at": self.changed_at, "language": Locale.get_default().get_display_name()})

        def is_shown(self) -> bool:
            return self.changed_at is not None


class TranslatedPageForm(SyncedFieldsFormMixin, WagtailAdminPageForm):
    """``base_form_class`` of pages with ``synced_fields``."""
