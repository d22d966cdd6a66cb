from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """LGPD: the record of processing, the incident register (and, next, the data subject's
    report and retention). Sits beside workflow/obligations: it reads cases and people."""

    name = "serdh.privacy"
    label = "privacy"
    verbose_name = _("Proteção de dados (LGPD)")

    def ready(self):
        from serdh.core import approvals, periodic

        from . import policies, retention, subject  # noqa: F401  (registers the policies)

        approvals.register(subject.approvals_section)
        from serdh.core import processing as record

        from . import processing

        record.declare(processing.SUBJECT_RIGHTS, processing.INCIDENTS)

        periodic.register(
            "retention",
            run_once=retention.run_once,
            thread=lambda interval: periodic.Repeater("retention", retention.run_once, 86400),
        )
