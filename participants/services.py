"""The participant's calendar feed: made on first view of their space, reset when its address got out."""

from django.db import transaction
from django.utils import timezone

from lms import audit
from lms.models import User
from participants.models import CalendarFeed, new_feed_token


def calendar_feed_for(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_calendar_feed(*, user: User) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on. Audited (without either token)."""
    with transaction.atomic():
        feed = calendar_feed_for(user)
        feed.token, feed.reset_at = new_feed_token(), timezone.now()
        feed.save(update_fields=["token", "reset_at"])
        audit.record(actor=user, action="calendar_feed.reset", target=feed)
    return feed
