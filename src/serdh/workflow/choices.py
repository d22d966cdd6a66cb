from django.db import models
from django.utils.translation import gettext_lazy as _


class ClosureStatus(models.TextChoices):
    PENDING = "pending", _("Aguardando aprovação")
    APPROVED = "approved", _("Aprovado")
    REFUSED = "refused", _("Recusado")
    WITHDRAWN = "withdrawn", _("Retirado")


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("Encaminhamento recebido")
    REFERRAL_ANSWERED = "referral_answered", _("Encaminhamento aceito, recusado ou concluído")
    CASE_ASSIGNED = "case_assigned", _("Caso atribuído a mim")
    CLOSURE_REQUESTED = "closure_requested", _("Encerramento aguardando aprovação")
    CLOSURE_DECIDED = "closure_decided", _("Pedido de encerramento decidido")
    REFERRAL_OVERDUE = "referral_overdue", _("Encaminhamento crítico com prazo vencido")
    APPROVAL_WAITING = "approval_waiting", _("Vínculo aguardando a minha aprovação")
    TASK_DUE = "task_due", _("Tarefa para amanhã ou vencida")
    TRANSFER_REQUESTED = "transfer_requested", _("Transferência de caso aguardando o meu serviço")
    TRANSFER_DECIDED = "transfer_decided", _("Pedido de transferência de caso decidido")
    DUPLICATE_PROPOSED = (
        "duplicate_proposed",
        _("Possível registro do mesmo fato por outro serviço"),
    )
    RMA_DUE = "rma_due", _("RMA do mês pronto para revisão ou perto do prazo")


class Delivery(models.TextChoices):
    SIMA = "sima", _("Somente no SIMA")
    EMAIL = "email", _("No SIMA e por e-mail na hora")
    DIGEST = "digest", _("No SIMA e num resumo diário por e-mail")


class EmailState(models.TextChoices):
    NONE = "none", _("Sem e-mail")
    PENDING = "pending", _("A enviar")
    SENDING = "sending", _("Enviando")
    SENT = "sent", _("Enviado")
    DIGEST = "digest", _("No próximo resumo")
    FAILED = "failed", _("Falhou")


class FlagKind(models.TextChoices):
    AUTHOR_ARMED = "author_armed", _("Autor(a) tem arma")
    PROTECTIVE_MEASURE = "protective_measure", _("Medida protetiva em vigor")
    NO_CONTACT_GUARDIAN = "no_contact_guardian", _("Não contatar o(a) responsável")
    CONFIDENTIAL_SHELTER = "confidential_shelter", _("Vítima em acolhimento sigiloso")
    OTHER = "other", _("Outro alerta de segurança")


class TaskKind(models.TextChoices):
    FOLLOW_UP = "follow_up", _("Atendimento / acompanhamento")
    HOME_VISIT = "home_visit", _("Visita domiciliar")
    HEARING = "hearing", _("Audiência")
    PLAN_REVIEW = "plan_review", _("Revisão do plano de acompanhamento")
    REPORT = "report", _("Relatório solicitado")
    PLAN_ACTION = "plan_action", _("Ação do plano de acompanhamento")
    OTHER = "other", _("Outra tarefa")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Aberta")
    DONE = "done", _("Feita")
    CANCELLED = "cancelled", _("Cancelada")


class PlanKind(models.TextChoices):
    # SUAS: PIA in the services for children, adolescents and their families (ECA art. 101,
    # §4, for those in care); PAF in the PAIF/PAEFI family follow-up.
    PIA = "pia", _("Plano Individual de Atendimento (PIA)")
    PAF = "paf", _("Plano de Acompanhamento Familiar (PAF)")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Em elaboração")
    PENDING = "pending", _("Aguardando aprovação")
    APPROVED = "approved", _("Aprovado")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planejada")
    IN_PROGRESS = "in_progress", _("Em andamento")
    DONE = "done", _("Cumprida")
    DROPPED = "dropped", _("Abandonada")


class LinkKind(models.TextChoices):
    HOUSEHOLD = "household", _("Mesma família ou domicílio")
    SIBLINGS = "siblings", _("Irmãos ou irmãs")
    SAME_AUTHOR = "same_author", _("Mesmo(a) suposto(a) autor(a)")
    DUPLICATE = "duplicate", _("O mesmo fato registrado duas vezes")
    OTHER = "other", _("Outro vínculo")


class Kinship(models.TextChoices):
    """The member's relation to the household's reference person (pessoa de referência, as in
    the SUAS family record and the Cadastro Único)."""

    REFERENCE = "reference", _("Pessoa de referência")
    PARTNER = "partner", _("Cônjuge ou companheiro(a)")
    CHILD = "child", _("Filho(a) ou enteado(a)")
    SIBLING = "sibling", _("Irmão ou irmã")
    PARENT = "parent", _("Pai, mãe, padrasto ou madrasta")
    GRANDCHILD = "grandchild", _("Neto(a) ou bisneto(a)")
    GRANDPARENT = "grandparent", _("Avô ou avó")
    OTHER_RELATIVE = "other_relative", _("Outro parente")
    NOT_RELATIVE = "not_relative", _("Não parente")
