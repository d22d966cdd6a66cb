from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "serdh.network"
    label = "network"
    verbose_name = _("Rede de proteção")

    def ready(self):
        from . import policies  # noqa: F401  (registers the access policies)
