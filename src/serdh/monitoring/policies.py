"""Facts are never read row by row through a page: only monitoring's own aggregation code
reads them (with ``.objects``), and what it publishes passes disclosure control."""

from serdh.core import access


@access.register_policy("monitoring.ViolationFact")
def violation_fact_policy(actor, action, qs):
    return None


@access.register_policy("monitoring.ReferralFact")
def referral_fact_policy(actor, action, qs):
    return None


@access.register_policy("monitoring.CaseFact")
def case_fact_policy(actor, action, qs):
    return None


@access.register_policy("monitoring.Population")
def population_policy(actor, action, qs):
    # Public statistics: anyone reads them; only the loader command writes them.
    return qs if action == access.VIEW else None


@access.register_policy("monitoring.ViolationCount")
def violation_count_policy(actor, action, qs):
    return None  # aggregated by monitoring code only, then through disclosure control


@access.register_policy("monitoring.Bulletin")
def bulletin_policy(actor, action, qs):
    from serdh.core.roles import Role

    if action not in (access.VIEW, access.ADD):
        return None
    if actor.has_role(Role.STATE_MANAGER):
        return qs.filter(state_code__in=_state_codes(actor))
    if actor.has_role(Role.MUNICIPAL_MANAGER):
        return qs.filter(municipality_id=actor.municipality_id)
    return None


def _state_codes(actor):
    from serdh.network.models import State

    return State.objects.filter(uf=actor.state_code).values("code")


@access.register_policy("monitoring.Disque100Complaint")
def disque100_policy(actor, action, qs):
    return None  # aggregated by monitoring code only, then through disclosure control


@access.register_policy("monitoring.Release")
def release_policy(actor, action, qs):
    # Public: a release holds only protected tables. Written by monitoring.releases alone.
    return qs if action == access.VIEW else None


@access.register_policy("monitoring.SavedTable")
def saved_table_policy(actor, action, qs):
    """A manager's saved tables: the owner reads, changes and deletes them; a shared one is
    read by the managers of the same territory (the state's managers, or one municipality's)."""
    from django.db.models import Q

    from serdh.core.roles import Role

    if actor.has_role(Role.STATE_MANAGER):
        territory = Q(state_code=actor.state_code, municipality_id__isnull=True)
    elif actor.has_role(Role.MUNICIPAL_MANAGER):
        territory = Q(municipality_id=actor.municipality_id)
    else:
        return None
    own = Q(owner_id=actor.user_id) & territory
    if action == access.VIEW:
        return qs.filter(own | (territory & Q(shared=True)))
    if action in (access.ADD, access.CHANGE, access.DELETE):
        return qs.filter(own)
    return None


@access.register_policy("monitoring.MapMesh")
def map_mesh_policy(actor, action, qs):
    # Public geography: anyone reads it; only the loader command writes it.
    return qs if action == access.VIEW else None


@access.register_policy("monitoring.MapShape")
def map_shape_policy(actor, action, qs):
    return qs if action == access.VIEW else None
