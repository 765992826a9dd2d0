from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from events import checks  # noqa: F401 (registers the start-up checks)
        from events import jobs

        from events.models import EventPage
        from events.signals import on_event_published

        page_published.connect(on_event_published, sender=EventPage, dispatch_uid="events.on_event_published")
        jobs.register()
