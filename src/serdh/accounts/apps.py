from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "serdh.accounts"
    label = "accounts"
    verbose_name = _("Contas e acessos")

    def ready(self):
        from serdh.core import access

        from . import policies, selectors

        access.set_actor_resolver(selectors.actor_for_user)
        del policies
