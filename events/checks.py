"""Start-up checks for the BigBlueButton connection: a misspelt checksum algorithm would otherwise surface as a
crash the first time somebody joins a webinar, and a deployment without a server as webinars nobody can join."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# What BBB accepts (it tells the algorithm by the checksum's length).
CHECKSUM_ALGORITHMS = ("sha1", "sha256", "sha384", "sha512")


@register()
def bbb_checksum_algorithm(app_configs, **kwargs) -> list[Error]:
    if settings.BBB_CHECKSUM_ALGORITHM in CHECKSUM_ALGORITHMS:
        return []
    return [Error(f"BBB_CHECKSUM_ALGORITHM is {settings.BBB_CHECKSUM_ALGORITHM!r}.",
                  hint=f"Use one of {', '.join(CHECKSUM_ALGORITHMS)}, as the BigBlueButton server's "
                       "supportedChecksumAlgorithms allows.",
                  id="events.E001")]


@register(Tags.security, deploy=True)
def bbb_server_configured(app_configs, **kwargs) -> list[Error]:
    missing = [name for name in ("BBB_URL", "BBB_SECRET") if not getattr(settings, name)]
    if not missing:
        return []
    return [Error(f"{' and '.join(missing)} not set: webinars cannot be created or joined, and BigBlueButton's "
                  "callbacks cannot be verified.",
                  hint="Point BBB_URL and BBB_SECRET at the BigBlueButton server or Scalelite/bbblb pool.",
                  id="events.E002")]
