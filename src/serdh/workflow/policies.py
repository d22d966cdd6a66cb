"""Who sees and changes the work around cases (DESIGN.md, 'Access'), and the caseload rule that
narrows what a worker sees of their own service's cases.

Caseload: inside a service, a worker (técnico) sees in full the cases assigned to them and those
nobody in the service is assigned to; the service's other cases show the summary a receiving
service sees before accepting (cases.policies ``summary`` already covers every involved case),
plus who is responsible. A service may keep "everyone sees everything" (TeamSettings) for a very
small team. The coordinator sees all of the service's cases. Managers and break-the-glass are
not affected.
"""

from django.db.models import Exists, OuterRef, Q

from serdh.cases.models import Case
from serdh.core import access
from serdh.core.roles import CASEWORK_ROLES, Role

from .models import Assignment, CasePlan, Household, TeamSettings


def caseload_q(actor):
    """The cases of the actor's service that a worker sees in full."""
    team = Assignment.objects.filter(
        case=OuterRef("pk"), organization_id=actor.organization_id, ended_at__isnull=True
    )
    open_team = TeamSettings.objects.filter(
        organization_id=actor.organization_id, everyone_sees_all=True
    )
    return Exists(team.filter(user_id=actor.user_id)) | ~Exists(team) | Exists(open_team)


@access.register_refinement("cases.Case")
def caseload_refinement(actor, action, qs):
    if action in (access.VIEW, access.CHANGE) and actor.has_role(Role.WORKER):
        return qs.filter(caseload_q(actor))
    return qs


def _service_cases(actor):
    return access.restrict(Case.objects.all(), actor, "summary")


@access.register_policy("workflow.Assignment")
def assignment_policy(actor, action, qs):
    """Who is assigned is shown with the summary (to the service's team and to those who may
    see the case); the coordinator of the service assigns."""
    if not actor.has_role(*CASEWORK_ROLES):
        return None
    if action == access.VIEW:
        mine = Q(organization_id=actor.organization_id)
        visible = access.restrict(Case.objects.all(), actor, access.VIEW)
        return qs.filter(mine | Q(case__in=visible.values("pk")))
    if action in (access.ADD, access.CHANGE) and actor.has_role(Role.COORDINATOR):
        return qs.filter(organization_id=actor.organization_id)
    return None


@access.register_policy("workflow.TeamSettings")
def team_settings_policy(actor, action, qs):
    """The team's settings: read by its team, changed by its coordinator; opening every case
    to the whole team is approved by the service's coordinators or its municipality's
    manager (workflow.team excludes the requester)."""
    if action == access.VIEW and actor.has_role(*CASEWORK_ROLES):
        return qs.filter(organization_id=actor.organization_id)
    if action == access.CHANGE and actor.has_role(Role.COORDINATOR):
        return qs.filter(organization_id=actor.organization_id)
    if action == "approve":
        if actor.has_role(Role.COORDINATOR):
            return qs.filter(organization_id=actor.organization_id)
        if actor.has_role(Role.MUNICIPAL_MANAGER):
            return qs.filter(organization__municipality_id=actor.municipality_id)
    return None


@access.register_policy("workflow.ClosureRequest")
def closure_request_policy(actor, action, qs):
    """The requests of the actor's service: the team sees them with the case; the coordinator
    decides; the requester may withdraw their own."""
    if not actor.has_role(*CASEWORK_ROLES):
        return None
    own = qs.filter(organization_id=actor.organization_id)
    if action == access.VIEW:
        if actor.has_role(Role.COORDINATOR):
            return own
        visible = access.restrict(Case.objects.all(), actor, access.VIEW)
        return own.filter(case__in=visible.values("pk"))
    if action == access.CHANGE and actor.has_role(Role.COORDINATOR):
        return own
    if action == access.DELETE:
        return own.filter(requested_by_id=actor.user_id)
    return None


@access.register_policy("workflow.Notification")
def notification_policy(actor, action, qs):
    # Each person's own, whatever the role (an admin is told that a membership waits).
    if actor.is_anonymous or action not in (access.VIEW, access.CHANGE):
        return None
    return qs.filter(user_id=actor.user_id)


@access.register_policy("workflow.NotificationPreference")
def preference_policy(actor, action, qs):
    if actor.is_anonymous:
        return None
    return qs.filter(user_id=actor.user_id)


@access.register_policy("workflow.SafetyFlag")
def safety_flag_policy(actor, action, qs):
    """Flags are seen with the summary (by every service that may see the case's summary,
    a receiving service before it accepts included) and by managers with the pseudonymized
    case; set and removed by the services that may change the case."""
    if action == access.VIEW:
        if actor.has_role(*CASEWORK_ROLES):
            return qs.filter(case__in=_service_cases(actor).values("pk"))
        cases = access.restrict(Case.objects.all(), actor, "pseudonymized")
        return qs.filter(case__in=cases.values("pk"))
    if action == access.CHANGE and actor.has_role(*CASEWORK_ROLES):
        cases = access.restrict(Case.objects.all(), actor, access.CHANGE)
        return qs.filter(case__in=cases.values("pk"))
    return None


@access.register_policy("workflow.Task")
def task_policy(actor, action, qs):
    """A service's tasks on the cases the actor sees in full (the coordinator: all of the
    service's), and every task assigned to the actor; done or cancelled by the same."""
    if action not in (access.VIEW, access.CHANGE) or not actor.has_role(*CASEWORK_ROLES):
        return None
    visible = access.restrict(Case.objects.all(), actor, access.VIEW)
    # A correlated EXISTS, not ``case__in``: PostgreSQL checks the case of each task it reads
    # (by primary key) instead of listing every case the actor sees (a scan of all cases).
    return qs.filter(organization_id=actor.organization_id).filter(
        Q(assigned_to_id=actor.user_id) | Q(Exists(visible.filter(pk=OuterRef("case_id"))))
    )


@access.register_policy("workflow.CasePlan")
def plan_policy(actor, action, qs):
    """A service's plan is read with the whole case by every service involved (the network
    follows it together); the service that made it changes it; its coordinator approves."""
    if not actor.has_role(*CASEWORK_ROLES) or action not in (access.VIEW, access.CHANGE):
        return None
    visible = access.restrict(Case.objects.all(), actor, action)
    qs = qs.filter(case__in=visible.values("pk"))
    if action == access.CHANGE:
        qs = qs.filter(organization_id=actor.organization_id)
    return qs


@access.register_policy("workflow.PlanAction")
def plan_action_policy(actor, action, qs):
    plans = access.restrict(CasePlan.objects.all(), actor, action)
    return qs.filter(plan__in=plans.values("pk"))


@access.register_policy("workflow.CaseLink")
def case_link_policy(actor, action, qs):
    """A link is seen only by those who may see both cases in full, and made or removed by
    those who also may change one of them."""
    if not actor.has_role(*CASEWORK_ROLES) or action not in (access.VIEW, access.CHANGE):
        return None
    visible = access.restrict(Case.objects.all(), actor, access.VIEW).values("pk")
    qs = qs.filter(case_a__in=visible, case_b__in=visible)
    if action == access.CHANGE:
        changeable = access.restrict(Case.objects.all(), actor, access.CHANGE).values("pk")
        qs = qs.filter(Q(case_a__in=changeable) | Q(case_b__in=changeable))
    return qs


@access.register_policy("workflow.DuplicateProposal")
def duplicate_proposal_policy(actor, action, qs):
    """A possible duplicate is the business of the two registering services: each sees and
    answers it on its own case (workflow.duplicates)."""
    if not actor.has_role(*CASEWORK_ROLES) or action not in (access.VIEW, access.CHANGE):
        return None
    own = access.restrict(
        Case.objects.filter(organization_id=actor.organization_id), actor, action
    ).values("pk")
    return qs.filter(Q(case_a__in=own) | Q(case_b__in=own))


@access.register_policy("workflow.Household")
def household_policy(actor, action, qs):
    """A family record is the service's own (SUAS): its team reads and keeps it. Who its
    members are is shown by name only where the reader may see the person (views)."""
    if not actor.has_role(*CASEWORK_ROLES) or action not in (access.VIEW, access.CHANGE):
        return None
    return qs.filter(organization_id=actor.organization_id)


@access.register_policy("workflow.HouseholdMember")
def household_member_policy(actor, action, qs):
    households = access.restrict(Household.objects.all(), actor, action)
    return qs.filter(household__in=households.values("pk"))
