from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "serdh.accounts"
    label = "accounts"
    verbose_name = _("Contas e acessos")

    def ready(self):
        from serdh.core import access, periodic
        from serdh.core import approvals as core_approvals
        from serdh.core import processing as record
        from serdh.core import review as core_review

        from . import approvals, policies, processing, selectors, sessions, twofactor

        record.declare(processing.ACCOUNTS)
        access.set_actor_resolver(selectors.actor_for_user)
        core_approvals.register(approvals.approvals_section)
        core_review.register(approvals.review_section)
        core_approvals.register(twofactor.approvals_section)
        core_review.register(twofactor.review_section)
        periodic.register(
            "expired sessions",
            run_once=sessions.clear_expired,
            thread=lambda interval: periodic.Repeater(
                "expired-sessions", sessions.clear_expired, 3600
            ),
        )
        del policies
