from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "serdh.workflow"
    label = "workflow"
    verbose_name = _("SIMA — trabalho da rede")

    def ready(self):
        from serdh.cases import extensions
        from serdh.core import approvals, audit, periodic
        from serdh.core import processing as record

        from . import (  # noqa: F401
            closure,
            duplicates,
            escalation,
            events,
            flags,
            households,
            notifications,
            panels,
            plans,
            policies,
            processing,
            tasks,
            team,
        )

        record.declare(processing.NETWORK_WORK)
        record.declare(processing.HOUSEHOLDS)

        audit.add_listener(events.on_audit_event)
        audit.add_listener(duplicates.on_audit_event)
        extensions.register_closure_guard(closure.guard)
        extensions.register_closure_route(panels.closure_route)
        extensions.register_panel(panels.team_panel)
        extensions.register_panel(panels.flags_panel)
        extensions.register_banner(panels.flag_banner)
        extensions.register_anonymizer(flags.anonymize)
        extensions.register_anonymizer(tasks.anonymize)
        extensions.register_panel(panels.tasks_panel)
        extensions.register_panel(panels.plan_panel)
        extensions.register_panel(panels.links_panel)
        extensions.register_anonymizer(households.anonymize)
        extensions.register_anonymizer(duplicates.anonymize)
        extensions.register_anonymizer(plans.anonymize)
        extensions.register_anonymizer(closure.anonymize)
        approvals.register(closure.approvals_section)
        approvals.register(team.approvals_section)
        periodic.register(
            "escalation",
            run_once=escalation.run,
            thread=lambda interval: periodic.Repeater("escalation", escalation.run, 3600),
        )
        periodic.register(
            "task-reminders",
            run_once=tasks.remind,
            thread=lambda interval: periodic.Repeater("task-reminders", tasks.remind, 3600),
        )
        periodic.register(
            "notification-email",
            run_once=notifications.run_once,
            thread=lambda interval: periodic.Repeater(
                "notification-email", notifications.run_once, interval
            ),
        )
