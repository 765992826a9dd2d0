"""Deployment checks of the platform's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def public_address_uses_https(app_configs, **kwargs) -> list[Warning]:
    if settings.WAGTAILADMIN_BASE_URL.startswith("https://"):
        return []
    return [Warning(f"LMS_BASE_URL is {settings.WAGTAILADMIN_BASE_URL!r}, not an https:// address.",
                    hint="Certificates carry this address in their QR codes for good, and e-mails link to it: "
                         "use the public HTTPS address of the site.",
                    id="lms.W001")]
