from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "serdh.people"
    label = "people"
    verbose_name = _("Pessoas")

    def ready(self):
        from serdh.core import processing as record

        from . import policies, processing  # noqa: F401  (registers the review's policies)

        record.declare(processing.REGISTRY, processing.REVIEW)

    # Who sees a person depends on the cases they take part in: the cases app, one floor up,
    # registers that policy (cases.policies.person_policy). Until it does, restrict() fails
    # closed and returns no person.
