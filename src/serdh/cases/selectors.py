"""Reads of SIMA data, always through restrict(). Lists use keyset pagination (by id) and
a fixed number of queries per page, so they stay fast with hundreds of thousands of cases."""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
)

from serdh.core import access
from serdh.core.roles import CASEWORK_ROLES, Role
from serdh.people.selectors import persons_named

from .choices import (
    AWAITING_DECISION,
    ENGAGED,
    ENGAGED_OPEN,
    OPEN_REFERRAL_STATUSES,
    CaseStatus,
    PartyRole,
    urgency_rank,
)
from .models import Case, Party, Referral, Violation
from .policies import PSEUDONYMIZED, SUMMARY

PAGE_SIZE = 25


@dataclass
class Page:
    rows: list
    next_cursor: int | None
    cursor: int | None


def case_mode(user):
    """'full' for the services, 'pseudonymized' for managers, None for everyone else."""
    actor = access.actor_for(user)
    if actor.has_role(*CASEWORK_ROLES):
        return "full"
    if actor.has_role(Role.MUNICIPAL_MANAGER, Role.STATE_MANAGER):
        return "pseudonymized"
    return None


def _row_prefetches(full):
    victims = Party.objects.filter(role=PartyRole.VICTIM).order_by("ordinal")
    if full:
        victims = victims.select_related("person")
    return (
        Prefetch("violations", queryset=Violation.objects.select_related("type", "subtype")),
        Prefetch("parties", queryset=victims, to_attr="victims"),
    )


def case_list(user, filters=None, cursor=None, page_size=PAGE_SIZE):
    filters = filters or {}
    mode = case_mode(user)
    if mode is None:
        return Page([], None, None)
    action = access.VIEW if mode == "full" else PSEUDONYMIZED
    qs = Case.objects.restrict(user, action).select_related(
        "municipality", "organization", "intake_channel"
    )
    if protocol := (filters.get("protocol") or "").strip().upper():
        qs = qs.filter(protocol__startswith=protocol)
    if mode == "full" and (name := (filters.get("name") or "").strip()):
        qs = qs.filter(
            Exists(Party.objects.filter(case=OuterRef("pk"), person_id__in=persons_named(name)))
        )
    if term := filters.get("type"):
        qs = qs.filter(
            Exists(
                Violation.objects.filter(case=OuterRef("pk")).filter(Q(type=term) | Q(subtype=term))
            )
        )
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if urgency := filters.get("urgency"):
        qs = qs.filter(urgency=urgency)
    if municipality := filters.get("municipality"):
        qs = qs.filter(municipality=municipality)
    if since := filters.get("since"):
        qs = qs.filter(reported_on__gte=since)
    if until := filters.get("until"):
        qs = qs.filter(reported_on__lte=until)
    if cursor:
        qs = qs.filter(pk__lt=cursor)
    rows = list(
        qs.order_by("-pk").prefetch_related(*_row_prefetches(mode == "full"))[: page_size + 1]
    )
    next_cursor = rows[page_size - 1].pk if len(rows) > page_size else None
    return Page(rows[:page_size], next_cursor, cursor)


# Rows of each inbox section per page (like the case list): the most urgent first, the rest
# a page further (?aguardando=2). The totals come from inbox_counts.
INBOX_LIMIT = PAGE_SIZE
INBOX_MAX_PAGE = 1000


def _case_summary_prefetches():
    """The violations and victims a referral row shows (labels; role, number and age band)."""
    violations = Violation.objects.select_related("type", "subtype")
    victims = Party.objects.filter(role=PartyRole.VICTIM).order_by("ordinal")
    return (
        Prefetch(
            "case__violations",
            queryset=violations.only(
                "id", "case", "type", "subtype", "type__label", "subtype__label"
            ),
        ),
        Prefetch(
            "case__parties",
            queryset=victims.only("id", "case", "role", "ordinal", "age_years"),
            to_attr="victims",
        ),
    )


def _with_case_summary(qs):
    return qs.select_related("case__municipality", "from_organization").prefetch_related(
        *_case_summary_prefetches()
    )


# What the inbox shows of each referral (cases/templatetags/inbox_rows.py and the sent table),
# and nothing more: over two hundred rows a page, whose other columns (timestamps, notes, the
# case's encrypted narrative) would cost more to load than the page itself.
INBOX_COLUMNS = (
    *("id", "urgency", "due_date", "status", "case_id", "from_organization_id"),
    *("case__id", "case__protocol", "case__municipality_id", "case__municipality__name"),
    *("from_organization__id", "from_organization__name"),
)
SENT_COLUMNS = (
    *("id", "status", "due_date", "case_id", "to_organization_id", "case__id", "case__protocol"),
    *("to_organization__id", "to_organization__name"),
)


def inbox(user, organization, *, engaged=False, limit=None, page=1):
    """Referrals to the service in the order they need a decision: by urgency (critical
    first), then by deadline. Those awaiting its decision or (``engaged``) those it accepted
    and is working on. ``limit`` rows (INBOX_LIMIT) of page ``page``; the counts come from
    ``inbox_counts``."""
    statuses = ENGAGED_OPEN if engaged else AWAITING_DECISION
    qs = _with_case_summary(
        # CHANGE: the referrals on the service's own side, without the case-visibility
        # subquery that VIEW adds for other services' referrals of the same cases.
        Referral.objects.restrict(user, access.CHANGE)
        # The same status list as the partial indexes' condition (cases.models.Referral).
        .filter(to_organization=organization, status__in=statuses)
        .annotate(urgency_rank=urgency_rank())
        .order_by("urgency_rank", "due_date", "pk")
    ).only(*INBOX_COLUMNS)
    size = INBOX_LIMIT if limit is None else limit
    start = (max(1, min(page, INBOX_MAX_PAGE)) - 1) * size
    return qs[start : start + size]


def sent_referrals(user, organization, cursor=None, page_size=None):
    """The service's sent referrals, newest first, a page at a time (keyset by id)."""
    page_size = page_size or PAGE_SIZE
    qs = Referral.objects.restrict(user, access.CHANGE).filter(from_organization=organization)
    if cursor:
        qs = qs.filter(pk__lt=cursor)
    rows = list(
        qs.select_related("case", "to_organization")
        .only(*SENT_COLUMNS)
        .prefetch_related(*_case_summary_prefetches())
        .order_by("-pk")[: page_size + 1]
    )
    next_cursor = rows[page_size - 1].pk if len(rows) > page_size else None
    return Page(rows[:page_size], next_cursor, cursor)


def overdue_count(user, organization, today=None):
    from django.utils import timezone

    return (
        Referral.objects.restrict(user, access.CHANGE)
        .filter(
            to_organization=organization,
            status__in=AWAITING_DECISION,
            due_date__lt=today or timezone.localdate(),
        )
        .count()
    )


def inbox_counts(user, organization):
    counts = (
        Referral.objects.restrict(user, access.CHANGE)
        .filter(to_organization=organization, status__in=OPEN_REFERRAL_STATUSES)
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in counts}


def case_for(user, pk):
    """(case, mode) for the case page: 'full', 'pseudonymized' or 'summary'; (None, None) when
    the case is not the user's business (404)."""
    for action, mode in (
        (access.VIEW, "full"),
        (PSEUDONYMIZED, "pseudonymized"),
        (SUMMARY, "summary"),
    ):
        case = (
            Case.objects.restrict(user, action)
            .select_related(
                "municipality__state",
                "organization",
                "intake_channel",
                "place",
                "closure_reason",
                "created_by",
            )
            .filter(pk=pk)
            .first()
        )
        if case is not None:
            if mode == "full" and is_former(user, case):
                return case, "former"
            return case, mode
    return None, None


def is_former(user, case):
    """Whether the user's service sees this case only as its former owner (CaseCustody)."""
    actor = access.actor_for(user)
    if not actor.has_role(*CASEWORK_ROLES) or case.organization_id == actor.organization_id:
        return False
    return (
        not case.referrals.filter(
            to_organization_id=actor.organization_id, status__in=ENGAGED
        ).exists()
        and case.custodies.filter(organization_id=actor.organization_id).exists()
    )


def case_details(case, full, user=None, former=False):
    """What the case page shows. With ``user``, follow-ups, attachments and referrals are
    those the user may see; ``former`` (case_for's mode) hides the timeline's free text that
    other services wrote."""
    parties = list(case.parties.select_related("person") if full else case.parties.all())
    violations = list(
        case.violations.select_related(
            "type", "subtype", "motivation", "relationship", "vulnerable_group", "victim", "author"
        ).prefetch_related("means")
    )
    referrals = case.referrals.select_related("from_organization", "to_organization")
    follow_ups = case.follow_ups.select_related("organization", "kind", "recorded_by")
    attachments = case.attachments.select_related("organization") if full else None
    if user is not None:
        action = access.VIEW if full else PSEUDONYMIZED
        referrals = access.restrict_if_any(referrals, user, action)
        follow_ups = access.restrict_if_any(follow_ups, user, action)
        if attachments is not None:
            attachments = access.restrict_if_any(attachments, user, access.VIEW)
    referrals, follow_ups = list(referrals), list(follow_ups)
    attachments = list(attachments) if attachments is not None else []
    events = list(case.events.select_related("actor", "organization"))
    if user is not None and former:
        # A former owner reads the timeline's lines, but the free text (reasons, notes,
        # follow-up records) only of what its own service wrote.
        own = access.actor_for(user).organization_id
        for event in events:
            if event.organization_id != own:
                event.detail = ""
    return {
        "parties": parties,
        "violations": violations,
        "referrals": referrals,
        "follow_ups": follow_ups,
        "attachments": attachments,
        "events": events,
    }


def services_of_persons(person_ids):
    """{person_id: [Organization]}: the services that hold a registered case of each person,
    for a suggestion at intake to say whom to contact (people.suggest; names and phones only,
    never the cases)."""
    from serdh.network.models import Organization

    out = {}
    if not person_ids:
        return out
    rows = (
        Party.objects.filter(person_id__in=person_ids)
        .exclude(case__status=CaseStatus.DRAFT)
        .values_list("person_id", "case__organization_id")
        .distinct()
    )
    wanted = {}
    for person_id, organization_id in rows:
        wanted.setdefault(person_id, set()).add(organization_id)
    organizations = Organization.objects.in_bulk({o for s in wanted.values() for o in s})
    for person_id, ids in wanted.items():
        out[person_id] = sorted(
            (organizations[o] for o in ids if o in organizations), key=lambda o: o.name
        )
    return out
