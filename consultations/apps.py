from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from consultations import jobs
        from consultations.signals import on_registration_saved
        from events.models import Registration

        # events never imports this app: a cancelled registration reaches us through Django's own signal.
        post_save.connect(on_registration_saved, sender=Registration,
                          dispatch_uid="consultations.on_registration_saved")
        jobs.register()
