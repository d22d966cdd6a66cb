from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "serdh.cases"
    label = "cases"
    verbose_name = _("SIMA — casos")

    def ready(self):
        from . import policies  # noqa: F401  (registers the access policies)
