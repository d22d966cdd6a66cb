"""Who sees an import: the coordinators of the service that imported (its cases, its report).
Admins configure and do not read the rows; managers see the cases through their own paths."""

from serdh.core import access
from serdh.core.roles import Role


@access.register_policy("imports.ImportBatch")
def batch_policy(actor, action, qs):
    if not actor.has_role(Role.COORDINATOR) or actor.organization_id is None:
        return None
    return qs.filter(organization_id=actor.organization_id)


@access.register_policy("imports.ImportProblem")
def problem_policy(actor, action, qs):
    if not actor.has_role(Role.COORDINATOR) or actor.organization_id is None:
        return None
    return qs.filter(batch__organization_id=actor.organization_id)


@access.register_policy("imports.ImportedRecord")
def record_policy(actor, action, qs):
    return None  # read by the importer's own code only
