from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "serdh.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoramento e avaliação")

    def ready(self):
        from serdh.cases import extensions
        from serdh.core import audit, periodic

        from . import facts, policies, releases  # noqa: F401  (policies: registers them)

        audit.add_listener(facts.on_audit_event)
        extensions.register_cases_added(facts.add_cases)
        # A new open-data release when a month closes (checked hourly; most hours do nothing).
        periodic.register(
            "open-data-releases",
            run_once=releases.publish_due,
            thread=lambda interval: periodic.Repeater(
                "open-data-releases", releases.publish_due, 3600
            ),
        )
