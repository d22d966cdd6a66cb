from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VocabulariesConfig(AppConfig):
    name = "serdh.vocabularies"
    label = "vocabularies"
    verbose_name = _("Vocabulários controlados")

    def ready(self):
        from . import policies  # noqa: F401  (registers the access policies)
