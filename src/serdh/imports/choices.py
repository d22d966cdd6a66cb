from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SINAN = "sinan", _("Notificações de violência do SINAN")
    SPREADSHEET = "spreadsheet", _("Planilha de casos (modelo do SER-DH)")
    DISQUE100 = "disque100", _("Denúncias do Disque 100 (dados abertos)")


class Status(models.TextChoices):
    QUEUED = "queued", _("Na fila para validação")
    VALIDATING = "validating", _("Validando")
    VALIDATED = "validated", _("Validado: aguardando sua decisão")
    IMPORTING = "importing", _("Importando")
    DONE = "done", _("Importado")
    REFUSED = "refused", _("Arquivo recusado")
    CANCELLED = "cancelled", _("Nada importado, por sua decisão")
    FAILED = "failed", _("Parou por um erro interno")


class Mode(models.TextChoices):
    VALID = "valid", _("Importar as linhas válidas (as com problema ficam de fora)")
    ALL_OR_NONE = "all", _("Importar somente se todas as linhas forem válidas")


OPEN = (Status.QUEUED, Status.VALIDATING, Status.IMPORTING)
ENDED = (Status.DONE, Status.REFUSED, Status.CANCELLED, Status.FAILED)
