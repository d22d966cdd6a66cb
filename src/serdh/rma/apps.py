from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RmaConfig(AppConfig):
    name = "serdh.rma"
    label = "rma"
    verbose_name = _("Registro Mensal de Atendimentos (RMA)")

    def ready(self):
        from serdh.core import periodic

        from . import policies, services  # noqa: F401  (registers the policy)

        # On the first days of a month every CRAS and CREAS finds last month's RMA counted
        # from SIMA and waiting for review (hourly: a new unit or a late adhesion joins in);
        # coordinations are reminded when the deadline nears.
        periodic.register(
            "rma",
            run_once=services.run,
            thread=lambda interval: periodic.Repeater("rma", services.run, 3600),
        )
