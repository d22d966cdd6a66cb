"""What obligations adds to the case page (through cases.extensions): what the law requires,
of whom, by when, and how it was done; the child's hearings and the proceedings."""

from django.template.loader import render_to_string
from django.utils import timezone

from serdh.core import access
from serdh.core.roles import CASEWORK_ROLES

from . import rules
from .choices import ObligationStatus
from .links import OWN_FULFILMENT, action_for
from .models import Hearing, Obligation, Proceeding, RiskAssessment, SinanNotification


def obligations_panel(request, case, mode):
    if mode != "full" or case.registered_at is None:
        return ""
    actor = access.actor_for(request.user)
    if not actor.has_role(*CASEWORK_ROLES):
        return ""
    found = list(
        Obligation.objects.restrict(request.user)
        .filter(case=case)
        .exclude(status=ObligationStatus.VOID)
        .select_related("organization", "victim", "referral__to_organization")
        .order_by("status", "due_at", "pk")
    )
    now = timezone.now()
    for obligation in found:
        rule = rules.get(obligation.rule)
        obligation.source = rule.source if rule else ""
        obligation.term = rule.deadline if rule else ""
        obligation.overdue = obligation.status == ObligationStatus.DUE and obligation.due_at < now
        obligation.mine = obligation.organization_id == actor.organization_id
        obligation.action_url, obligation.action_label = action_for(obligation)
        obligation.by_communication = obligation.kind not in OWN_FULFILMENT
    hearings = list(
        Hearing.objects.filter(case=case)
        .restrict_if_any(request.user)
        .select_related("organization", "party")
    )
    proceedings = list(
        Proceeding.objects.filter(case=case)
        .restrict_if_any(request.user)
        .select_related("organization")
    )
    women = [p for p in case.parties.all() if p.role == "victim" and p.sex == "F"]
    assessments = (
        list(
            RiskAssessment.objects.filter(case=case)
            .restrict_if_any(request.user)
            .select_related("organization", "victim")
        )
        if women
        else []
    )
    notifications = list(
        SinanNotification.objects.filter(case=case)
        .restrict_if_any(request.user)
        .select_related("victim")
    )
    notified = {n.victim_id for n in notifications}
    victims_to_notify = [
        p for p in case.parties.all() if p.role == "victim" and p.pk not in notified
    ]
    return render_to_string(
        "obligations/_panel.html",
        {
            "case": case,
            "obligations": found,
            "hearings": hearings,
            "proceedings": proceedings,
            "women": women,
            "notifications": notifications,
            "victims_to_notify": victims_to_notify,
            "assessments": assessments,
            "can_record": case.is_open,
        },
        request=request,
    )
