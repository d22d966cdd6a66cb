"""What the person registry processes (LGPD art. 37)."""

from django.utils.translation import gettext_lazy as _

from serdh.core.processing import Activity

REGISTRY = Activity(
    key="people.registry",
    name=_("Cadastro único das pessoas atendidas"),
    purpose=_(
        "Identificar a mesma pessoa nos diferentes casos e serviços, sem duplicar cadastros, "
        "e produzir indicadores por perfil (raça/cor, gênero, deficiência)."
    ),
    legal_basis=_(
        "LGPD art. 7º, III e art. 11, II, b (execução de políticas públicas); art. 14 "
        "(crianças e adolescentes); art. 13 (estudos com dados pseudonimizados)."
    ),
    subjects=_("Pessoas envolvidas em casos"),
    data=(
        (
            "people.Person",
            (
                "full_name",
                "social_name",
                "mother_name",
                "birth_date",
                "sex",
                "gender_identity",
                "sexual_orientation",
                "race_color",
                "disabilities",
                "cpf",
                "cpf_index",
                "cns",
                "cns_index",
                "nis",
                "nis_index",
                "residence_municipality",
            ),
        ),
        ("people.PersonNameToken", ("token",)),
        ("people.PersonMatchKey", ("key",)),
    ),
    recipients=_("Os serviços que atendem a pessoa em algum caso; nunca a gestão."),
    retention=_(
        "Enquanto houver caso ativo da pessoa; com a anonimização dos casos encerrados, a "
        "identificação é removida."
    ),
    sensitive=True,
)

REVIEW = Activity(
    key="people.review",
    name=_("Revisão e unificação de cadastros duplicados"),
    purpose=_(
        "Reconhecer a mesma pessoa registrada mais de uma vez, por serviços diferentes, para ver "
        "a revitimização e não contar duas vezes a mesma vítima. A gestão revisa os pares "
        "prováveis pseudonimizados (iniciais, ano de nascimento, se os documentos coincidem) e "
        "cada unificação pode ser desfeita."
    ),
    legal_basis=_(
        "LGPD art. 7º, III e art. 11, II, b (execução de políticas públicas); art. 6º, V "
        "(qualidade dos dados); art. 13 (dados pseudonimizados na revisão)."
    ),
    subjects=_("Pessoas envolvidas em casos"),
    data=(
        ("people.Person", ("merged_into", "merged_at")),
        (
            "people.MatchCandidate",
            ("person_a", "person_b", "probability", "levels", "municipality", "note"),
        ),
        (
            "people.PersonMerge",
            ("survivor", "absorbed", "reason", "filled_fields", "moved", "undo_reason"),
        ),
    ),
    recipients=_("A gestão estadual e a municipal do território; nunca os serviços."),
    retention=_(
        "Enquanto existirem as pessoas; as decisões de revisão ficam como dados de treino do "
        "modelo de pareamento (só níveis de comparação, sem os dados)."
    ),
    sensitive=True,
)
