from django.db import models
from django.utils.translation import gettext_lazy as _


class RmaForm(models.TextChoices):
    CRAS = "cras", _("RMA do CRAS")
    CREAS = "creas", _("RMA do CREAS")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Em revisão")
    SUBMITTED = "submitted", _("Enviado")


class Punctuality(models.TextChoices):
    """How a unit's month stands against the deadline (as DHIS2 shows reporting rates)."""

    ON_TIME = "on_time", _("Enviado no prazo")
    LATE = "late", _("Enviado com atraso")
    MISSING = "missing", _("Não enviado (prazo vencido)")
    PENDING = "pending", _("Dentro do prazo, ainda não enviado")
    NOT_EXPECTED = "not_expected", _("Não esperado (antes da adesão do município)")
