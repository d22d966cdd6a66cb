"""What obligations processes (LGPD art. 37; docs/security.md)."""

from django.utils.translation import gettext_lazy as _

from serdh.core.processing import Activity

LEGAL_ACTS = Activity(
    key="obligations.legal_acts",
    name=_(
        "Obrigações legais do caso: comunicações, notificação SINAN, oitivas, procedimentos, "
        "medidas de proteção e avaliação de risco"
    ),
    purpose=_(
        "Saber, a partir dos fatos do caso, o que a lei exige de cada serviço e até quando "
        "(comunicação ao Conselho Tutelar, à polícia, notificação do SINAN, escuta "
        "especializada), registrar como foi cumprido, preencher a ficha do SINAN, registrar as "
        "medidas de proteção e as medidas protetivas de urgência, avaliar o risco da mulher e "
        "evitar que a criança seja ouvida repetidas vezes."
    ),
    legal_basis=_(
        "LGPD art. 11, II, a (cumprimento de obrigação legal: ECA art. 13, Lei 10.778/2003, "
        "Estatuto da Pessoa Idosa art. 19, Lei 13.431/2017, Portaria de Consolidação GM/MS "
        "nº 4/2017, ECA arts. 101, 129 e 136, Lei 11.340/2006 arts. 18 a 24, Lei 14.149/2021) "
        "e b (execução de políticas "
        "públicas); art. 14 (crianças e adolescentes, no seu melhor interesse)."
    ),
    subjects=_("Vítimas e testemunhas; profissionais que cumprem as obrigações"),
    data=(
        ("obligations.Obligation", ("kind", "due_at", "recipient", "protocol", "note")),
        ("obligations.Hearing", ("party", "kind", "held_on", "justification")),
        ("obligations.Proceeding", ("kind", "number", "body")),
        ("obligations.RiskAssessment", ("victim", "answers", "level", "note")),
        ("obligations.SinanNotification", ("victim", "number", "answers", "occupation")),
        (
            "obligations.ProtectiveMeasure",
            (
                "measure",
                "party",
                "applied_by",
                "applied_on",
                "status",
                "court",
                "process_number",
                "note",
            ),
        ),
        (
            "obligations.UrgentMeasureRequest",
            ("victim", "requested_at", "court", "process_number", "decided_at", "decision"),
        ),
    ),
    recipients=_(
        "Os serviços que acompanham o caso; a gestão do território vê as obrigações sem "
        "nomes nem relato (indicadores de cumprimento)."
    ),
    retention=_("Com o caso; observações e justificativas apagadas quando o caso é anonimizado."),
    sensitive=True,
)

# Official letters to bodies outside SER-DH (obligations.models_letters): their text and the
# answer may name the people of the case.
LETTERS = Activity(
    key="obligations.letters",
    name=_("Ofícios a órgãos de fora do SER-DH"),
    purpose=_(
        "Requisitar serviços públicos, comunicar fatos ao Ministério Público e à Justiça e "
        "pedir informações a órgãos que não usam o SER-DH, com número, prazo de resposta e "
        "a resposta registrada, para cobrar o que não foi respondido."
    ),
    legal_basis=_(
        "LGPD art. 11, II, a (cumprimento de obrigação legal: ECA arts. 13, 136 e 245; "
        "Lei 13.431/2017, art. 13) e b (execução de políticas públicas); art. 14 (crianças e "
        "adolescentes, no seu melhor interesse)."
    ),
    subjects=_("Vítimas, famílias e autores citados no ofício; profissionais que o assinam"),
    data=(
        (
            "obligations.Letter",
            (
                "addressee",
                "subject",
                "body",
                "answer_due",
                "answer_note",
                "answer_attachment",
                "cancel_reason",
                "signer_name",
            ),
        ),
    ),
    recipients=_(
        "O órgão destinatário do ofício; os serviços que acompanham o caso. A gestão não vê "
        "ofícios; a linha do tempo diz só o número."
    ),
    retention=_(
        "Com o caso; o texto, a resposta e o motivo de cancelamento são apagados quando o "
        "caso é anonimizado (o número fica, para a numeração não ter lacunas)."
    ),
    sensitive=True,
)
