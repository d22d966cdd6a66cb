"""Who sees the incident register: the state's auditor (encarregado), who also keeps it, and
the state admin (who must act on an incident). Nobody else."""

from serdh.core import access
from serdh.core.roles import Role


@access.register_policy("privacy.Incident")
def incident_policy(actor, action, qs):
    if actor.is_anonymous:
        return None
    if action == access.VIEW and actor.has_role(Role.AUDITOR, Role.STATE_ADMIN):
        return qs
    if action in (access.ADD, access.CHANGE) and actor.has_role(Role.AUDITOR):
        return qs
    return None


@access.register_policy("privacy.SubjectRequest")
def subject_request_policy(actor, action, qs):
    """The data subjects' requests: the state's auditor (encarregado) alone."""
    if actor.is_anonymous or not actor.has_role(Role.AUDITOR):
        return None
    if action in (access.VIEW, access.ADD):
        return qs.filter(
            produced_by__memberships__organization__municipality__state__uf=(actor.state_code)
        ).distinct()
    return None


@access.register_policy("privacy.Rectification")
def rectification_policy(actor, action, qs):
    """A rectification request is seen by the auditor who routes it and by the service it is
    routed to; that service's coordinator decides it."""
    if actor.is_anonymous:
        return None
    if action == access.VIEW:
        if actor.has_role(Role.AUDITOR):
            return qs.filter(organization__municipality__state__uf=actor.state_code)
        if actor.has_role(Role.WORKER, Role.COORDINATOR):
            return qs.filter(organization_id=actor.organization_id)
        return None
    if action == access.CHANGE and actor.has_role(Role.COORDINATOR):
        return qs.filter(organization_id=actor.organization_id)
    return None
