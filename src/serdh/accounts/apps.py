from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "serdh.accounts"
    label = "accounts"
    verbose_name = _("Contas e acessos")

    def ready(self):
        from serdh.core import access
        from serdh.core import approvals as core_approvals
        from serdh.core import review as core_review

        from . import approvals, policies, selectors

        access.set_actor_resolver(selectors.actor_for_user)
        core_approvals.register(approvals.approvals_section)
        core_review.register(approvals.review_section)
        del policies
