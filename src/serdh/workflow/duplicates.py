"""The same fact reported by two services (issue 15): proposed as a linked case.

When a registered case gets a victim who is a person of the registry, a kind of violation, or
when two persons are merged, the other registered cases of the same victim are looked at. A
case whose violation of that victim shares its kind and whose date (occurrence, else
notification, else registration) is within ``WINDOW_DAYS`` of this one is proposed as a
possible duplicate (``DuplicateProposal``), once per pair.

Each registering service answers on its own case, and each sees of the other case only what
a suggestion at intake already shows: that another service of the network holds a record of
the same person, its name and phone to talk to, unless it may see that case anyway. Both
services saying "the same fact" link the cases (``CaseLink`` of kind duplicate, shown only to
whoever may see both); either saying "different" closes the proposal. The teams are told that
something waits for them, never what. Every step is an audit event with ids only.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.cases.acting import acting_organization, lock_case
from serdh.cases.choices import CaseStatus, PartyRole
from serdh.cases.models import Case, Party, Violation
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError

from .choices import LinkKind
from .models import CaseLink, DuplicateProposal, DuplicateStatus

WINDOW_DAYS = 30
TRIGGERS = frozenset({"case.registered", "case.party_added", "case.violation_added"})


def _when(case):
    if case.occurred_on:
        return case.occurred_on
    if case.reported_on:
        return case.reported_on
    return case.registered_at.date() if case.registered_at else None


def _victim_kinds(case_ids, person_ids):
    """{(case_id, person_id): {violation type id}} for the victims among ``person_ids``."""
    found = {}
    rows = Violation.objects.filter(
        case_id__in=case_ids, victim__person_id__in=person_ids
    ).values_list("case_id", "victim__person_id", "type_id")
    for case_id, person_id, type_id in rows:
        found.setdefault((case_id, person_id), set()).add(type_id)
    return found


def _live(cases):
    return cases.exclude(status=CaseStatus.DRAFT).filter(anonymized_at__isnull=True)


def propose_for_case(case):
    """The proposals ``case`` gives rise to now (new ones only)."""
    if case.status == CaseStatus.DRAFT or case.anonymized_at:
        return []
    persons = set(
        Party.objects.filter(case=case, role=PartyRole.VICTIM, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    if not persons:
        return []
    others = (
        Party.objects.filter(person_id__in=persons, role=PartyRole.VICTIM)
        .exclude(case=case)
        .filter(case__in=_live(Case.objects.all()))
        .values_list("case_id", "person_id")
        .distinct()
    )
    pairs = list(others)
    if not pairs:
        return []
    kinds = _victim_kinds([case.pk, *(c for c, _p in pairs)], persons)
    cases = Case.objects.in_bulk([c for c, _p in pairs])
    when = _when(case)
    made = []
    for other_id, person_id in pairs:
        other = cases[other_id]
        mine, theirs = kinds.get((case.pk, person_id)), kinds.get((other_id, person_id))
        if not mine or not theirs or not (mine & theirs):
            continue
        other_when = _when(other)
        if when is None or other_when is None:
            continue
        days = abs((when - other_when).days)
        if days > WINDOW_DAYS:
            continue
        proposal = _propose(case, other, person_id, days)
        if proposal is not None:
            made.append(proposal)
    return made


def _propose(case, other, person_id, days):
    first, second = sorted([case.pk, other.pk])
    if DuplicateProposal.objects.filter(case_a_id=first, case_b_id=second).exists():
        return None
    if CaseLink.objects.filter(
        case_a_id=first, case_b_id=second, kind=LinkKind.DUPLICATE, removed_at__isnull=True
    ).exists():
        return None
    proposal = DuplicateProposal.objects.create(
        case_a_id=first,
        case_b_id=second,
        person_id=person_id,
        days_apart=days,
        created_at=timezone.now(),
    )
    audit.record(
        "case.duplicate_proposed",
        proposal,
        data={"cases": [first, second], "days": days},
    )
    _tell_teams(proposal)
    return proposal


def _tell_teams(proposal):
    from django.urls import reverse

    from . import notifications
    from .choices import NotificationKind
    from .events import team_users

    for case in Case.objects.filter(pk__in=[proposal.case_a_id, proposal.case_b_id]):
        notifications.notify_all(
            team_users(case.organization_id),
            NotificationKind.DUPLICATE_PROPOSED,
            _("Um caso do seu serviço pode ter sido registrado também por outro serviço."),
            reverse("cases:case_detail", args=[case.pk]) + "#casos-ligados",
            dedupe_key=f"duplicate:{proposal.pk}:{case.pk}",
        )


def on_audit_event(event, obj):
    """Proposals follow the changes that can make two cases the same fact."""
    if event.action in TRIGGERS and isinstance(obj, Case):
        propose_for_case(obj)
    elif event.action == "person.merged" and obj is not None:
        survivor = obj.survivor_id
        if survivor:
            case_ids = Party.objects.filter(person_id=survivor, role=PartyRole.VICTIM).values(
                "case_id"
            )
            for case in _live(Case.objects.filter(pk__in=case_ids)).order_by("pk"):
                propose_for_case(case)
    elif event.action == "person.unmerged" and obj is not None:
        _withdraw_unshared((obj.survivor_id, obj.absorbed_id))


def _withdraw_unshared(person_ids):
    """After an unmerge: pending proposals whose two cases no longer share a victim go."""
    pending = DuplicateProposal.objects.filter(
        person_id__in=person_ids, status=DuplicateStatus.PENDING
    )
    for proposal in pending:
        victims = [
            set(
                Party.objects.filter(case_id=case_id, role=PartyRole.VICTIM).values_list(
                    "person_id", flat=True
                )
            )
            for case_id in (proposal.case_a_id, proposal.case_b_id)
        ]
        if not (victims[0] & victims[1]) - {None}:
            audit.record(
                "case.duplicate_withdrawn",
                proposal,
                data={"cases": [proposal.case_a_id, proposal.case_b_id]},
            )
            proposal.delete()


def pending_for(user, case):
    """[{proposal, other, visible, answered, other_answered}] waiting on ``case`` for the
    user's service: ``other`` is the other case, named by its service only unless
    ``visible`` (the user may see it anyway)."""
    actor = access.actor_for(user)
    if case.organization_id != actor.organization_id:
        return []
    proposals = list(
        DuplicateProposal.objects.filter(
            Q(case_a=case) | Q(case_b=case), status=DuplicateStatus.PENDING
        )
        .restrict_if_any(user, access.VIEW)
        .select_related("case_a__organization", "case_b__organization")
    )
    if not proposals:
        return []
    out = []
    visible_ids = set(
        Case.objects.restrict(user, access.VIEW)
        .filter(pk__in=[p.case_b_id if p.case_a_id == case.pk else p.case_a_id for p in proposals])
        .values_list("pk", flat=True)
    )
    for proposal in proposals:
        other = proposal.case_b if proposal.case_a_id == case.pk else proposal.case_a
        out.append(
            {
                "proposal": proposal,
                "other": other,
                "visible": other.pk in visible_ids,
                "answered": proposal.answered(case),
                "other_answered": proposal.other_answered(case),
            }
        )
    return out


def answer(user, proposal_id, case, same):
    """The user's service says whether its ``case`` is the same fact as the other one."""
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        proposal = (
            DuplicateProposal.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(Q(case_a=case) | Q(case_b=case), pk=proposal_id)
            .first()
        )
        if proposal is None or case.organization_id != organization.pk:
            raise NotPermitted(_("Você não tem permissão para esta ação neste caso."))
        if proposal.status != DuplicateStatus.PENDING:
            raise ServiceError(_("Esta proposta já foi decidida."))
        side = proposal.side(case)
        if getattr(proposal, f"{side}_same") is not None:
            raise ServiceError(_("O seu serviço já respondeu a esta proposta."))
        now = timezone.now()
        setattr(proposal, f"{side}_same", bool(same))
        setattr(proposal, f"{side}_by", user)
        setattr(proposal, f"{side}_at", now)
        if not same:
            proposal.status = DuplicateStatus.REJECTED
        elif proposal.a_same and proposal.b_same:
            proposal.status = DuplicateStatus.CONFIRMED
            proposal.link = CaseLink.objects.create(
                case_a_id=proposal.case_a_id,
                case_b_id=proposal.case_b_id,
                kind=LinkKind.DUPLICATE,
                reason=_("Os dois serviços confirmaram que registraram o mesmo fato."),
                organization=organization,
                created_by=user,
                created_at=now,
            )
        proposal.save()
        audit.record(
            "case.duplicate_answered",
            proposal,
            data={"case": case.pk, "same": bool(same), "status": proposal.status},
        )
        if proposal.link_id:
            other_id = proposal.case_b_id if side == "a" else proposal.case_a_id
            audit.record(
                "case.linked",
                case,
                data={"link": proposal.link_id, "other": other_id},
            )
    return proposal


def anonymize(case_ids):
    """cases.anonymize's hook: an anonymized case is not proposed any more, and no proposal
    keeps pointing at its victim."""
    case_ids = list(case_ids)
    proposals = DuplicateProposal.objects.filter(
        Q(case_a_id__in=case_ids) | Q(case_b_id__in=case_ids)
    )
    proposals.filter(status=DuplicateStatus.PENDING).update(status=DuplicateStatus.REJECTED)
    proposals.update(person=None)
