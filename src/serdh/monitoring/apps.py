from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "serdh.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoramento e avaliação")

    def ready(self):
        from serdh.cases import extensions
        from serdh.core import audit

        from . import facts, policies  # noqa: F401  (registers the access policies)

        audit.add_listener(facts.on_audit_event)
        extensions.register_cases_added(facts.add_cases)
