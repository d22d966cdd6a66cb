"""Reads for the supervision page: caseload per professional, the cases without a responsible,
what is overdue per professional. A fixed number of queries, whatever the team's size."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from serdh.cases.choices import AWAITING_DECISION, PartyRole
from serdh.cases.models import Case, Party, Referral, Violation
from serdh.core import access
from serdh.core.roles import Role

from .assignments import team
from .choices import ClosureStatus
from .models import Assignment, ClosureRequest

OPEN = ("registered", "in_follow_up")


def service_cases(user, organization):
    """The open cases the service follows (registered by it or accepted by it)."""
    return (
        Case.objects.restrict(user, access.VIEW)
        .filter(status__in=OPEN)
        .filter(
            Q(organization=organization)
            | Q(
                Exists(
                    Referral.objects.filter(
                        case=OuterRef("pk"),
                        to_organization=organization,
                        status__in=("accepted", "in_progress"),
                    )
                )
            )
        )
    )


def _service_parts(user, organization):
    """``service_cases`` as two disjoint parts, each read through an index instead of a scan
    of every open case of the network: the cases the service registered (case_org_status)
    and the others it accepted (referral_inbox)."""
    visible = Case.objects.restrict(user, access.VIEW).filter(status__in=OPEN)
    accepted = Referral.objects.filter(
        to_organization=organization, status__in=("accepted", "in_progress")
    )
    return (
        visible.filter(organization=organization),
        visible.exclude(organization=organization).filter(pk__in=accepted.values("case_id")),
    )


def caseload(user, organization, today=None, members=None):
    members = list(team(organization)) if members is None else members
    counts, overdue, overdue_tasks = _caseload_counts(user, organization, today)
    roles = {value: str(label) for value, label in Role.choices}
    rows = []
    for m in members:
        c = counts.get(m.user_id, {})
        rows.append(
            {
                "membership": m,
                "role": roles.get(m.role) or m.get_role_display(),
                "responsible": c.get("responsible", 0),
                "others": c.get("others", 0),
                "overdue": overdue.get(m.user_id, 0),
                "overdue_tasks": overdue_tasks.get(m.user_id, 0),
            }
        )
    return rows


def _caseload_counts(user, organization, today=None):
    today = today or timezone.localdate()
    active = Assignment.objects.filter(organization=organization, ended_at__isnull=True)
    counts = {}
    for part in _service_parts(user, organization):
        rows = (
            active.filter(case__in=part.values("pk"))
            .values("user_id")
            .annotate(
                responsible=Count("pk", filter=Q(is_responsible=True)),
                others=Count("pk", filter=Q(is_responsible=False)),
            )
        )
        for row in rows:
            c = counts.setdefault(row["user_id"], {"responsible": 0, "others": 0})
            c["responsible"] += row["responsible"]
            c["others"] += row["others"]
    # Overdue per professional: referrals the service sent for the cases they are responsible
    # for, past their deadline and still without an answer (theirs to chase).
    overdue = dict(
        Referral.objects.filter(
            from_organization=organization,
            status__in=AWAITING_DECISION,
            due_date__lt=today,
            case__assignments__organization=organization,
            case__assignments__ended_at__isnull=True,
            case__assignments__is_responsible=True,
        )
        .values("case__assignments__user_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("case__assignments__user_id", "n")
    )
    from .models import Task

    overdue_tasks = dict(
        Task.objects.filter(organization=organization, status="open", due_date__lt=today)
        .values("assigned_to_id")
        .annotate(n=Count("pk"))
        .values_list("assigned_to_id", "n")
    )
    return counts, overdue, overdue_tasks


def without_responsible(user, organization, cursor=None, page_size=50):
    responsible = Assignment.objects.filter(
        case=OuterRef("pk"),
        organization=organization,
        is_responsible=True,
        ended_at__isnull=True,
    )
    from django.db.models import Prefetch

    qs = service_cases(user, organization).filter(~Exists(responsible))
    total = sum(
        part.filter(~Exists(responsible)).count() for part in _service_parts(user, organization)
    )
    if cursor:
        qs = qs.filter(pk__lt=cursor)
    rows = list(
        qs.select_related("municipality")
        .prefetch_related(
            Prefetch(
                "violations",
                # A subtype's label names its parent (the bulk form's choices).
                queryset=Violation.objects.select_related("type", "subtype__parent"),
            ),
            Prefetch(
                "parties",
                queryset=Party.objects.filter(role=PartyRole.VICTIM).order_by("ordinal"),
                to_attr="victims",
            ),
        )
        .order_by("-pk")[: page_size + 1]
    )
    next_cursor = rows[page_size - 1].pk if len(rows) > page_size else None
    return rows[:page_size], next_cursor, total


def pending_closures(user):
    return (
        ClosureRequest.objects.restrict(user, access.CHANGE)
        .filter(status=ClosureStatus.PENDING)
        .select_related("case", "requested_by", "reason")
        .order_by("requested_at")
    )
