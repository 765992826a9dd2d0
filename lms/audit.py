"""The audit trail: every change to someone's data is recorded with who made it."""

from typing import Any

from django.db import models

from lms.models import AuditEntry, User


def record(*, actor: User | None, action: str, target: models.Model, data: dict[str, Any] | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        data=data or {},
    )
