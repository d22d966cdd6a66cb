from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField
from serdh.core.models import TimeStampedModel


class IncidentCriterion(models.TextChoices):
    """Regulamento de Comunicação de Incidente de Segurança (Res. CD/ANPD 15/2024), art. 4:
    an incident that may significantly affect the data subjects' interests and rights is of
    relevant risk when it also involves one of these."""

    SENSITIVE = "sensitive", _("dados pessoais sensíveis")
    VULNERABLE = "vulnerable", _("dados de crianças, adolescentes ou idosos")
    FINANCIAL = "financial", _("dados financeiros")
    AUTHENTICATION = "authentication", _("dados de autenticação em sistemas")
    SECRECY = "secrecy", _("dados protegidos por sigilo legal, judicial ou profissional")
    LARGE_SCALE = "large_scale", _("dados em larga escala")


class Incident(TimeStampedModel):
    """A security incident with personal data (LGPD art. 48; Res. CD/ANPD 15/2024).

    The register keeps every incident, communicated or not, for at least five years; the
    platform deletes none.
    """

    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(
        _("o que aconteceu"),
        help_text=_("Sem nomes nem dados das pessoas afetadas: descreva o evento."),
    )
    occurred_on = models.DateField(_("ocorreu em"), null=True, blank=True)
    known_on = models.DateField(
        _("conhecido em"),
        help_text=_("Quando se soube que dados pessoais foram afetados: o prazo conta daí."),
    )
    criteria = models.JSONField(_("critérios de risco relevante"), default=list, blank=True)
    significant_effect = models.BooleanField(
        _("pode afetar significativamente interesses e direitos dos titulares"), default=False
    )
    affected_count = models.PositiveIntegerField(_("titulares afetados (estimativa)"), default=0)
    affected_children = models.PositiveIntegerField(
        _("dos quais crianças, adolescentes ou idosos"), default=0
    )
    measures = models.TextField(_("medidas adotadas"), blank=True)
    anpd_notified_on = models.DateField(_("comunicado à ANPD em"), null=True, blank=True)
    subjects_notified_on = models.DateField(_("comunicado aos titulares em"), null=True, blank=True)
    delay_reason = models.TextField(_("motivo da demora"), blank=True)
    closed_on = models.DateField(_("encerrado em"), null=True, blank=True)
    registered_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager()

    class Meta:
        ordering = ["-known_on", "-pk"]
        verbose_name = _("incidente de segurança")
        verbose_name_plural = _("incidentes de segurança")

    def __str__(self):
        return self.title


class SubjectRequest(TimeStampedModel):
    """A data subject's request answered with a report (LGPD arts. 18-19): who asked (by the
    request's reference), for whom, why, and by whom the report was produced."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(_("referência do pedido"), max_length=100, blank=True)
    reason = models.CharField(_("motivo"), max_length=300)
    produced_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    # When the PDF was first downloaded: the full answer handed over (LGPD art. 19, II).
    answered_at = models.DateTimeField(_("respondido em"), null=True, blank=True)

    objects = RestrictedManager()

    ANSWER_DAYS = 15  # LGPD art. 19, II: the full answer within 15 days of the request

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pedido do titular")
        verbose_name_plural = _("pedidos dos titulares")

    def __str__(self):
        return f"{self.reference or self.pk}"

    @property
    def answer_due(self):
        from datetime import timedelta

        from django.utils import timezone

        return timezone.localdate(self.created_at) + timedelta(days=self.ANSWER_DAYS)


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("aguardando o serviço")
    DONE = "done", _("corrigido")
    REFUSED = "refused", _("não corrigido")


class Rectification(TimeStampedModel):
    """A request to correct data (LGPD art. 18, III), routed to the service that registered
    the case: its coordinator corrects the record and says so, or says why not."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    what = EncryptedTextField(_("o que deve ser corrigido"))
    status = models.CharField(
        _("situação"), max_length=10, choices=RectificationStatus, default=RectificationStatus.OPEN
    )
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField(_("resposta do serviço"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("pedido de retificação")
        verbose_name_plural = _("pedidos de retificação")

    def __str__(self):
        return f"{self.get_status_display()} — {self.organization}"
