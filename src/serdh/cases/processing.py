"""What SIMA's casework processes (LGPD art. 37; docs/security.md)."""

from django.utils.translation import gettext_lazy as _

from serdh.core.processing import Activity

CASEWORK = Activity(
    key="cases.casework",
    name=_("Registro e acompanhamento de casos de violência e violação de direitos"),
    purpose=_(
        "Registrar o caso, classificá-lo, encaminhá-lo entre os serviços da rede de proteção e "
        "acompanhá-lo até a resolução; cumprir as notificações que a lei exige."
    ),
    legal_basis=_(
        "LGPD art. 7º, III e art. 11, II, b (execução de políticas públicas pela administração); "
        "art. 11, II, a e ECA art. 13 (notificação obrigatória ao Conselho Tutelar); art. 14 "
        "(crianças e adolescentes, no seu melhor interesse); Lei 13.431/2017 e Decreto "
        "9.603/2018 (fluxo integrado da rede)."
    ),
    subjects=_("Vítimas, pessoas apontadas como autoras, notificantes, responsáveis, testemunhas"),
    data=(
        ("cases.Case", ("narrative", "closure_note", "occurred_on", "place", "municipality")),
        ("cases.Party", ("role", "age_years", "sex", "notes")),
        ("cases.Violation", ("type", "means", "motivation", "relationship", "vulnerable_group")),
        ("cases.Referral", ("counter_referral", "sharing_basis", "sharing_note")),
        ("cases.CaseTransfer", ("reason", "decision_reason")),
        ("cases.FollowUp", ("description",)),
        ("cases.CaseEvent", ("detail",)),
        ("cases.Attachment", ("filename", "description")),
    ),
    recipients=_(
        "Somente os serviços envolvidos no caso (quem registrou e quem recebeu "
        "encaminhamento); gestão de forma pseudonimizada; acesso excepcional justificado e "
        "auditado; sistemas integrados autorizados pela coordenação do serviço."
    ),
    retention=_(
        "Enquanto o caso estiver aberto; casos encerrados são anonimizados depois do prazo de "
        "retenção (SERDH_RETENTION_YEARS), mantidos os fatos para estatística."
    ),
    sensitive=True,
)
