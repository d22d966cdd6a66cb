from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "serdh.imports"
    label = "imports"
    verbose_name = _("Importações e RMA")

    def ready(self):
        from serdh.core import periodic

        from . import policies, services  # noqa: F401  (registers the access policies)

        # A batch whose worker was killed mid-file is started again from its checkpoint.
        periodic.register(
            "imports",
            run_once=services.resume_stalled,
            thread=lambda interval: periodic.Repeater("imports", services.resume_stalled, 30),
        )
