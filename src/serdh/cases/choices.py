from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Rascunho")
    REGISTERED = "registered", _("Registrado")
    IN_FOLLOW_UP = "in_follow_up", _("Em acompanhamento")
    CLOSED = "closed", _("Encerrado")


class Urgency(models.TextChoices):
    LOW = "low", _("Baixa")
    MEDIUM = "medium", _("Média")
    HIGH = "high", _("Alta")
    CRITICAL = "critical", _("Crítica")


# Shown beside the choice, so every service grades risk the same way.
URGENCY_CRITERIA = {
    Urgency.CRITICAL: _(
        "Risco iminente à vida ou à integridade: violência em curso, vítima convivendo com o "
        "autor sem proteção, ameaça de morte, violência sexual nas últimas 72 horas."
    ),
    Urgency.HIGH: _(
        "Violência grave ou repetida, criança, pessoa idosa ou com deficiência sem cuidador "
        "protetivo, necessidade de medida protetiva."
    ),
    Urgency.MEDIUM: _("Violação confirmada sem risco imediato; a vítima tem alguma rede de apoio."),
    Urgency.LOW: _("Suspeita a averiguar, violação passada sem risco atual."),
}


class PartyRole(models.TextChoices):
    VICTIM = "victim", _("Vítima")
    AUTHOR = "author", _("Suposto(a) autor(a)")
    REPORTER = "reporter", _("Comunicante")
    GUARDIAN = "guardian", _("Responsável")
    WITNESS = "witness", _("Testemunha")


class Recurrence(models.TextChoices):
    FIRST = "first", _("Primeira vez")
    REPEATED = "repeated", _("Repetida")
    UNKNOWN = "unknown", _("Não se sabe")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Enviado")
    RECEIVED = "received", _("Recebido")
    ACCEPTED = "accepted", _("Aceito")
    DECLINED = "declined", _("Recusado")
    IN_PROGRESS = "in_progress", _("Em atendimento")
    COMPLETED = "completed", _("Concluído")
    CANCELLED = "cancelled", _("Cancelado")


OPEN_REFERRAL_STATUSES = (
    ReferralStatus.SENT,
    ReferralStatus.RECEIVED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.IN_PROGRESS,
)
AWAITING_DECISION = (ReferralStatus.SENT, ReferralStatus.RECEIVED)
ENGAGED = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED)

# FHIR R4 Task.status for each referral status (docs/api.md will carry this table).
FHIR_TASK_STATUS = {
    ReferralStatus.SENT: "requested",
    ReferralStatus.RECEIVED: "received",
    ReferralStatus.ACCEPTED: "accepted",
    ReferralStatus.DECLINED: "rejected",
    ReferralStatus.IN_PROGRESS: "in-progress",
    ReferralStatus.COMPLETED: "completed",
    ReferralStatus.CANCELLED: "cancelled",
}

# Default days to answer, by urgency, until the state configures its own.
DEFAULT_DEADLINE_DAYS = {
    Urgency.CRITICAL: 1,
    Urgency.HIGH: 3,
    Urgency.MEDIUM: 10,
    Urgency.LOW: 30,
}


def age_band(age):
    if age is None:
        return _("idade não informada")
    if age < 12:
        return _("criança (0–11)")
    if age < 18:
        return _("adolescente (12–17)")
    if age < 30:
        return _("jovem (18–29)")
    if age < 60:
        return _("adulto(a) (30–59)")
    return _("pessoa idosa (60+)")


class BreakGlassReason(models.TextChoices):
    """Why a manager needs a case in full (break-the-glass); the auditor reviews each one."""

    RISK = "risk", _("Risco à vida ou à integridade sem resposta da rede")
    SUPERVISION = "supervision", _("Supervisão técnica de caso grave ou sem andamento")
    JUSTICE = "justice", _("Requisição do Ministério Público, da Defensoria ou do Judiciário")
    COMPLAINT = "complaint", _("Apuração de denúncia ou reclamação sobre o atendimento")
    DATA = "data", _("Correção de dados com erro apontado pela rede")
    OTHER = "other", _("Outro motivo (descreva)")
