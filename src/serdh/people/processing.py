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
    ),
    recipients=_("Os serviços que atendem a pessoa em algum caso; nunca a gestão."),
    retention=_(
        "Enquanto houver caso ativo da pessoa; com a anonimização dos casos encerrados, a "
        "identificação é removida."
    ),
    sensitive=True,
)
