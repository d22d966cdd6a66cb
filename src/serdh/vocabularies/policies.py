from serdh.core import access
from serdh.core.roles import Role


@access.register_policy("vocabularies.Vocabulary")
def vocabulary_policy(actor, action, qs):
    if action == access.VIEW:
        return qs  # public reference data
    if action == access.CHANGE and actor.has_role(Role.STATE_MANAGER):
        return qs
    return None


@access.register_policy("vocabularies.Term")
def term_policy(actor, action, qs):
    if action == access.VIEW:
        return qs
    if action in (access.ADD, access.CHANGE) and actor.has_role(Role.STATE_MANAGER):
        return qs
    return None
