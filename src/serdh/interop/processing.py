"""What interoperability processes (LGPD art. 37)."""

from django.utils.translation import gettext_lazy as _

from serdh.core.processing import Activity

EXCHANGE = Activity(
    key="interop.exchange",
    name=_("Troca de dados com os sistemas municipais (API, webhooks)"),
    purpose=_(
        "Receber e enviar casos e encaminhamentos entre SER-DH e os sistemas de saúde, "
        "educação e assistência social, com registro de cada mensagem."
    ),
    legal_basis=_(
        "LGPD art. 7º, III; art. 26 (uso compartilhado pela administração pública para "
        "políticas públicas); art. 37 (registro das operações)."
    ),
    subjects=_("As mesmas pessoas dos casos; os sistemas clientes"),
    data=(("core.IdempotencyKey", ("response_body",)),),
    recipients=_(
        "Sistemas clientes aprovados pela coordenação do serviço, cada um só com o seu escopo."
    ),
    retention=_(
        "Registro de mensagens: SERDH_MESSAGE_LOG_RETENTION_DAYS (730 dias), só com resumos "
        "(SHA-256) dos corpos; respostas guardadas para repetição segura: 24 horas."
    ),
    sensitive=True,
)
