from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "serdh.interop"
    label = "interop"
    verbose_name = _("Interoperabilidade")

    def ready(self):
        from serdh.core import approvals as core_approvals
        from serdh.core import audit, health, periodic
        from serdh.core import processing as record
        from serdh.core import review as core_review

        from . import approvals, events, messagelog, policies, processing, webhooks  # noqa: F401
        from . import health as webhooks_health

        record.declare(processing.EXCHANGE)
        audit.add_listener(events.on_audit_event)
        core_approvals.register(approvals.approvals_section)
        core_review.register(approvals.review_section)
        periodic.register(
            "webhooks",
            run_once=webhooks.deliver_due,
            thread=lambda interval: webhooks.Dispatcher(interval=interval),
        )
        audit.register_chain("mensagens da API", messagelog.verify, messagelog.checkpoint)
        health.register("webhook_dead_letters", webhooks_health.dead_letters)
