"""Tracked obligations of the law on a case, the hearings of a child about the violence, and
the police or judicial proceedings that exist about the case (issue 14)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from serdh.core.access import RestrictedManager
from serdh.core.fields import EncryptedTextField

from .choices import Channel, DoneHow, HearingKind, ObligationKind, ObligationStatus

USER = settings.AUTH_USER_MODEL


class Obligation(models.Model):
    """One act the law requires of one service on one case, by a deadline.

    Raised and voided only by obligations.rules (from the case's facts); fulfilled by a
    referral, a recorded communication, a SINAN ficha, a hearing or a decision. ``key`` makes
    the evaluation idempotent: the same fact never raises the same obligation twice."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="obligations")
    key = models.CharField(max_length=80)
    kind = models.CharField(_("obrigação"), max_length=24, choices=ObligationKind)
    rule = models.CharField(max_length=40)  # obligations.rules.Rule.code
    organization = models.ForeignKey(
        "network.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("serviço responsável"),
    )
    victim = models.ForeignKey(
        "cases.Party", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("desde"))
    due_at = models.DateTimeField(_("prazo"))
    status = models.CharField(
        _("situação"), max_length=8, choices=ObligationStatus, default=ObligationStatus.DUE
    )
    done_at = models.DateTimeField(_("cumprida em"), null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    done_how = models.CharField(max_length=16, choices=DoneHow, blank=True)
    channel = models.CharField(_("meio"), max_length=12, choices=Channel, blank=True)
    recipient = models.CharField(_("destinatário"), max_length=200, blank=True)
    protocol = models.CharField(_("número de protocolo ou recibo"), max_length=80, blank=True)
    note = EncryptedTextField(_("observação"), blank=True)
    referral = models.ForeignKey(
        "cases.Referral", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("obrigação legal")
        verbose_name_plural = _("obrigações legais")
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="obligation_unique_key")
        ]
        indexes = [
            models.Index(fields=["organization", "status", "due_at"], name="obligation_service"),
            models.Index(fields=["kind", "starts_at"], name="obligation_kind_start"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.case_id})"

    @property
    def on_time(self):
        if self.status != ObligationStatus.DONE or self.done_at is None:
            return None
        return self.done_at <= self.due_at


class Hearing(models.Model):
    """A child or adolescent heard about the violence: by whom, when and how (Lei 13.431/2017,
    art. 4º §1º and art. 5º XIII: heard as few times as possible). The content of the hearing
    is not recorded here: it stays with the service that heard."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="hearings")
    party = models.ForeignKey(
        "cases.Party",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("criança ou adolescente ouvido(a)"),
    )
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("tipo de oitiva"), max_length=24, choices=HearingKind)
    held_on = models.DateField(_("data"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Why another hearing was needed although a qualified one existed (asked only then).
    justification = EncryptedTextField(_("por que foi preciso ouvir de novo"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("oitiva")
        verbose_name_plural = _("oitivas")
        indexes = [models.Index(fields=["case", "party"], name="hearing_case_party")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"


class ProceedingKind(models.TextChoices):
    POLICE_REPORT = "police_report", _("Boletim de ocorrência")
    POLICE_INQUIRY = "police_inquiry", _("Inquérito policial")
    COURT_CASE = "court_case", _("Processo judicial")


class Proceeding(models.Model):
    """A police or judicial proceeding about the case, as the service knows it: its number and
    the body that holds it. Its existence is a fact the rules read (a special testimony is
    due only where one exists, Lei 13.431/2017 art. 8º)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(_("tipo"), max_length=20, choices=ProceedingKind)
    number = models.CharField(_("número"), max_length=40)
    body = models.CharField(_("órgão (delegacia, vara, comarca)"), max_length=200)
    opened_on = models.DateField(_("data"))
    organization = models.ForeignKey(
        "network.Organization", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["opened_on", "pk"]
        verbose_name = _("procedimento policial ou judicial")
        verbose_name_plural = _("procedimentos policiais ou judiciais")

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


__all__ = ["Channel", "DoneHow", "HearingKind", "ObligationKind", "ObligationStatus"]


# Official letters live in their own module (obligations.models_letters).
from .models_letters import Letter, LetterCounter  # noqa: E402,F401

# Protective measures live in their own module (obligations.models_measures).
from .models_measures import ProtectiveMeasure, UrgentMeasureRequest  # noqa: E402,F401

# The risk form lives in its own module (obligations.models_risk).
from .models_risk import RiskAssessment, RiskLevel  # noqa: E402,F401

# The SINAN notification lives in its own module (obligations.models_sinan).
from .models_sinan import SinanNotification  # noqa: E402,F401
