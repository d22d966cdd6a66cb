"""The record of processing operations (LGPD art. 37), declared by the code that processes.

Each app declares its activities in its ``processing.py`` and registers them in
``AppConfig.ready``: what it processes (model fields, by name), why (purpose), on which legal
basis (LGPD articles), about whom, who receives it and how long it is kept. The privacy app
renders the record at /sima/lgpd/, and a test checks that every encrypted field and every
blind index of the project is declared, so a new field of personal data cannot go unrecorded.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Activity:
    key: str
    name: str
    purpose: str
    legal_basis: str
    subjects: str
    # (model label, (field names…)) pairs: what is processed, read from the models at render.
    data: tuple = field(default_factory=tuple)
    recipients: str = ""
    retention: str = ""
    sensitive: bool = False  # LGPD art. 5, II (race, health, sex life…) or children's data
    controller_note: str = ""


_activities = {}


def declare(*activities):
    for activity in activities:
        _activities[activity.key] = activity


def activities():
    return list(_activities.values())


def declared_fields():
    """{(model label, field name)} of every declared activity."""
    return {
        (label, name) for a in _activities.values() for label, names in a.data for name in names
    }


# The kernel's own processing.
AUDIT_TRAIL = Activity(
    key="core.audit",
    name=_("Trilha de auditoria"),
    purpose=_(
        "Registrar quem leu ou alterou o quê, quando e de onde, para prestação de contas, "
        "investigação de incidentes e atendimento aos titulares (quem acessou seus dados)."
    ),
    legal_basis=_("LGPD art. 37 (registro das operações), art. 46 e art. 50 (governança)."),
    subjects=_("Profissionais que usam o sistema; as pessoas dos casos, só por identificadores"),
    data=(("core.AuditEvent", ("actor_label", "ip", "object_id", "reason")),),
    recipients=_("A auditoria (encarregado(a) LGPD) do estado."),
    retention=_("Permanente: a trilha não é alterada nem apagada (encadeada por HMAC)."),
)

DENIALS = Activity(
    key="core.denials",
    name=_("Acessos negados"),
    purpose=_("Detectar tentativas de ler o que está fora do acesso de cada pessoa."),
    legal_basis=_("LGPD art. 46 (medidas de segurança)."),
    subjects=_("Profissionais que usam o sistema"),
    data=(("core.DeniedAccess", ("actor_label", "object_type", "count", "first_object_id")),),
    recipients=_("A auditoria do estado."),
    retention=_("Permanente (uma linha por pessoa, tipo e janela de 10 minutos)."),
)
