from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "serdh.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import auditing, editorial, setup

        editorial.connect()
        auditing.connect()
        post_migrate.connect(setup.after_migrate, sender=self)
