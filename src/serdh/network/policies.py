"""Who sees and changes the network registry (see core.access)."""

from django.db.models import Q

from serdh.core import access
from serdh.core.roles import Role

from .choices import OrganizationLevel


def _in_state(actor, prefix=""):
    return Q(**{f"{prefix}state__uf": actor.state_code})


@access.register_policy("network.State")
def state_policy(actor, action, qs):
    # Public reference data.
    return qs if action == access.VIEW else None


@access.register_policy("network.Municipality")
def municipality_policy(actor, action, qs):
    # Public reference data; never changed through the application.
    return qs if action == access.VIEW else None


@access.register_policy("network.Adhesion")
def adhesion_policy(actor, action, qs):
    if actor.is_anonymous:
        return None
    if action == access.VIEW:
        return qs
    if action in (access.CHANGE, access.ADD) and actor.has_role(Role.STATE_ADMIN):
        return qs.filter(_in_state(actor, "municipality__"))
    return None


@access.register_policy("network.Organization")
def organization_policy(actor, action, qs):
    if action == access.VIEW:
        if actor.is_anonymous:
            return qs.filter(is_public=True, is_active=True)
        # Network members see the whole directory, including non-public services, because
        # they refer cases to them.
        return qs
    if action in (access.CHANGE, access.ADD):
        if actor.has_role(Role.STATE_ADMIN):
            return qs.filter(_in_state(actor, "municipality__"))
        if actor.has_role(Role.MUNICIPAL_ADMIN):
            return qs.filter(
                municipality_id=actor.municipality_id, level=OrganizationLevel.MUNICIPAL
            )
    return None
