from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from lms import checks  # noqa: F401 (registers the deployment checks)
