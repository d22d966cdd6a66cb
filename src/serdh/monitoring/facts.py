"""Building the monitoring facts from the cases.

One function, ``build``, turns registered cases into fact rows. The incremental path
(``refresh_cases``, called by an audit listener inside the transaction of every case change)
and the full rebuild (``rebuild``, ``serdh monitoring rebuild``) both use it, so they cannot
disagree; a test checks it on generated data.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from serdh.cases.choices import CaseStatus, PartyRole, ReferralStatus
from serdh.cases.models import Case, Party
from serdh.core.bulkrows import insert_rows
from serdh.vocabularies.models import Term
from serdh.workflow.choices import LinkKind
from serdh.workflow.models import CaseLink

from . import disclosure, rollups
from .models import AgeBand, CaseFact, ReferralFact, ViolationFact

# Audit actions after which a case's facts are recomputed (same transaction).
TRIGGERS = frozenset(
    {
        "case.registered",
        "case.updated",
        "case.party_added",
        "case.violation_added",
        "case.violation_removed",
        "case.closed",
        "case.reopened",
        "referral.sent",
        "referral.received",
        "referral.accepted",
        "referral.declined",
        "referral.in_progress",
        "referral.completed",
        "referral.cancelled",
        "followup.recorded",
    }
)
FOLLOW_UP_WINDOW = timedelta(days=30)


def month(value):
    return value.replace(day=1) if value else None


def age_band(age):
    if age is None:
        return AgeBand.UNKNOWN
    if age < 12:
        return AgeBand.CHILD
    if age < 18:
        return AgeBand.ADOLESCENT
    if age < 30:
        return AgeBand.YOUTH
    if age < 60:
        return AgeBand.ADULT
    return AgeBand.ELDER


class TermIds:
    """Term codes kept on persons (encrypted there) → term ids, per vocabulary."""

    def __init__(self):
        self._by_vocabulary = {}

    def get(self, vocabulary, code):
        if not code:
            return None
        if vocabulary not in self._by_vocabulary:
            self._by_vocabulary[vocabulary] = dict(
                Term.objects.filter(vocabulary__key=vocabulary).values_list("code", "pk")
            )
        return self._by_vocabulary[vocabulary].get(code)


def cases_for_facts():
    return (
        Case.objects.exclude(status=CaseStatus.DRAFT)
        .exclude(registered_at__isnull=True)
        .select_related("municipality")
        .prefetch_related("parties__person", "violations", "referrals")
        .annotate(first_follow_up=Min("follow_ups__happened_on"))
        .order_by("pk")
    )


def repeated_facts(case_ids):
    """The cases among ``case_ids`` that their two services confirmed as the same fact as an
    older case (workflow.duplicates: a CaseLink of kind duplicate, the newer case ``case_b``).
    Their violations and the case itself are counted once, through the older case; their
    referrals stay (the network did that work)."""
    return set(
        CaseLink.objects.filter(
            kind=LinkKind.DUPLICATE, removed_at__isnull=True, case_b_id__in=list(case_ids)
        ).values_list("case_b_id", flat=True)
    )


def build(cases, term_ids=None):
    """(violation facts, referral facts, case facts) for ``cases`` (from cases_for_facts)."""
    term_ids = term_ids or TermIds()
    record_key = disclosure.RecordKeys()
    violations, referrals, case_rows = [], [], []
    cases = list(cases)
    repeated = repeated_facts(case.pk for case in cases)
    for case in cases:
        state = case.municipality.state_id
        registered = case.registered_at
        parties = {p.pk: p for p in case.parties.all()}
        counted = case.pk not in repeated
        for v in case.violations.all() if counted else ():
            victim = parties.get(v.victim_id)
            person = victim.person if victim is not None and victim.person_id else None
            author = parties.get(v.author_id) if v.author_id else None
            disabilities = person.disabilities if person is not None else ""
            violations.append(
                ViolationFact(
                    violation_id=v.pk,
                    case_id=case.pk,
                    person_id=person.pk if person is not None else None,
                    state_code=state,
                    municipality_id=case.municipality_id,
                    organization_id=case.organization_id,
                    occurred_month=month(case.occurred_on),
                    reported_month=month(case.reported_on),
                    registered_month=month(timezone.localdate(registered)),
                    type_id=v.type_id,
                    subtype_id=v.subtype_id,
                    group_id=v.vulnerable_group_id,
                    relationship_id=v.relationship_id,
                    place_id=case.place_id,
                    channel_id=case.intake_channel_id,
                    victim_sex=(victim.sex if victim else "") or "",
                    victim_age_band=age_band(victim.age_years if victim else None),
                    victim_race_id=term_ids.get("race_color", person and person.race_color),
                    victim_gender_id=term_ids.get(
                        "gender_identity", person and person.gender_identity
                    ),
                    victim_disability=bool(disabilities) if person is not None else None,
                    author_sex=(author.sex if author else "") or "",
                    case_status=case.status,
                    record_key=record_key("violation", v.pk),
                )
            )
        for r in case.referrals.all():
            answered = r.answered_at
            referrals.append(
                ReferralFact(
                    referral_id=r.pk,
                    case_id=case.pk,
                    state_code=state,
                    municipality_id=case.municipality_id,
                    from_organization_id=r.from_organization_id,
                    to_organization_id=r.to_organization_id,
                    to_municipality_id=0,  # filled below with to_kind, one query per batch
                    urgency=r.urgency,
                    status=r.status,
                    sent_at=r.sent_at,
                    sent_month=month(timezone.localdate(r.sent_at)),
                    due_date=r.due_date,
                    received_at=r.received_at,
                    answered_at=answered,
                    accepted=r.status
                    in (
                        ReferralStatus.ACCEPTED,
                        ReferralStatus.IN_PROGRESS,
                        ReferralStatus.COMPLETED,
                    ),
                    finished_at=r.finished_at,
                    hours_to_receive=(
                        (r.received_at - r.sent_at).total_seconds() / 3600
                        if r.received_at
                        else None
                    ),
                    hours_to_answer=(
                        (answered - r.sent_at).total_seconds() / 3600 if answered else None
                    ),
                    answered_late=(timezone.localdate(answered) > r.due_date if answered else None),
                    record_key=record_key("referral", r.pk),
                    refusal_id=r.refusal_id,
                    cancellation_id=r.cancellation_id,
                )
            )
        first = case.first_follow_up
        if not counted:
            continue
        case_rows.append(
            CaseFact(
                case_id=case.pk,
                state_code=state,
                municipality_id=case.municipality_id,
                organization_id=case.organization_id,
                registered_at=registered,
                registered_month=month(timezone.localdate(registered)),
                status=case.status,
                closed_at=case.closed_at,
                days_to_close=(
                    (case.closed_at - registered).total_seconds() / 86400
                    if case.closed_at
                    else None
                ),
                first_follow_up_on=first,
                follow_up_within_30=bool(
                    first and first <= timezone.localdate(registered) + FOLLOW_UP_WINDOW
                ),
                victim_person_ids=sorted(
                    {
                        p.person_id
                        for p in parties.values()
                        if p.role == PartyRole.VICTIM and p.person_id
                    }
                ),
                violations=len(case.violations.all()),
                record_key=record_key("case", case.pk),
            )
        )
    _fill_destinations(referrals)
    return violations, referrals, case_rows


def _fill_destinations(referral_facts):
    from serdh.network.models import Organization

    ids = {r.to_organization_id for r in referral_facts}
    where = {
        pk: (municipality, kind)
        for pk, municipality, kind in Organization.objects.filter(pk__in=ids).values_list(
            "pk", "municipality_id", "kind"
        )
    }
    for fact in referral_facts:
        fact.to_municipality_id, fact.to_kind = where.get(fact.to_organization_id, (0, ""))


def _insert(model, objects):
    """Fact rows written with COPY (core.bulkrows): no model preparation per value."""
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    return insert_rows(model, fields, ([getattr(o, f) for f in fields] for o in objects))


def _save(built):
    violations, referrals, case_rows = built
    _insert(ViolationFact, violations)
    _insert(ReferralFact, referrals)
    _insert(CaseFact, case_rows)
    return len(violations), len(referrals), len(case_rows)


def _delete(case_ids=None):
    for model in (ViolationFact, ReferralFact, CaseFact):
        qs = model.objects.all() if case_ids is None else model.objects.filter(case_id__in=case_ids)
        qs.delete()


def refresh_cases(case_ids):
    """Recompute the facts of these cases (call inside the transaction that changed them)."""
    case_ids = list(case_ids)
    with transaction.atomic():
        old = list(ViolationFact.objects.filter(case_id__in=case_ids))
        _delete(case_ids)
        built = build(cases_for_facts().filter(pk__in=case_ids))
        counts = _save(built)
        rollups.apply(old, built[0])
        return counts


def add_cases(cases):
    """Facts of cases just inserted (cases.bulk for the importers, the demo's generator):
    built from the objects the insert made, with their parties, persons, violations and
    referrals attached as a prefetch would (``first_follow_up`` set too), instead of reading
    them back; a new case has no facts to replace. The counts grow from the new fact rows, in
    the database (rollups.add_cases)."""
    from serdh.network.models import Municipality

    cases = list(cases)
    places = Municipality.objects.in_bulk({c.municipality_id for c in cases})
    for case in cases:
        case.municipality = places[case.municipality_id]
    with transaction.atomic():
        counts = _save(build(cases))
        rollups.add_cases([case.pk for case in cases])
        return counts


def rebuild(progress=None, batch_size=1000):
    """All facts from the cases, in one transaction (readers see the old facts until it
    commits). ``progress(done, total)`` after each batch. Returns the counts."""
    totals = [0, 0, 0]
    term_ids = TermIds()
    with transaction.atomic():
        _delete()
        ids = list(cases_for_facts().values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            counts = _save(build(cases_for_facts().filter(pk__in=chunk), term_ids))
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            if progress:
                progress(min(start + batch_size, len(ids)), len(ids))
        if progress and not ids:
            progress(0, 0)
        rollups.rebuild()
    return tuple(totals)


def case_id_of(obj):
    if isinstance(obj, Case):
        return obj.pk
    return getattr(obj, "case_id", None)


# A merge or unmerge of persons (people.merge) changes who the victims of the cases are.
PERSON_TRIGGERS = frozenset({"person.merged", "person.unmerged"})
# A link between cases may make one of them the same fact as the other (repeated_facts).
LINK_TRIGGERS = frozenset({"case.linked", "case.unlinked"})


def on_audit_event(event, obj):
    if event.action in PERSON_TRIGGERS and obj is not None:
        persons = (obj.survivor_id, obj.absorbed_id)
        refresh_cases(
            Party.objects.filter(person_id__in=persons).values_list("case_id", flat=True).distinct()
        )
        return
    if event.action in LINK_TRIGGERS and obj is not None:
        link = (
            CaseLink.objects.filter(pk=(event.data or {}).get("link"))
            .values_list("case_a_id", "case_b_id")
            .first()
        )
        refresh_cases(set(link) if link else {case_id_of(obj)})
        return
    if event.action not in TRIGGERS or obj is None:
        return
    case_id = case_id_of(obj)
    if case_id is not None:
        refresh_cases([case_id])
