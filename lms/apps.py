from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.urls import register_converter

        from lms import checks  # noqa: F401 (registers the deployment checks)
        from lms import jobs
        from lms.converters import DatabaseIdConverter

        # Before any URL configuration is loaded: every app's URLs use it for ids.
        register_converter(DatabaseIdConverter, "id")
        jobs.register()
