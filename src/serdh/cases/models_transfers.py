"""Transfers of responsibility for a case between services (issue 13), and the custody the
former owner keeps. Imported by cases.models, so Django sees them as the app's models."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

from .choices import TransferStatus

USER = settings.AUTH_USER_MODEL


class CaseTransfer(models.Model):
    """A transfer of responsibility for a case (the family moved; the case passes from CRAS to
    CREAS): requested by the owning service, accepted or refused by the receiving one. It is
    not a referral: on acceptance ``Case.organization`` becomes the receiving service, and the
    former owner keeps reading what it wrote (CaseCustody)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="transfers")
    from_organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="transfers_sent"
    )
    to_organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="transfers_received",
        verbose_name=_("transferir para"),
    )
    reason = EncryptedTextField(_("motivo da transferência"))
    status = models.CharField(
        max_length=10, choices=TransferStatus, default=TransferStatus.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = EncryptedTextField(_("motivo da decisão"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("transferência de responsabilidade")
        verbose_name_plural = _("transferências de responsabilidade")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="one_pending_transfer_per_case",
            )
        ]
        indexes = [
            models.Index(fields=["to_organization", "status"], name="transfer_inbox"),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.from_organization_id} → {self.to_organization_id}"


class CaseCustody(models.Model):
    """A service that owned a case until a transfer: it keeps reading the case record and
    what it wrote (its follow-ups, attachments, referrals), never what the new owner adds, and
    it no longer changes the case (cases.policies)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="custodies")
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    transfer = models.OneToOneField(CaseTransfer, on_delete=models.PROTECT, related_name="custody")
    ended_at = models.DateTimeField()

    class Meta:
        ordering = ["ended_at", "pk"]
        verbose_name = _("responsabilidade anterior")
        verbose_name_plural = _("responsabilidades anteriores")
        indexes = [models.Index(fields=["case", "organization"], name="custody_access")]

    def __str__(self):
        return f"{self.case_id}: {self.organization_id} até {self.ended_at:%Y-%m-%d}"
