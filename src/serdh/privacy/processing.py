"""What the privacy app itself processes (LGPD art. 37)."""

from django.utils.translation import gettext_lazy as _

from serdh.core.processing import Activity

SUBJECT_RIGHTS = Activity(
    key="privacy.subject_rights",
    name=_("Atendimento aos direitos dos titulares"),
    purpose=_(
        "Responder aos pedidos dos titulares (confirmação, acesso, correção) e encaminhar as "
        "correções ao serviço que registrou o caso."
    ),
    legal_basis=_("LGPD arts. 18 e 19 (direitos do titular); art. 41 (encarregado)."),
    subjects=_("Pessoas que pedem informações sobre os próprios dados"),
    data=(
        ("privacy.SubjectRequest", ("person", "reference", "reason")),
        ("privacy.Rectification", ("what", "decision_note")),
    ),
    recipients=_("A auditoria (encarregado(a)); o serviço que registrou o caso, para corrigir."),
    retention=_("Permanente, como prova do atendimento (sem relatos nem dados de terceiros)."),
)

INCIDENTS = Activity(
    key="privacy.incidents",
    name=_("Registro de incidentes de segurança"),
    purpose=_("Registrar e comunicar à ANPD e aos titulares os incidentes de segurança."),
    legal_basis=_("LGPD art. 48; Resolução CD/ANPD nº 15/2024."),
    subjects=_("Titulares afetados, só em números (nenhum dado pessoal no registro)"),
    data=(("privacy.Incident", ("affected_count", "affected_children")),),
    recipients=_("A auditoria e a administração estadual; a ANPD, quando comunicado."),
    retention=_("Pelo menos cinco anos (Res. CD/ANPD 15/2024): o sistema não apaga nenhum."),
)
