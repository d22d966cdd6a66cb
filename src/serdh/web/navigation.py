"""The SIMA menu, by role. Each entry: (url name, label, roles or None for everyone)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serdh.core.roles import Role

CASEWORK = (Role.WORKER, Role.COORDINATOR)
MANAGERS = (Role.MUNICIPAL_MANAGER, Role.STATE_MANAGER)
ADMINS = (Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN)

MENU = (
    ("web:home", _("Início"), None),
    ("cases:case_list", _("Casos"), CASEWORK + MANAGERS),
    ("cases:inbox", _("Encaminhamentos"), CASEWORK),
    ("workflow:my_tasks", _("Minhas tarefas"), CASEWORK),
    ("workflow:agenda", _("Agenda"), CASEWORK),
    ("workflow:households", _("Famílias"), CASEWORK),
    ("obligations:letter_list", _("Ofícios"), CASEWORK),
    ("obligations:sinan_list", _("Notificações SINAN"), CASEWORK),
    ("workflow:supervision", _("Supervisão"), (Role.COORDINATOR,)),
    ("imports:batch_list", _("Importações"), (Role.COORDINATOR,)),
    ("rma:home", _("RMA"), CASEWORK + MANAGERS),
    ("monitoring:dashboard", _("Monitoramento"), MANAGERS),
    ("people:review_queue", _("Revisão de pessoas"), MANAGERS),
    ("people:merge_list", _("Unificações de pessoas"), MANAGERS),
    ("network:organization_list", _("Rede de proteção"), None),
    ("network:municipality_list", _("Municípios e adesões"), None),
    ("accounts:user_list", _("Usuários"), (Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN)),
    (
        "web:approvals",
        _("Aprovações"),
        (Role.COORDINATOR, Role.STATE_ADMIN, Role.MUNICIPAL_MANAGER),
    ),
    ("web:audit_log", _("Auditoria"), (Role.AUDITOR,)),
    ("web:access_review", _("Revisão de acessos"), (Role.AUDITOR,)),
    (
        "interop:client_list",
        _("Integração"),
        (Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN, Role.AUDITOR, Role.COORDINATOR),
    ),
    ("interop:message_log", _("Mensagens da API"), (Role.AUDITOR,)),
    ("vocabularies:vocabulary_list", _("Vocabulários"), (Role.STATE_MANAGER,)),
    ("cases:break_glass_review", _("Acessos excepcionais"), (Role.AUDITOR,)),
    ("cases:deadlines", _("Prazos"), (Role.STATE_MANAGER,)),
    ("privacy:subject_search", _("Titulares (LGPD)"), (Role.AUDITOR,)),
    ("privacy:incident_list", _("Incidentes (LGPD)"), (Role.AUDITOR, Role.STATE_ADMIN)),
)


def menu_for(actor, current_path):
    items = []
    for name, label, roles in MENU:
        if roles is not None and not actor.has_role(*roles):
            continue
        url = reverse(name)
        matches = current_path == url if name == "web:home" else current_path.startswith(url)
        items.append({"url": url, "label": label, "active": matches})
    # Only the most specific entry is current (/sima/auditoria/revisao/ is not the trail).
    best = max((len(i["url"]) for i in items if i["active"]), default=None)
    for item in items:
        item["active"] = item["active"] and len(item["url"]) == best
    return items
