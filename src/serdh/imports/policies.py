"""Who sees an import: the coordinators of the service that imported cases (its cases, its
report); the state's managers, the Disque 100 statistics they imported. Admins configure and do
not read the rows; managers see the cases through their own paths."""

from serdh.core import access
from serdh.core.roles import Role


def _kinds(actor):
    from .services import kinds_for

    return kinds_for(actor.role)


@access.register_policy("imports.ImportBatch")
def batch_policy(actor, action, qs):
    if not actor.has_role(Role.COORDINATOR, Role.STATE_MANAGER) or actor.organization_id is None:
        return None
    return qs.filter(organization_id=actor.organization_id, kind__in=_kinds(actor))


@access.register_policy("imports.ImportProblem")
def problem_policy(actor, action, qs):
    if not actor.has_role(Role.COORDINATOR, Role.STATE_MANAGER) or actor.organization_id is None:
        return None
    return qs.filter(batch__organization_id=actor.organization_id, batch__kind__in=_kinds(actor))


@access.register_policy("imports.ImportedRecord")
def record_policy(actor, action, qs):
    return None  # read by the importer's own code only
