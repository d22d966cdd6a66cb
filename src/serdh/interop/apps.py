from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "serdh.interop"
    label = "interop"
    verbose_name = _("Interoperabilidade")

    def ready(self):
        from serdh.core import audit

        from . import events, messagelog, policies  # noqa: F401  (registers the policies)

        audit.add_listener(events.on_audit_event)
        audit.register_chain("mensagens da API", messagelog.verify, messagelog.checkpoint)
