from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo content and development stand-ins; not part of the product."""

    name = "devtools"
