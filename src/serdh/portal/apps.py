from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "serdh.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from serdh.core import periodic

        from . import auditing, editorial, scheduling, setup

        periodic.register(
            "scheduled publishing",
            run_once=scheduling.publish_due,
            thread=lambda interval: scheduling.Scheduler(),
        )
        editorial.connect()
        auditing.connect()
        post_migrate.connect(setup.after_migrate, sender=self)
