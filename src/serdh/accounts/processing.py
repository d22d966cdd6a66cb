"""What accounts and sign-in process (LGPD art. 37)."""

from django.utils.translation import gettext_lazy as _

from serdh.core.processing import Activity

ACCOUNTS = Activity(
    key="accounts.professionals",
    name=_("Contas e acessos dos profissionais da rede"),
    purpose=_(
        "Identificar quem usa o sistema, em que serviço e com que papel; autenticar (senha, "
        "segundo fator, Login gov.br); encerrar sessões."
    ),
    legal_basis=_(
        "LGPD art. 7º, III (execução de políticas públicas) e art. 46 (medidas de segurança)."
    ),
    subjects=_("Profissionais dos serviços e da gestão"),
    data=(
        ("accounts.User", ("full_name", "social_name", "email", "cpf", "cpf_index")),
        ("accounts.UserSession", ("ip", "user_agent", "last_seen")),
    ),
    recipients=_("A administração do município ou do estado que gere a conta; a auditoria."),
    retention=_(
        "Contas: enquanto houver vínculo (desativadas, não apagadas, pela trilha de auditoria). "
        "Sessões: 30 minutos sem uso ou 12 horas."
    ),
)
