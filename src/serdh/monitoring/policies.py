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
