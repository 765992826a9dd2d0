"""Copying an event for its next run: the same page with new dates, as a draft, its translations along."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from events.models import EventPage
from lms.models import User


@dataclass(frozen=True)
class NewRun:
    title: str
    slug: str
    start: datetime
    end: datetime
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None

    def dates(self) -> dict:
        return {"start": self.start, "end": self.end, "registration_opens_at": self.registration_opens_at,
                "registration_closes_at": self.registration_closes_at}


def copy_event(*, event: EventPage, actor: User, run: NewRun, with_translations: bool) -> EventPage:
    """Copy the event (its default-language page, which holds the facts) beside itself with the new title, slug
    and dates, unpublished; with ``with_translations`` each translation is copied too, as a draft translation of
    the copy. Registrations, attendance and the webinar room belong to the old run and stay there."""
    source = event.canonical
    with transaction.atomic():
        copy = source.copy(to=source.get_parent(), update_attrs={"title": run.title, "slug": run.slug, **run.dates()},
                           keep_live=False, copy_revisions=False, user=actor).specific
        copy.save_revision(user=actor, log_action=False)
        if with_translations:
            for translation in source.get_translations().select_related("locale").specific():
                parent = source.get_parent().get_translation_or_none(translation.locale)
                if parent is None:  # a translation whose listing is gone has nowhere to go
                    continue
                translated = translation.copy(
                    to=parent, keep_live=False, copy_revisions=False, user=actor,
                    update_attrs={"translation_key": copy.translation_key, "slug": run.slug, **run.dates()},
                )
                translated.specific.save_revision(user=actor, log_action=False)
    return copy
