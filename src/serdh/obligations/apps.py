from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObligationsConfig(AppConfig):
    name = "serdh.obligations"
    label = "obligations"
    verbose_name = _("SIMA — obrigações legais")

    def ready(self):
        from serdh.cases import extensions
        from serdh.core import audit, periodic
        from serdh.core import processing as record
        from serdh.workflow import tasks as workflow_tasks

        from . import (  # noqa: F401
            anonymize,
            due,
            events,
            letters,
            measures,
            panels,
            panels_letters,
            panels_measures,
            policies,
            processing,
            services,
            sinan,
        )

        record.declare(processing.LEGAL_ACTS)
        audit.add_listener(events.on_audit_event)
        extensions.register_panel(panels.obligations_panel)
        extensions.register_anonymizer(anonymize.anonymize)
        workflow_tasks.register_source(due.rows)
        # Official letters (obligations.letters).
        record.declare(processing.LETTERS)
        extensions.register_panel(panels_letters.letters_panel)
        extensions.register_anonymizer(letters.anonymize)
        # Protective measures (obligations.measures registers its rule and facts loader).
        extensions.register_panel(panels_measures.measures_panel)
        extensions.register_anonymizer(measures.anonymize)
        workflow_tasks.register_source(measures.review_rows)
        periodic.register(
            "letter-answers",
            run_once=letters.overdue_answers,
            thread=lambda interval: periodic.Repeater(
                "letter-answers", letters.overdue_answers, 3600
            ),
        )
