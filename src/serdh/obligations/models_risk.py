"""The Formulário Nacional de Avaliação de Risco on a case (Lei 14.149/2021), repeated over
time: the answers, the level SIMA's summary rule suggests, and the level the professional
decided (Parte II of the form)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class RiskLevel(models.TextChoices):
    LOW = "low", _("Baixo")
    MEDIUM = "medium", _("Médio")
    HIGH = "high", _("Elevado")


class RiskAssessment(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="risk_assessments"
    )
    victim = models.ForeignKey(
        "cases.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("vítima")
    )
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()
    form_version = models.CharField(max_length=20)
    # {question code: "yes" | "no" | "unknown"} as JSON, encrypted: the answers describe the
    # victim's life and the author's behaviour.
    answers = EncryptedTextField()
    yes_count = models.PositiveSmallIntegerField()
    severe_count = models.PositiveSmallIntegerField()
    suggested_level = models.CharField(_("nível sugerido"), max_length=8, choices=RiskLevel)
    level = models.CharField(
        _("nível avaliado pelo(a) profissional"), max_length=8, choices=RiskLevel
    )
    note = EncryptedTextField(_("avaliação do(a) profissional"), blank=True)
    urgency_before = models.CharField(max_length=10, blank=True)
    urgency_after = models.CharField(max_length=10, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        verbose_name = _("avaliação de risco")
        verbose_name_plural = _("avaliações de risco")

    def __str__(self):
        return f"{self.case_id}: {self.level} {self.assessed_at:%Y-%m-%d}"
