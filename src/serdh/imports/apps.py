from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "serdh.imports"
    label = "imports"
    verbose_name = _("Importações e RMA")

    def ready(self):
        from serdh.core import periodic
        from serdh.core import processing as record

        from . import housekeeping, policies, processing  # noqa: F401  (registers the policies)

        record.declare(processing.IMPORTS)
        # A batch whose worker was killed mid-file is started again from its checkpoint; files
        # and report values past their time are removed.
        periodic.register(
            "imports",
            run_once=housekeeping.run,
            thread=lambda interval: periodic.Repeater("imports", housekeeping.run, 30),
        )
