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
ENGAGED_OPEN = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
ENGAGED = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED)

# Relationships (vocabulary "relationship") of an author who is family to the victim: relatives
# and current or former spouses and partners. Intrafamily violence in the RMA; with caregivers,
# the domestic violence of the law's obligations (obligations.rules).
FAMILY_RELATIONSHIPS = frozenset(
    {
        "father",
        "mother",
        "stepfather",
        "stepmother",
        "spouse",
        "former_spouse",
        "partner",
        "former_partner",
        "child",
        "sibling",
    }
)

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


class SharingBasis(models.TextChoices):
    """Why a referral may share the case with another service (issue 13, 'Consent and
    sharing'): the victim's or guardian's consent, or a legal basis for sharing without it.
    Case data is sensitive personal data (LGPD art. 5, II); art. 11, I (consent) and II
    (without consent: a) legal obligation, b) public policy, e) protection of life) are the
    only ways to share it. Each legal duty is cited in the label the professional picks."""

    CONSENT_VICTIM = "consent_victim", _("A vítima consentiu com o compartilhamento")
    CONSENT_GUARDIAN = (
        "consent_guardian",
        _("O(a) responsável legal consentiu com o compartilhamento"),
    )
    # ECA (Lei 8.069/1990) art. 13: suspected or confirmed maltreatment of a child or adolescent
    # must be reported to the Conselho Tutelar; LGPD art. 11, II, a (legal obligation).
    CHILD = (
        "child",
        _("Comunicação obrigatória de violência contra criança ou adolescente (ECA, art. 13)"),
    )
    # Estatuto da Pessoa Idosa (Lei 10.741/2003) art. 19: health services notify and report
    # suspected or confirmed violence against an older person (police, MP, councils).
    OLDER = (
        "older",
        _(
            "Comunicação obrigatória de violência contra pessoa idosa (Estatuto da Pessoa Idosa, "
            "art. 19)"
        ),
    )
    # Lei 10.778/2003 art. 1 (as amended by Lei 13.931/2019): violence against a woman attended
    # in a health service is compulsorily notified.
    WOMAN_HEALTH = (
        "woman_health",
        _(
            "Notificação compulsória de violência contra a mulher atendida na saúde "
            "(Lei 10.778/2003, art. 1º)"
        ),
    )
    # LGPD art. 11, II, e: protection of the life or physical safety of the data subject or of
    # a third party.
    LIFE = "life", _("Proteção da vida ou da integridade física (LGPD, art. 11, II, e)")
    # LGPD art. 11, II, b: shared processing needed by the public administration to carry out
    # public policies set in law (the SUAS and the rights-guarantee system's network).
    PUBLIC_POLICY = (
        "public_policy",
        _("Execução de política pública prevista em lei, sem consentimento (LGPD, art. 11, II, b)"),
    )


CONSENT_BASES = (SharingBasis.CONSENT_VICTIM, SharingBasis.CONSENT_GUARDIAN)
# Bases without consent need a note saying why consent was not asked or was refused.
BASES_NEEDING_NOTE = (SharingBasis.LIFE, SharingBasis.PUBLIC_POLICY)


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Aguardando o serviço de destino")
    ACCEPTED = "accepted", _("Aceita")
    REFUSED = "refused", _("Recusada")
    CANCELLED = "cancelled", _("Cancelada")


# Critical first: a new critical referral is decided before a months-old low one (the inbox's
# order, and the expression its partial indexes are built on: cases.models.Referral).
URGENCY_RANK = {Urgency.CRITICAL: 0, Urgency.HIGH: 1, Urgency.MEDIUM: 2, Urgency.LOW: 3}


def urgency_rank():
    return models.Case(
        *(models.When(urgency=u, then=models.Value(rank)) for u, rank in URGENCY_RANK.items()),
        default=models.Value(len(URGENCY_RANK)),
        output_field=models.IntegerField(),
    )
