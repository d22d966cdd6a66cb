"""What workflow processes (LGPD art. 37; docs/security.md)."""

from django.utils.translation import gettext_lazy as _

from serdh.core.processing import Activity

NETWORK_WORK = Activity(
    key="workflow.network_work",
    name=_("Organização do trabalho da rede: responsáveis, revisão de encerramento e avisos"),
    purpose=_(
        "Definir quem acompanha cada caso em cada serviço, submeter o encerramento à "
        "coordenação e avisar os profissionais do que aguarda a sua ação."
    ),
    legal_basis=_(
        "LGPD art. 7º, III e art. 11, II, b (execução de políticas públicas); art. 14 "
        "(crianças e adolescentes); para os dados dos profissionais, art. 7º, III e V."
    ),
    subjects=_(
        "Profissionais da rede (atribuições, notificações, e-mail); vítimas e famílias "
        "(observações do pedido de encerramento)"
    ),
    data=(
        ("workflow.Assignment", ("user", "case", "is_responsible")),
        ("workflow.ClosureRequest", ("note", "decision_reason", "reason")),
        ("workflow.SafetyFlag", ("kind", "note", "removal_reason")),
        ("workflow.Task", ("kind", "due_date", "assigned_to", "note")),
        ("workflow.CasePlan", ("kind", "refusal_reason")),
        ("workflow.PlanAction", ("goal", "action", "responsible_user")),
        ("workflow.Notification", ("user", "message", "link")),
        ("workflow.NotificationPreference", ("user", "delivery")),
    ),
    recipients=_(
        "A equipe do serviço e os serviços envolvidos no caso (quem é responsável); a "
        "coordenação (pedidos de encerramento); cada profissional (os próprios avisos). Os "
        "e-mails não levam nomes nem detalhes de casos."
    ),
    retention=_(
        "Com o caso; as observações do encerramento são apagadas quando o caso é anonimizado."
    ),
    sensitive=True,
)


HOUSEHOLDS = Activity(
    key="workflow.households",
    name=_("Famílias acompanhadas e casos ligados"),
    purpose=_(
        "Acompanhar juntos os casos de uma mesma família (pessoa de referência e membros, como "
        "no prontuário do SUAS) e ligar casos relacionados (irmãos, mesmo autor, fato repetido)."
    ),
    legal_basis=_(
        "LGPD art. 11, II, b (execução de políticas públicas: SUAS e Sistema de Garantia de "
        "Direitos); art. 14 (crianças e adolescentes, no seu melhor interesse)."
    ),
    subjects=_("Vítimas e membros das suas famílias"),
    data=(
        ("workflow.Household", ("reference_person", "note")),
        ("workflow.HouseholdMember", ("person", "kinship")),
        ("workflow.CaseLink", ("kind", "reason")),
        ("workflow.DuplicateProposal", ("case_a", "case_b", "person", "a_same", "b_same")),
    ),
    recipients=_(
        "A equipe do serviço que registrou a família; o vínculo entre casos, só a quem vê os "
        "dois casos."
    ),
    retention=_("Com os casos; o motivo do vínculo é apagado quando um dos casos é anonimizado."),
    sensitive=True,
)
