from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from certificates.selectors import grant_download
        from organisations.selectors import coordinates_registration_of

        grant_download(lambda user, certificate: coordinates_registration_of(user=user, certificate=certificate))

        from participants.signals import account_erased
        from organisations.services import forget_erased_person

        account_erased.connect(forget_erased_person, dispatch_uid="organisations.forget_erased_person")
