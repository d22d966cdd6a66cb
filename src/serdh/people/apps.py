from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "serdh.people"
    label = "people"
    verbose_name = _("Pessoas")

    def ready(self):
        from . import policies  # noqa: F401  (registers the access policies)
