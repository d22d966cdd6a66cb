from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "serdh.core"
    label = "core"
    verbose_name = _("Núcleo")

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            processing,
        )

        processing.declare(processing.AUDIT_TRAIL, processing.DENIALS)
