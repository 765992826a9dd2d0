from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from wagtail.signals import page_published

        from events import checks  # noqa: F401 (registers the start-up checks)
        from events import jobs

        from events.models import EventPage, Location
        from events.signals import on_event_published, on_location_saved

        page_published.connect(on_event_published, sender=EventPage, dispatch_uid="events.on_event_published")
        post_save.connect(on_location_saved, sender=Location, dispatch_uid="events.on_location_saved")
        jobs.register()
