"""Who sees and fulfils the law's obligations on a case (DESIGN.md, 'Access').

An obligation, a hearing and a proceeding are facts of the case, without identities nor
narrative: the services that see the case in full see them; the managers of the territory see
the obligations with the pseudonymized case (where the network is late is their business);
only the responsible service records that an obligation was fulfilled."""

from django.db.models import Exists, OuterRef

from serdh.cases.models import Case
from serdh.core import access
from serdh.core.roles import CASEWORK_ROLES, Role

MANAGER_ROLES = (Role.MUNICIPAL_MANAGER, Role.STATE_MANAGER)


def _cases(actor, action):
    return access.restrict(Case.objects.all(), actor, action)


def _on_visible_cases(qs, actor, action):
    return qs.filter(Exists(_cases(actor, action).filter(pk=OuterRef("case_id"))))


@access.register_policy("obligations.Obligation")
def obligation_policy(actor, action, qs):
    if action == access.VIEW:
        if actor.has_role(*CASEWORK_ROLES):
            return _on_visible_cases(qs, actor, access.VIEW)
        if actor.has_role(*MANAGER_ROLES):
            return _on_visible_cases(qs, actor, "pseudonymized")
        return None
    if action == access.CHANGE and actor.has_role(*CASEWORK_ROLES):
        own = qs.filter(organization_id=actor.organization_id)
        return _on_visible_cases(own, actor, access.CHANGE)
    return None


@access.register_policy("obligations.Hearing")
def hearing_policy(actor, action, qs):
    if action == access.VIEW and actor.has_role(*CASEWORK_ROLES):
        return _on_visible_cases(qs, actor, access.VIEW)
    return None


@access.register_policy("obligations.Proceeding")
def proceeding_policy(actor, action, qs):
    if action == access.VIEW and actor.has_role(*CASEWORK_ROLES):
        return _on_visible_cases(qs, actor, access.VIEW)
    return None


# Official letters (obligations.models_letters). A letter's text may name people: it is seen
# with the case in full, by the services that follow the case; only the issuing service
# changes it (cancels it, records the answer), while it may still change the case.
@access.register_policy("obligations.Letter")
def letter_policy(actor, action, qs):
    if not actor.has_role(*CASEWORK_ROLES):
        return None
    if action == access.VIEW:
        return _on_visible_cases(qs, actor, access.VIEW)
    if action == access.CHANGE:
        own = qs.filter(organization_id=actor.organization_id)
        return _on_visible_cases(own, actor, access.CHANGE)
    return None


@access.register_policy("obligations.LetterCounter")
def letter_counter_policy(actor, action, qs):
    """The last number handed out per service and year: bookkeeping of the numbering
    (obligations.letters.next_number), never shown to anyone."""
    return None


# Protective measures and Maria da Penha requests (obligations.measures): with the case in full
# to the services that see it; changed only by the service that recorded them, while it may
# change the case. Managers count them through monitoring, never read the rows.
def _measure_policy(actor, action, qs):
    if not actor.has_role(*CASEWORK_ROLES):
        return None
    if action == access.VIEW:
        return _on_visible_cases(qs, actor, access.VIEW)
    if action == access.CHANGE:
        own = qs.filter(organization_id=actor.organization_id)
        return _on_visible_cases(own, actor, access.CHANGE)
    return None


access.register_policy("obligations.ProtectiveMeasure")(_measure_policy)
access.register_policy("obligations.UrgentMeasureRequest")(_measure_policy)


@access.register_policy("obligations.RiskAssessment")
def risk_assessment_policy(actor, action, qs):
    """The answers describe the victim's life: the services that see the case in full."""
    if action == access.VIEW and actor.has_role(*CASEWORK_ROLES):
        return _on_visible_cases(qs, actor, access.VIEW)
    return None


@access.register_policy("obligations.SinanNotification")
def sinan_notification_policy(actor, action, qs):
    """The notifying service's own, on the cases it sees in full: the ficha is the victim's
    identified health record of the violence."""
    if action in (access.VIEW, access.CHANGE) and actor.has_role(*CASEWORK_ROLES):
        own = qs.filter(organization_id=actor.organization_id)
        return _on_visible_cases(own, actor, access.VIEW)
    return None
