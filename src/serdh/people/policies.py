"""Who reviews possible duplicates and sees the merges: the state manager (the whole state) and
each municipal manager (their municipality: of the case that proposed the pair, or of
residence). Never the services (the review is pseudonymized and separate from casework),
the admins (they configure) or the auditor (who reads the merges in the audit trail).

Actions: ``view`` the queue, a candidate and the history; ``change`` decide a candidate,
undo a merge."""

from django.db.models import Q

from serdh.core import access
from serdh.core.roles import Role


def territory(actor):
    if actor.has_role(Role.STATE_MANAGER):
        # A pair without a municipality (no case, no residence) is the state's to review.
        return Q(municipality__state__uf=actor.state_code) | Q(municipality__isnull=True)
    if actor.has_role(Role.MUNICIPAL_MANAGER) and actor.municipality_id:
        return Q(municipality_id=actor.municipality_id)
    return None


def _reviewers(actor, action, qs):
    if actor.is_anonymous or action not in (access.VIEW, access.CHANGE):
        return None
    where = territory(actor)
    return qs.filter(where) if where is not None else None


access.register_policy("people.MatchCandidate")(_reviewers)
access.register_policy("people.PersonMerge")(_reviewers)
