"""The RMA's figures counted from SIMA's records, for one unit (a CRAS or CREAS) and one month.

Readings of the federal form, documented in docs/rma.md:

- A case is *followed* by the unit during the month when the unit was involved with it at some
  moment of the month: as the service that registered it or received it by transfer (from
  registration, or the transfer, until closure or a later transfer), or as a service that
  accepted a referral for it (from the acceptance until the referral ends or the case closes).
  A.1 counts those cases (closures and new cases of the month included); A.2 those whose
  involvement began in the month. One SIMA case is one PAEFI/PAIF case (family or individual).
- The profile items (B.6, C to I) count the *victims* of the month's new cases, each person
  once per item (a person with two kinds of violence is in both items, as the manual says),
  by sex and age at the occurrence. A victim an item applies to whose sex or age is missing
  cannot be put in a cell: it is listed apart, with its cases, so the unit completes the record.
- "Intrafamiliar" is violence by a relative, a spouse or partner, current or former (the
  relationship author–victim of the violation).
- Activities (Bloco II) are the unit's follow-ups of the month by kind, and its referrals of
  the month to a CRAS or a CREAS (families: distinct cases).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from serdh.cases.choices import FAMILY_RELATIONSHIPS, CaseStatus, PartyRole, ReferralStatus
from serdh.cases.models import Case, CaseCustody, FollowUp, Party, Referral, Violation
from serdh.network.choices import OrganizationKind
from serdh.obligations.models_measures import MeasureStatus, ProtectiveMeasure

from . import months

FAMILY = FAMILY_RELATIONSHIPS  # "intrafamiliar": relatives, spouses and partners
PHYSICAL_PSYCHOLOGICAL = frozenset({"physical", "psychological", "torture"})
WITH_SEXUAL = PHYSICAL_PSYCHOLOGICAL | {"sexual"}
# Commercial sexual exploitation (ECA arts. 244-A) and child pornography (arts. 240-241-E) are
# the exploitation of C.3; every other sexual violence against a child is the abuse of C.2.
EXPLOITATION = frozenset({"sexual.exploitation", "sexual.child_pornography"})
SHELTER_MEASURES = ("eca_101.institutional_care", "eca_101.foster_care")
CARE_KINDS = ("care", "specialized_listening")


@dataclass
class Act:
    case_id: int
    type: str
    subtype: str
    relationship: str
    motivation: str
    group: str


@dataclass
class Victim:
    sex: str
    age: int | None
    disabled: bool
    case_ids: set = field(default_factory=set)
    acts: list = field(default_factory=list)

    def any(self, test):
        return any(test(act) for act in self.acts)


def _intrafamily(types):
    return lambda act: act.type in types and act.relationship in FAMILY


def _of_type(*types):
    return lambda act: act.type in types


def _sexual_abuse(act):
    return act.type == "sexual" and act.subtype not in EXPLOITATION


def _exploitation(act):
    return act.subtype in EXPLOITATION


def _homeless(act):
    return act.group == "homeless" or act.motivation == "homelessness"


def _age_scope(low=None, high=None):
    """True, False, or None when the age is unknown."""

    def scope(victim):
        if victim.age is None:
            return None
        return (low is None or victim.age >= low) and (high is None or victim.age <= high)

    return scope


def _everyone(victim):
    return True


def _disabled(victim):
    return victim.disabled


def _adult_women(victim):
    adult = _age_scope(18, 59)(victim)
    if adult is False or victim.sex == "M":
        return False
    if adult is None or victim.sex != "F":
        return None  # cannot tell: listed apart for the unit to complete
    return True


# rule -> (who the item is about, what must have happened to them)
VICTIM_RULES = {
    "victims": (_everyone, None),  # every victim of a new case, whatever was recorded
    "children_intrafamily": (_age_scope(high=17), _intrafamily(PHYSICAL_PSYCHOLOGICAL)),
    "children_sexual_abuse": (_age_scope(high=17), _sexual_abuse),
    "children_sexual_exploitation": (_age_scope(high=17), _exploitation),
    "children_neglect": (_age_scope(high=17), _of_type("neglect")),
    "child_labour": (_age_scope(high=15), _of_type("child_labour")),
    "older_intrafamily": (_age_scope(low=60), _intrafamily(WITH_SEXUAL)),
    "older_neglect": (_age_scope(low=60), _of_type("neglect")),
    "disability_intrafamily": (_disabled, _intrafamily(WITH_SEXUAL)),
    "disability_neglect": (_disabled, _of_type("neglect")),
    "women_intrafamily": (_adult_women, _intrafamily(WITH_SEXUAL)),
    "trafficking": (_everyone, _of_type("trafficking")),
    "sexual_orientation": (_everyone, lambda act: act.motivation == "lgbtphobia"),
    "homeless": (_everyone, _homeless),
}


@dataclass
class Count:
    value: int = 0
    case_ids: set = field(default_factory=set)
    unplaced: set = field(default_factory=set)


class Counter:
    """Everything SIMA knows of one unit's month, counted once and read by every item."""

    def __init__(self, organization, month):
        self.organization = organization
        self.month = month
        self.start, self.end = months.bounds(month)
        self.begins = self._involvement()
        self.followed = set(self.begins)
        self.new = {pk for pk, begin in self.begins.items() if begin >= self.start}
        self._victims = None

    # -- cases the unit followed -------------------------------------------------------------

    def _involvement(self):
        """{case id: when the unit's involvement began} for cases it followed in the month."""
        org, start, end = self.organization.pk, self.start, self.end
        spans = defaultdict(list)  # case -> [(begin, finish or None)]
        live = Q(closed_at__isnull=True) | Q(closed_at__gte=start)
        owned = list(
            Case.objects.filter(live, organization_id=org, registered_at__lt=end)
            .exclude(status=CaseStatus.DRAFT)
            .values_list("pk", "registered_at", "closed_at")
        )
        held = list(
            CaseCustody.objects.filter(
                organization_id=org, ended_at__gte=start, case__registered_at__lt=end
            ).values_list("case_id", "ended_at", "case__registered_at", "case__closed_at")
        )
        # A transfer ends one owner's custody and begins the next one's.
        handovers = defaultdict(list)
        for case_id, ended_at in CaseCustody.objects.filter(
            case_id__in={pk for pk, *_ in owned} | {pk for pk, *_ in held}
        ).values_list("case_id", "ended_at"):
            handovers[case_id].append(ended_at)

        def began(case_id, registered_at, before=None):
            earlier = [t for t in handovers[case_id] if before is None or t < before]
            return max(earlier, default=registered_at)

        for pk, registered_at, closed_at in owned:
            spans[pk].append((began(pk, registered_at), closed_at))
        for pk, ended_at, registered_at, closed_at in held:
            finish = min(ended_at, closed_at) if closed_at else ended_at
            spans[pk].append((began(pk, registered_at, before=ended_at), finish))
        # Accepted at some point (answered and not declined): a referral cancelled after
        # its acceptance was followed until it ended (``finished_at``).
        referrals = (
            Referral.objects.filter(
                Q(finished_at__isnull=True) | Q(finished_at__gte=start),
                Q(case__closed_at__isnull=True) | Q(case__closed_at__gte=start),
                to_organization_id=org,
                answered_at__lt=end,
            )
            .exclude(status=ReferralStatus.DECLINED)
            .values_list("case_id", "answered_at", "finished_at", "case__closed_at")
        )
        for pk, answered_at, finished_at, closed_at in referrals:
            ends = [t for t in (finished_at, closed_at) if t is not None]
            spans[pk].append((answered_at, min(ends) if ends else None))
        begins = {}
        for pk, intervals in spans.items():
            if any(b < end and (f is None or f >= start) for b, f in intervals):
                begins[pk] = min(b for b, _ in intervals)
        return begins

    # -- victims of the month's new cases ----------------------------------------------------

    def victims(self):
        if self._victims is None:
            self._victims = self._load_victims()
        return self._victims

    def _load_victims(self):
        parties = Party.objects.filter(case_id__in=self.new, role=PartyRole.VICTIM).select_related(
            "person"
        )
        by_party, victims = {}, {}
        for party in parties:
            person = party.person
            key = ("person", party.person_id) if party.person_id else ("party", party.pk)
            victim = victims.get(key)
            if victim is None:
                victim = victims[key] = Victim(
                    sex=party.sex or (person.sex if person else ""),
                    age=party.age_years,
                    disabled=bool(person and person.disabilities.strip()),
                )
            victim.case_ids.add(party.case_id)
            by_party[party.pk] = victim
        rows = Violation.objects.filter(case_id__in=self.new).values_list(
            "victim_id",
            "case_id",
            "type__code",
            "subtype__code",
            "relationship__code",
            "motivation__code",
            "vulnerable_group__code",
        )
        for victim_id, case_id, *codes in rows:
            if victim_id in by_party:
                by_party[victim_id].acts.append(Act(case_id, *(code or "" for code in codes)))
        return list(victims.values())

    # -- the items ---------------------------------------------------------------------------

    def count(self, item):
        """{column code: Count} for one item of the form (its total and its cells)."""
        rule = item.rule
        if rule in VICTIM_RULES:
            return self._victim_item(item, *VICTIM_RULES[rule])
        cases, value = getattr(self, "_" + rule)()
        return {item.code: Count(value, set(cases))}

    def _victim_item(self, item, scope, happened):
        counts = {code: Count() for code in item.codes}
        total = counts[item.code]
        for victim in self.victims():
            if happened is None:
                cases = victim.case_ids
            else:
                cases = {act.case_id for act in victim.acts if happened(act)}
                if not cases:
                    continue
            inside = scope(victim)
            if inside is False:
                continue
            if inside is None:
                total.unplaced |= cases
                continue
            if not item.cells:
                total.value += 1
                total.case_ids |= cases
                continue
            cell = next((c for c in item.cells if c.holds(victim.sex, victim.age)), None)
            if cell is None:
                # In the item's scope but outside every cell: the sex is missing (or the age,
                # for an item whose scope does not ask for it).
                if victim.sex not in ("F", "M") or victim.age is None:
                    total.unplaced |= cases
                continue
            counts[cell.code].value += 1
            counts[cell.code].case_ids |= cases
        if item.cells:
            total.value = sum(counts[c.code].value for c in item.cells)
            total.case_ids = set().union(*(counts[c.code].case_ids for c in item.cells))
        return counts

    def _followed(self):
        return self.followed, len(self.followed)

    def _new(self):
        return self.new, len(self.new)

    def _families_child_labour(self):
        cases = set(
            Violation.objects.filter(case_id__in=self.new, type__code="child_labour").values_list(
                "case_id", flat=True
            )
        )
        return cases, len(cases)

    def _families_shelter(self):
        measured = ProtectiveMeasure.objects.filter(
            case_id__in=self.new, measure__code__in=SHELTER_MEASURES
        ).exclude(status__in=(MeasureStatus.REQUESTED, MeasureStatus.DENIED))  # never applied
        sheltered = FollowUp.objects.filter(
            case_id__in=self.new, kind__code="institutional_shelter"
        )
        cases = set(measured.values_list("case_id", flat=True)) | set(
            sheltered.values_list("case_id", flat=True)
        )
        return cases, len(cases)

    def _follow_ups(self, kinds):
        rows = list(
            FollowUp.objects.filter(
                organization_id=self.organization.pk,
                kind__code__in=kinds,
                happened_on__gte=self.month,
                happened_on__lt=months.next_month(self.month),
            ).values_list("case_id", flat=True)
        )
        return set(rows), len(rows)

    def _care_followups(self):
        return self._follow_ups(CARE_KINDS)

    def _group_followups(self):
        return self._follow_ups(("group_activity",))

    def _home_visits(self):
        return self._follow_ups(("home_visit",))

    def _families_in_groups(self):
        cases, _ = self._follow_ups(("group_activity",))
        return cases, len(cases)

    def _referred_to(self, kind):
        cases = set(
            Referral.objects.filter(
                from_organization_id=self.organization.pk,
                to_organization__kind=kind,
                sent_at__gte=self.start,
                sent_at__lt=self.end,
            )
            .exclude(status=ReferralStatus.CANCELLED)  # withdrawn by the unit itself
            .values_list("case_id", flat=True)
        )
        return cases, len(cases)

    def _referred_to_cras(self):
        return self._referred_to(OrganizationKind.CRAS)

    def _referred_to_creas(self):
        return self._referred_to(OrganizationKind.CREAS)


def compute(organization, month, form):
    """{column code: Count} for every item of ``form`` that SIMA fills."""
    counter = Counter(organization, month)
    counts = {}
    for item in form.items.values():
        if item.from_sima:
            counts.update(counter.count(item))
    return counts
