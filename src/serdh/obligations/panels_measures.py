"""The protective measures section of the case page (through cases.extensions): only with the
case in full, to the services that follow it."""

from django.template.loader import render_to_string
from django.utils import timezone

from serdh.core import access
from serdh.core.roles import CASEWORK_ROLES

from .measures import HOURS_48, LMP_23, eligible_groups
from .models_measures import MeasureStatus, ProtectiveMeasure, UrgentMeasureRequest


def measures_panel(request, case, mode):
    if mode != "full" or case.registered_at is None:
        return ""
    actor = access.actor_for(request.user)
    if not actor.has_role(*CASEWORK_ROLES):
        return ""
    rows = list(
        ProtectiveMeasure.objects.filter(case=case, request__isnull=True)
        .restrict_if_any(request.user)
        .select_related("measure", "party", "applying_organization", "rights_group")
        .order_by("-applied_on", "-pk")
    )
    requests = list(
        UrgentMeasureRequest.objects.filter(case=case)
        .restrict_if_any(request.user)
        .select_related("victim")
        .prefetch_related("measures__measure", "measures__party")
        .order_by("-requested_at")
    )
    today = timezone.localdate()
    now = timezone.now()
    for row in rows:
        row.mine = row.organization_id == actor.organization_id
        row.review_due = (
            row.status == MeasureStatus.IN_FORCE and row.review_on and row.review_on <= today
        )
    for item in requests:
        item.mine = item.organization_id == actor.organization_id
        item.due_at = item.requested_at + HOURS_48
        item.overdue = item.decided_at is None and item.due_at < now
    groups = eligible_groups(case) if case.is_open else {}
    if not rows and not requests and not groups:
        return ""  # nothing recorded and no one on the case a measure could reach
    return render_to_string(
        "obligations/_measures_panel.html",
        {
            "case": case,
            "measures": rows,
            "requests": requests,
            "can_record": case.is_open,
            # The buttons show only where someone on the case can receive a measure.
            "can_measure": bool(groups),
            "can_request": LMP_23 in groups,
        },
        request=request,
    )
