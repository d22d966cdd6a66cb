"""Registering many cases at once, for the importers (imports/): the rows the forms write (case,
parties, persons, violations, means, timeline) inserted a kind at a time inside the caller's
transaction, numbered by one move of the protocol counter.

No audit event per case: the importer writes one for its batch (issue 16). The apps that keep
rows derived from cases hear of them through ``extensions.cases_added`` in the same
transaction. The caller has checked who acts, for which service, and where (territory).
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from serdh.core.bulkrows import copy_objects
from serdh.people import services as people

from . import extensions
from .acting import line
from .choices import CaseStatus, PartyRole, Recurrence, Urgency
from .models import Case, CaseEvent, Party, ProtocolCounter, Violation

Means = Violation.means.through


@dataclass
class PartySpec:
    role: str
    person: dict | None = None  # people.services fields, checked with people.check_person
    person_id: int | None = None  # an existing person the importing service may see
    same_as: "PartySpec | None" = None  # the person another party of this insert creates
    age_years: int | None = None
    sex: str = ""


@dataclass
class ViolationSpec:
    type_id: int
    subtype_id: int | None = None
    motivation_id: int | None = None
    relationship_id: int | None = None
    vulnerable_group_id: int | None = None
    recurrence: str = Recurrence.UNKNOWN
    means_ids: tuple = ()


@dataclass
class CaseSpec:
    municipality_id: int
    intake_channel_id: int
    reported_on: object  # date
    victim: PartySpec
    violations: list = field(default_factory=list)
    occurred_on: object = None
    place_id: int | None = None
    urgency: str = Urgency.MEDIUM
    narrative: str = ""
    author: PartySpec | None = None
    note: str = ""  # the timeline line: where the case came from (no names: managers read it)
    detail: str = ""  # more of where it came from, encrypted (shown with the whole case)


def next_protocols(state_code, year, count):
    """``count`` consecutive protocol numbers, the counter row locked until the caller's
    transaction ends (as registration.next_protocol)."""
    ProtocolCounter.objects.bulk_create(
        [ProtocolCounter(state_code=state_code, year=year, last=0)], ignore_conflicts=True
    )
    counter = ProtocolCounter.objects.filter(state_code=state_code, year=year)
    counter.update(last=F("last") + count)
    last = counter.values_list("last", flat=True).get()
    return [f"{state_code}-{year}-{n:06d}" for n in range(last - count + 1, last + 1)]


def _known_at(day):
    """When the network knew of a case that came from elsewhere: noon of its notification."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def register_many(user, organization, specs):
    """Insert ``specs`` (CaseSpec) as registered cases of ``organization``; returns the cases
    in the same order. ``registered_at`` is the notification day (monitoring counts an imported
    case in the month it was known, not the month it was imported)."""
    if not specs:
        return []
    now = timezone.now()
    protocols = next_protocols(settings.SERDH_STATE, timezone.localdate().year, len(specs))
    cases = copy_objects(
        Case,
        [
            Case(
                protocol=protocol,
                status=CaseStatus.REGISTERED,
                municipality_id=spec.municipality_id,
                organization=organization,
                created_by=user,
                intake_channel_id=spec.intake_channel_id,
                reported_on=spec.reported_on,
                occurred_on=spec.occurred_on,
                place_id=spec.place_id,
                urgency=spec.urgency,
                narrative=spec.narrative,
                registered_at=min(_known_at(spec.reported_on), now),
            )
            for spec, protocol in zip(specs, protocols, strict=True)
        ],
    )
    # Persons: new ones in one insert, then their search tokens and matching keys.
    party_specs = [
        (case, party)
        for case, spec in zip(cases, specs, strict=True)
        for party in (spec.victim, spec.author)
        if party is not None
    ]
    new_persons, by_spec = {}, {}
    for index, (_case, party) in enumerate(party_specs):
        if party.person and party.person_id is None and party.same_as is None:
            new_persons[index] = by_spec[id(party)] = people.build_person(
                organization, party.person
            )
    for index, (_case, party) in enumerate(party_specs):
        if party.same_as is not None and party.person_id is None:
            new_persons[index] = by_spec[id(party.same_as)]
    saved = copy_objects(people.Person, list(by_spec.values()))
    people.index_many(saved)
    parties = copy_objects(
        Party,
        [
            Party(
                case=case,
                role=party.role,
                ordinal=1,
                person_id=(new_persons[index].pk if index in new_persons else party.person_id),
                age_years=party.age_years,
                sex=party.sex or (party.person or {}).get("sex") or "",
            )
            for index, (case, party) in enumerate(party_specs)
        ],
    )
    by_case = {}
    for party in parties:
        by_case.setdefault(party.case_id, {})[party.role] = party
    violations, means = [], []
    for case, spec in zip(cases, specs, strict=True):
        roles = by_case.get(case.pk, {})
        for v in spec.violations:
            violations.append(
                (
                    Violation(
                        case=case,
                        victim=roles[PartyRole.VICTIM],
                        author=roles.get(PartyRole.AUTHOR),
                        type_id=v.type_id,
                        subtype_id=v.subtype_id,
                        motivation_id=v.motivation_id,
                        relationship_id=v.relationship_id,
                        vulnerable_group_id=v.vulnerable_group_id,
                        recurrence=v.recurrence,
                        created_by=user,
                    ),
                    v.means_ids,
                )
            )
    inserted = copy_objects(Violation, [v for v, _m in violations])
    for violation, (_v, means_ids) in zip(inserted, violations, strict=True):
        means.extend(Means(violation_id=violation.pk, term_id=m) for m in means_ids)
    Means.objects.bulk_create(means)
    lines = [
        line(
            case,
            "registered",
            spec.note or case.protocol,
            user=user,
            organization=organization,
            detail=spec.detail,
        )
        for case, spec in zip(cases, specs, strict=True)
    ]
    copy_objects(CaseEvent, lines)
    _attach(cases, parties, inserted, new_persons)
    extensions.cases_added(cases)
    return cases


def _attach(cases, parties, violations, new_persons):
    """What the insert made, on each case as a prefetch would have put it (the apps told of
    new cases read them instead of reading them back)."""
    known = people.Person.objects.in_bulk(
        {p.person_id for p in parties if p.person_id} - {p.pk for p in new_persons.values()}
    )
    made = {p.pk: p for p in new_persons.values()}
    per_case = {case.pk: {"parties": [], "violations": [], "referrals": []} for case in cases}
    for party in parties:
        if party.person_id:
            party.person = made.get(party.person_id) or known[party.person_id]
        per_case[party.case_id]["parties"].append(party)
    for violation in violations:
        per_case[violation.case_id]["violations"].append(violation)
    for case in cases:
        case._prefetched_objects_cache = per_case[case.pk]
        case.first_follow_up = None
