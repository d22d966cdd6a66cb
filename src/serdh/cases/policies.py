"""Who sees and acts on SIMA cases (DESIGN.md, 'Access').

Actions on Case:
- ``view``: the whole case. The owning service (the one that registered it, or received it by
  a transfer of responsibility), each service that accepted a referral for it (monitoramento
  assistido), and a former owner (CaseCustody) for what it wrote: the case record and its own
  follow-ups, attachments and referrals, never what the new owner adds; a manager only
  through an active break-the-glass.
- ``summary``: what a service needs to decide on a referral or a transfer (type, urgency, age
  band, municipality): the above plus services with a referral or a transfer awaiting their
  decision.
- ``pseudonymized``: managers' view of their territory, without names or narrative.
- ``change``: record what the service does (parties, violations, referrals, follow-ups,
  attachments): the involved services, never through break-the-glass.
- ``close``: close, reopen, edit, transfer: the owning service.
- ``subject_report``: the auditor (encarregado) answering a data subject (LGPD art. 18,
  privacy.subject): which cases of the state a person appears in, with their metadata
  (protocol, services, dates, role), never narratives nor the other parties.
Admins configure and never read case content; the auditor reviews access, not cases.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from serdh.core import access
from serdh.core.roles import CASEWORK_ROLES, Role

from .choices import AWAITING_DECISION, ENGAGED, CaseStatus, TransferStatus
from .models import BreakGlass, Case, CaseCustody, CaseTransfer, Party, Referral

SUMMARY = "summary"
PSEUDONYMIZED = "pseudonymized"
CLOSE = "close"
SUBJECT_REPORT = "subject_report"


def involved_q(actor):
    engaged = Referral.objects.filter(
        case=OuterRef("pk"), to_organization_id=actor.organization_id, status__in=ENGAGED
    )
    return Q(organization_id=actor.organization_id) | Q(Exists(engaged))


def former_q(actor):
    """Cases the actor's service owned until it transferred them (read only)."""
    held = CaseCustody.objects.filter(case=OuterRef("pk"), organization_id=actor.organization_id)
    return Q(Exists(held))


def current_q(actor):
    """Cases the actor's service follows now (owner or engaged by a referral)."""
    return involved_q(actor)


def break_glass_q(actor):
    active = BreakGlass.objects.filter(
        case=OuterRef("pk"), user_id=actor.user_id, expires_at__gt=timezone.now()
    )
    return Q(Exists(active)) & ~Q(status=CaseStatus.DRAFT)


def territory_q(actor, prefix=""):
    if actor.has_role(Role.STATE_MANAGER):
        return Q(**{f"{prefix}municipality__state__uf": actor.state_code})
    if actor.has_role(Role.MUNICIPAL_MANAGER):
        return Q(**{f"{prefix}municipality_id": actor.municipality_id})
    return None


@access.register_policy("cases.Case")
def case_policy(actor, action, qs):
    if actor.is_anonymous or not actor.role:
        return None
    casework = actor.has_role(*CASEWORK_ROLES)
    if action == access.VIEW:
        if casework:
            return qs.filter(involved_q(actor) | former_q(actor))
        if territory_q(actor) is not None:
            return qs.filter(break_glass_q(actor) & territory_q(actor))
        return None
    if action == SUMMARY and casework:
        awaiting = Referral.objects.filter(
            case=OuterRef("pk"),
            to_organization_id=actor.organization_id,
            status__in=AWAITING_DECISION,
        )
        transfer = CaseTransfer.objects.filter(
            case=OuterRef("pk"),
            to_organization_id=actor.organization_id,
            status=TransferStatus.PENDING,
        )
        return qs.filter(
            involved_q(actor) | former_q(actor) | Q(Exists(awaiting)) | Q(Exists(transfer))
        )
    if action == PSEUDONYMIZED:
        territory = territory_q(actor)
        if territory is None:
            return None
        return qs.filter(territory).exclude(status=CaseStatus.DRAFT)
    if action == access.CHANGE and casework:
        return qs.filter(involved_q(actor))
    if action == CLOSE and casework:
        return qs.filter(organization_id=actor.organization_id)
    if action == SUBJECT_REPORT and actor.has_role(Role.AUDITOR):
        return qs.filter(municipality__state__uf=actor.state_code).exclude(status=CaseStatus.DRAFT)
    return None


def _through_case(prefix, actions=(access.VIEW, PSEUDONYMIZED)):
    def policy(actor, action, qs):
        if action not in actions:
            return None
        cases = access.restrict(Case.objects.all(), actor, action)
        return qs.filter(**{f"{prefix}__in": cases.values("pk")})

    return policy


def _written_by_service(actor, action, qs):
    """Follow-ups and attachments: all of a case the actor follows now; of a case the
    actor's service transferred away, only those it wrote itself."""
    if action not in (access.VIEW, PSEUDONYMIZED):
        return None
    cases = access.restrict(Case.objects.all(), actor, action)
    if action != access.VIEW or not actor.has_role(*CASEWORK_ROLES):
        return qs.filter(case__in=cases.values("pk"))
    current = cases.filter(involved_q(actor))
    return qs.filter(
        Q(case__in=current.values("pk"))
        | Q(case__in=cases.values("pk"), organization_id=actor.organization_id)
    )


# A party's role in a case is part of the subject's report; nothing else below is.
access.register_policy("cases.Party")(
    _through_case("case", (access.VIEW, PSEUDONYMIZED, SUBJECT_REPORT))
)
for label, prefix in (
    ("cases.Violation", "case"),
    ("cases.CaseEvent", "case"),
):
    access.register_policy(label)(_through_case(prefix))
access.register_policy("cases.FollowUp")(_written_by_service)
access.register_policy("cases.Attachment")(_written_by_service)


@access.register_policy("people.Person")
def person_policy(actor, action, qs):
    """A person is visible to the services that may see a case in which they take part. The
    services only: a manager's break-the-glass opens one case, not the person registry (the
    web's person page and the API answer the same)."""
    if action == SUBJECT_REPORT and actor.has_role(Role.AUDITOR):
        cases = access.restrict(Case.objects.all(), actor, SUBJECT_REPORT)
        return qs.filter(
            pk__in=Party.objects.filter(case__in=cases.values("pk")).values("person_id")
        )
    if action not in (access.VIEW, access.CHANGE) or not actor.has_role(*CASEWORK_ROLES):
        return None
    cases = access.restrict(Case.objects.all(), actor, action)
    return qs.filter(pk__in=Party.objects.filter(case__in=cases.values("pk")).values("person_id"))


@access.register_policy("cases.Referral")
def referral_policy(actor, action, qs):
    if actor.is_anonymous or not actor.role:
        return None
    if actor.has_role(*CASEWORK_ROLES):
        mine = Q(to_organization_id=actor.organization_id) | Q(
            from_organization_id=actor.organization_id
        )
        if action == access.VIEW:
            # Another service's referral of a case the actor follows now; a former owner
            # keeps only the referrals it sent or received.
            visible = access.restrict(Case.objects.all(), actor, access.VIEW)
            current = visible.filter(involved_q(actor))
            return qs.filter(mine | Q(case__in=current.values("pk")))
        if action == access.CHANGE:
            return qs.filter(mine)
        return None
    if action in (access.VIEW, PSEUDONYMIZED):
        territory = territory_q(actor, "case__")
        return qs.filter(territory) if territory is not None else None
    return None


@access.register_policy("cases.BreakGlass")
def break_glass_policy(actor, action, qs):
    if actor.is_anonymous:
        return None
    if actor.has_role(Role.AUDITOR) and action in (access.VIEW, access.CHANGE):
        return qs.filter(case__municipality__state__uf=actor.state_code)
    if action == access.VIEW:
        return qs.filter(user_id=actor.user_id)
    return None


@access.register_policy("cases.ReferralDeadline")
def deadline_policy(actor, action, qs):
    if actor.is_anonymous:
        return None
    if action == access.VIEW:
        return qs
    if action == access.CHANGE and actor.has_role(Role.STATE_MANAGER):
        return qs
    return None


@access.register_policy("cases.CaseTransfer")
def transfer_policy(actor, action, qs):
    """Both services of a transfer see it; the sending side cancels it (CHANGE on its side is
    checked by cases.transfers), the receiving side decides it."""
    if not actor.has_role(*CASEWORK_ROLES) or action not in (access.VIEW, access.CHANGE):
        return None
    return qs.filter(
        Q(from_organization_id=actor.organization_id) | Q(to_organization_id=actor.organization_id)
    )


@access.register_policy("cases.CaseCustody")
def custody_policy(actor, action, qs):
    return None  # read only inside cases.policies (former_q), never listed
