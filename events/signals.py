"""Glue from Wagtail's publish signal to one task; the work itself is in events.services.schedule."""

from django.db import transaction


def on_event_published(sender, instance, **kwargs) -> None:
    from events.tasks import handle_event_published

    event_id = instance.pk
    transaction.on_commit(lambda: handle_event_published.enqueue(event_id=event_id))
