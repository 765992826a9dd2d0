"""The audit trail: every change to someone's data is recorded with who made it."""

from typing import Any

from django.db import models
from django.utils.functional import Promise

from lms.models import AuditEntry, User

# Each app names its actions as the office reads them in the audit log (lms never imports an app).
_DESCRIPTIONS: dict[str, Promise] = {}


def describe_actions(descriptions: dict[str, Promise]) -> None:
    """``descriptions`` maps an action code to a translated sentence; it may name the entry's "%(target)s" and any
    text kept in its data, e.g. "%(event)s"."""
    _DESCRIPTIONS.update(descriptions)


def describe(entry: AuditEntry) -> str:
    """The entry as a sentence naming its object ("Ended the webinar “…”"); an action nobody described, as it is."""
    description = _DESCRIPTIONS.get(entry.action)
    texts = {key: value for key, value in entry.data.items() if isinstance(value, str | int)}
    try:
        if description is not None:
            return str(description) % {**texts, "target": entry.target_repr}
    except KeyError:  # an older entry without the data the sentence names
        pass
    return f"{entry.action}: {entry.target_repr}"


def record(*, actor: User | None, action: str, target: models.Model | None,
           data: dict[str, Any] | None = None) -> AuditEntry:
    """``target`` is None for what concerns no one record (a listing of everything, a periodic job's run): the entry
    then names "*"."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "*",
        data=data or {},
    )


def record_access(*, actor: User, what: str, target: models.Model | None = None,
                  data: dict[str, Any] | None = None) -> AuditEntry:
    """Staff saw or exported personal data: ``what`` names the view (the action is "access.<what>"), ``target`` the
    person or event it was about (None: a listing of everyone)."""
    return record(actor=actor, action=f"access.{what}", target=target, data=data)
