"""The roles of DESIGN.md, granted per organization through accounts.Membership.

They live in the kernel because every app's access policy speaks of them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WORKER = "worker", _("Técnico(a)")
    COORDINATOR = "coordinator", _("Coordenador(a) do serviço")
    MUNICIPAL_MANAGER = "municipal_manager", _("Gestor(a) municipal")
    MUNICIPAL_ADMIN = "municipal_admin", _("Administrador(a) municipal")
    STATE_MANAGER = "state_manager", _("Gestor(a) estadual")
    STATE_ADMIN = "state_admin", _("Administrador(a) estadual")
    AUDITOR = "auditor", _("Auditor(a) / encarregado(a) LGPD")
    EDITOR = "editor", _("Editor(a) do portal")
    CONTRIBUTOR = "contributor", _("Colaborador(a) municipal do portal")


# Where a role's reach ends.
ORGANIZATION_ROLES = frozenset({Role.WORKER, Role.COORDINATOR})
MUNICIPAL_ROLES = frozenset({Role.MUNICIPAL_MANAGER, Role.MUNICIPAL_ADMIN})
STATE_ROLES = frozenset({Role.STATE_MANAGER, Role.STATE_ADMIN, Role.AUDITOR, Role.EDITOR})
# Roles that carry out casework in SIMA (register, refer, follow).
CASEWORK_ROLES = ORGANIZATION_ROLES
# Roles of the portal's editorial work (Wagtail): state editors publish; municipal
# contributors write and submit for moderation. Neither reads case data.
PORTAL_ROLES = frozenset({Role.EDITOR, Role.CONTRIBUTOR})
# Roles that reach case content (in full, or pseudonymized with break-the-glass): whoever
# grants one (an admin) cannot make it usable alone; a second person approves it
# (accounts.approvals). DESIGN.md, "Separation of duties".
CASE_CONTENT_ROLES = CASEWORK_ROLES | {Role.MUNICIPAL_MANAGER, Role.STATE_MANAGER}
# Roles that a municipal admin may grant (within its own municipality).
MUNICIPAL_GRANTABLE = ORGANIZATION_ROLES | MUNICIPAL_ROLES | {Role.CONTRIBUTOR}
