"""What workflow adds to the case pages (through cases.extensions)."""

from django.template.loader import render_to_string
from django.urls import reverse

from serdh.core import access
from serdh.core.roles import CASEWORK_ROLES, Role

from . import closure, flags
from .models import Assignment


def team_panel(request, case, mode):
    """'Equipe do caso': the responsible professional and the others assigned, per service the
    user may see; the coordinator's link to assign; the closure waiting for review."""
    actor = access.actor_for(request.user)
    if mode not in ("full", "summary") or not actor.has_role(*CASEWORK_ROLES):
        return ""
    assignments = list(
        Assignment.objects.restrict(request.user)
        .filter(case=case, ended_at__isnull=True)
        .select_related("user", "organization")
        .order_by("organization__name", "-is_responsible", "pk")
    )
    pending = closure.pending(case) if mode == "full" else None
    return render_to_string(
        "workflow/_team_panel.html",
        {
            "case": case,
            "assignments": assignments,
            "mine": [a for a in assignments if a.organization_id == actor.organization_id],
            "can_assign": actor.has_role(Role.COORDINATOR)
            and mode == "full"
            and case.status != "draft",
            "pending": pending,
            "can_decide": pending is not None
            and actor.has_role(Role.COORDINATOR)
            and pending.organization_id == actor.organization_id,
            "can_withdraw": pending is not None and pending.requested_by_id == request.user.pk,
        },
        request=request,
    )


def closure_route(user, case):
    if closure.needs_review(user, case):
        return reverse("workflow:closure_request", args=[case.pk])
    return None


def flag_banner(case):
    """Safety warnings at the top of every page of the case: the kinds only."""
    active = list(flags.active(case).select_related("organization"))
    if not active:
        return ""
    return render_to_string("workflow/_flag_banner.html", {"flags": active})


def flags_panel(request, case, mode):
    """The flags with who set them and why, and the links to set and remove (full view)."""
    if mode != "full":
        return ""
    actor = access.actor_for(request.user)
    can_change = actor.has_role(*CASEWORK_ROLES) and case.status != "closed"
    return render_to_string(
        "workflow/_flags_panel.html",
        {
            "case": case,
            "flags": list(flags.active(case).select_related("organization", "flagged_by")),
            "can_change": can_change,
        },
        request=request,
    )


def tasks_panel(request, case, mode):
    """The case's open tasks of the user's service, with the link to schedule one."""
    from .models import Task

    if mode != "full" or not access.actor_for(request.user).has_role(*CASEWORK_ROLES):
        return ""
    open_tasks = list(
        Task.objects.filter(case=case, status="open")
        .restrict_if_any(request.user)
        .select_related("assigned_to")
        .order_by("due_date", "pk")
    )
    return render_to_string(
        "workflow/_tasks_panel.html",
        {"case": case, "tasks": open_tasks, "can_add": case.is_open},
        request=request,
    )


def plan_panel(request, case, mode):
    """The plans of the services of the case, with the link to the user's service's plan."""
    from .models import CasePlan

    if mode != "full" or not access.actor_for(request.user).has_role(*CASEWORK_ROLES):
        return ""
    found = list(
        CasePlan.objects.filter(case=case)
        .restrict_if_any(request.user)
        .select_related("organization")
    )
    return render_to_string(
        "workflow/_plan_panel.html", {"case": case, "plans": found}, request=request
    )


def links_panel(request, case, mode):
    """Linked cases (only those the user may also see) and the case's families."""
    from . import duplicates, households

    if mode != "full" or not access.actor_for(request.user).has_role(*CASEWORK_ROLES):
        return ""
    return render_to_string(
        "workflow/_links_panel.html",
        {
            "case": case,
            "duplicates": duplicates.pending_for(request.user, case),
            "links": households.links_for(request.user, case),
            "households": households.households_for_case(request.user, case),
            "can_change": case.status != "draft" and case.status != "closed",
        },
        request=request,
    )
