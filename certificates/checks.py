"""Start-up checks: a certificate key setting that cannot be read is reported by ``manage.py check`` (and so
when the site starts), not by the first person who opens a verification page."""

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from certificates import signing


@register()
def signing_keys_readable(app_configs, **kwargs) -> list[Error]:
    errors = []
    try:
        signing.private_key()
    except (ImproperlyConfigured, OSError, ValueError, TypeError) as error:
        errors.append(Error(f"The certificate signing key cannot be used: {error}",
                            hint="Set LMS_CERTIFICATE_SIGNING_KEY(_FILE) to an Ed25519 private key in PEM; "
                                 "`manage.py certificate_signing_key` prints a new one.",
                            id="certificates.E001"))
    try:
        signing.retired_public_keys()
    except (OSError, ValueError, TypeError) as error:
        errors.append(Error(f"The retired certificate keys cannot be read: {error}",
                            hint="LMS_CERTIFICATE_RETIRED_PUBLIC_KEYS(_FILE) must hold Ed25519 public keys in PEM, "
                                 "as `manage.py certificate_signing_key --public` prints them.",
                            id="certificates.E002"))
    return errors
