from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from certificates.selectors import grant_download
        from organisations.selectors import coordinates_registration_of

        grant_download(lambda user, certificate: coordinates_registration_of(user=user, certificate=certificate))
