from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from certificates import checks  # noqa: F401 (registers the start-up checks)
        from certificates import jobs
        from certificates.signals import on_attendance_recorded
        from events.signals import attendance_recorded

        attendance_recorded.connect(on_attendance_recorded, dispatch_uid="certificates.on_attendance_recorded")
        jobs.register()
