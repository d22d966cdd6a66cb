from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "serdh.cases"
    label = "cases"
    verbose_name = _("SIMA — casos")

    def ready(self):
        from serdh.core import review

        from . import breakglass, policies  # noqa: F401  (registers the access policies)

        review.register(breakglass.review_section)
        from serdh.people import suggest

        from .selectors import services_of_persons

        suggest.register_contacts(services_of_persons)
        from serdh.core import processing as record

        from . import processing

        record.declare(processing.CASEWORK)
