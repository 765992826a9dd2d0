from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.urls import register_converter
        from wagtail.signals import page_published

        from lms import checks  # noqa: F401 (registers the deployment checks)
        from lms import jobs
        from lms.converters import DatabaseIdConverter
        from lms.translations import on_page_published

        # Before any URL configuration is loaded: every app's URLs use it for ids.
        register_converter(DatabaseIdConverter, "id")
        jobs.register()
        # Any page with synced_fields (events, courses): publishing a version brings its translations' facts in line.
        page_published.connect(on_page_published, dispatch_uid="lms.translations.on_page_published")
