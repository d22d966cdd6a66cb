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
