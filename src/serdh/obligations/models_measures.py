"""Protective measures (issue 14): what the Conselho Tutelar and the judiciary applied, to whom,
by whom, since when and until when (ECA arts. 101, 129 and 136, III, a; Lei 11.340/2006 arts.
22 to 24), classified as SIPIA-CT does (the violated rights group, the violator), and the
Maria da Penha requests for urgent measures, which the court decides within 48 hours (Lei
11.340/2006 art. 18). The services record what was decided outside SER-DH; SIMA keeps it
with the case and derives the obligations (obligations.measures)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

USER = settings.AUTH_USER_MODEL


class AppliedBy(models.TextChoices):
    # ECA art. 136, I-III: arts. 101 I-VII, 129 I-VII and the requisitions of services.
    CONSELHO_TUTELAR = "ct", _("Conselho Tutelar")
    # ECA arts. 101 § 2º and 129 VIII-X; Lei 11.340/2006 arts. 18-24.
    JUDICIARY = "judiciary", _("Judiciário")
    # Lei 11.340/2006 art. 12-C: removal of the aggressor from the home where the municipality
    # is not the seat of a comarca.
    POLICE = "police", _("Autoridade policial (Lei 11.340/2006, art. 12-C)")


class MeasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Solicitada")  # asked of the court, not decided yet
    IN_FORCE = "in_force", _("Em vigor")  # applied and running
    DENIED = "denied", _("Indeferida")  # the court refused it
    ENDED = "ended", _("Encerrada")  # fulfilled, expired or no longer needed
    REVOKED = "revoked", _("Revogada")  # withdrawn by whoever applied it


OPEN_STATUSES = (MeasureStatus.REQUESTED, MeasureStatus.IN_FORCE)
FINAL_STATUSES = (MeasureStatus.DENIED, MeasureStatus.ENDED, MeasureStatus.REVOKED)


class Decision(models.TextChoices):
    GRANTED = "granted", _("Deferidas")
    PARTLY = "partly", _("Deferidas em parte")
    DENIED = "denied", _("Indeferidas")


class UrgentMeasureRequest(models.Model):
    """A request for Maria da Penha urgent protective measures (Lei 11.340/2006 arts. 12, III,
    and 19): when it reached the court, which court and process, and the decision (art. 18:
    within 48 hours). The measures asked for are ProtectiveMeasure rows pointing here."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="urgent_measure_requests"
    )
    victim = models.ForeignKey(
        "cases.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("ofendida")
    )
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("serviço que registrou"),
    )
    requested_at = models.DateTimeField(_("pedido feito em"))
    court = models.CharField(_("juízo (vara, comarca)"), max_length=200)
    process_number = models.CharField(_("número do processo"), max_length=40, blank=True)
    decided_at = models.DateTimeField(_("decidido em"), null=True, blank=True)
    decision = models.CharField(_("decisão"), max_length=8, choices=Decision, blank=True)
    expires_on = models.DateField(_("válidas até"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("pedido de medidas protetivas de urgência")
        verbose_name_plural = _("pedidos de medidas protetivas de urgência")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.requested_at:%d/%m/%Y}"


class ProtectiveMeasure(models.Model):
    """One measure applied (or asked for) to one party of the case."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="protective_measures"
    )
    measure = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("medida"),
    )
    party = models.ForeignKey(
        "cases.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("aplicada a")
    )
    applied_by = models.CharField(_("aplicada por"), max_length=10, choices=AppliedBy)
    # The applying body when it is a service of SER-DH (a Conselho Tutelar recording its own
    # measure); otherwise its name in ``applying_body`` ("2ª Vara de Família de Passos").
    applying_organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    applying_body = models.CharField(_("órgão que aplicou"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("serviço que registrou"),
    )
    status = models.CharField(_("situação"), max_length=10, choices=MeasureStatus)
    applied_on = models.DateField(_("aplicada em"), null=True, blank=True)
    review_on = models.DateField(_("revisar em"), null=True, blank=True)
    expires_on = models.DateField(_("válida até"), null=True, blank=True)
    ended_on = models.DateField(_("encerrada em"), null=True, blank=True)
    court = models.CharField(_("juízo (vara, comarca)"), max_length=200, blank=True)
    process_number = models.CharField(_("número do processo"), max_length=40, blank=True)
    request = models.ForeignKey(
        UrgentMeasureRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measures",
    )
    rights_group = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("direito violado"),
    )
    violator_type = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agente violador"),
    )
    note = EncryptedTextField(_("observação"), blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-applied_on", "pk"]
        verbose_name = _("medida de proteção")
        verbose_name_plural = _("medidas de proteção")
        indexes = [
            models.Index(fields=["case", "status"], name="measure_case_status"),
            models.Index(fields=["status", "review_on"], name="measure_review"),
        ]

    def __str__(self):
        return f"{self.measure} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def applier_name(self):
        if self.applying_organization_id:
            return self.applying_organization.name
        return self.applying_body
