"""Generated SIMA cases for the demo and the benchmarks.

A named system bypass: rows are written in bulk, without the per-case services (which would
take minutes for thousands of cases), and one audit event ``demo.cases_generated`` records
that it happened. Each batch is drawn whole first (ids reserved in advance link its rows),
then written once, as it stays, with core.bulkrows (COPY on PostgreSQL, in a thread of its own
while the next batch is drawn), with its monitoring facts (issue 19: ≥ 2,000 cases/s,
bench/generate.py). Distributions follow the shape of SINAN's interpersonal-violence
notifications (types, sexes, ages, places, relationships); every name and identifier comes
from Faker pt_BR and belongs to nobody.
"""

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from serdh.cases.choices import CaseStatus, PartyRole
from serdh.cases.models import (
    Case,
    CaseEvent,
    FollowUp,
    Party,
    ProtocolCounter,
    Referral,
    Violation,
)
from serdh.core import audit
from serdh.core.bulkrows import insert_objects, insert_rows, reserve_ids, update_rows
from serdh.monitoring import facts
from serdh.network.models import Organization
from serdh.people.models import Person
from serdh.people.services import index_many
from serdh.vocabularies.models import Term

from .distributions import (
    AGES,
    CANCELLATIONS,
    CHANNELS,
    PLACES,
    REFERRAL_OUTCOMES,
    REFERRAL_TARGETS,
    REFUSALS_OTHER,
    REFUSALS_SCARCE,
    REGISTERING_KINDS,
    RELATIONSHIPS_ADULT,
    RELATIONSHIPS_CHILD,
    SCARCE_KINDS,
    TYPES,
    URGENCIES,
    pick,
)


class Vocab:
    def __init__(self):
        self.by_key = {}
        for term in Term.objects.filter(is_active=True).select_related("vocabulary"):
            self.by_key.setdefault(term.vocabulary.key, {})[term.code] = term

    def get(self, key, code):
        terms = self.by_key.get(key, {})
        return terms.get(code) or (next(iter(terms.values())) if terms else None)

    def children(self, key, parent_code):
        return [
            t for code, t in self.by_key.get(key, {}).items() if code.startswith(parent_code + ".")
        ]


def generate(
    count,
    *,
    organizations=None,
    years=3,
    seed=2026,
    with_people=True,
    batch_size=500,
    progress=None,
    end=None,
):
    """Create ``count`` cases spread over the last ``years`` years; returns the number made."""
    rng = random.Random(seed)
    fake = Faker("pt_BR")
    Faker.seed(seed)
    vocab = Vocab()
    orgs = list(
        organizations
        if organizations is not None
        else Organization.objects.filter(
            is_active=True, municipality__adhesion__status="active"
        ).select_related("municipality__state")
    )
    registering = [o for o in orgs if o.kind in REGISTERING_KINDS] or orgs
    targets_by_municipality = {}
    for org in Organization.objects.filter(is_active=True, kind__in=REFERRAL_TARGETS):
        targets_by_municipality.setdefault(org.municipality_id, []).append(org)
    from serdh.accounts.models import Membership

    staff = {}
    for membership in Membership.objects.filter(is_active=True).select_related("user"):
        staff.setdefault(membership.organization_id, membership.user)
    fallback_user = next(iter(staff.values()))
    end = end or timezone.now()
    span = timedelta(days=365 * years)
    follow_kinds = list(vocab.by_key.get("follow_up_kind", {}).values())
    closure = vocab.get("closure_reason", "violation_ceased")
    made = 0
    if progress:
        progress(0, count)
    generator = _Generator(
        rng=rng,
        # The coded reasons draw from their own stream: the rest of the demo stays as it was.
        reason_rng=random.Random(seed + 1),
        fake=fake,
        vocab=vocab,
        registering=registering,
        targets_by_municipality=targets_by_municipality,
        staff=staff,
        fallback_user=fallback_user,
        end=end,
        span=span,
        follow_kinds=follow_kinds,
        closure=closure,
        with_people=with_people,
    )
    writer = _Writer()
    try:
        while made < count:
            n = min(batch_size, count - made)
            writer.write(generator.batch(n))
            made += n
            if progress:
                progress(made, count)
    finally:
        writer.close()
    with transaction.atomic():
        _renumber()
        audit.record("demo.cases_generated", data={"cases": count, "seed": seed})
    return made


class _Generator:
    """One run of ``generate``: the random sources and the network it draws from."""

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def person(self, org, sex, age, end):
        first = self.fake.first_name_female() if sex == "F" else self.fake.first_name_male()
        name = f"{first} {self.fake.last_name()} {self.fake.last_name()}"
        social = ""
        if self.rng.random() < 0.02:
            social = (
                f"{self.fake.first_name_female() if sex == 'M' else self.fake.first_name_male()} "
                f"{self.fake.last_name()}"
            )
        birth = (end - timedelta(days=int(age * 365.25) + self.rng.randint(0, 364))).date()
        return Person(
            full_name=name,
            social_name=social,
            birth_date=birth.isoformat(),
            sex=sex,
            race_color=pick(
                self.rng, [("brown", 45), ("white", 40), ("black", 12), ("unknown", 3)]
            ),
            created_by_organization_id=org.pk,
            residence_municipality_id=org.municipality_id,
        )

    def batch(self, n):
        """Draw ``n`` cases with everything they have, linked by ids reserved in advance;
        nothing written yet (``_write``)."""
        cases, plans = [], []
        for _ in range(n):
            org = self.rng.choice(self.registering)
            registered = self.end - timedelta(
                seconds=self.rng.randint(0, int(self.span.total_seconds()))
            )
            reported = timezone.localtime(registered).date()
            occurred = reported - timedelta(days=min(int(self.rng.expovariate(1 / 20)), 700))
            age_range = pick(self.rng, AGES)
            age = self.rng.randint(*age_range)
            child = age < 18
            sex = "F" if self.rng.random() < (0.62 if child else 0.72) else "M"
            type_code = pick(self.rng, TYPES)
            if type_code == "sexual":
                sex = "F" if self.rng.random() < 0.85 else "M"
            # Links by id (organization_id=…): no related-object descriptor per row.
            case = Case(
                organization_id=org.pk,
                municipality_id=org.municipality_id,
                created_by_id=self.staff.get(org.pk, self.fallback_user).pk,
                intake_channel_id=_pk(self.vocab.get("intake_channel", pick(self.rng, CHANNELS))),
                reported_on=reported,
                occurred_on=occurred,
                occurred_precision="day" if self.rng.random() < 0.8 else "month",
                place_id=_pk(self.vocab.get("place", pick(self.rng, PLACES))),
                urgency=pick(self.rng, URGENCIES),
                narrative=self.fake.paragraph(nb_sentences=3),
                status=CaseStatus.REGISTERED,
                registered_at=registered,
                # The case happened when it was registered, not when the demo was made.
                created_at=registered,
                updated_at=registered,
            )
            if case.occurred_precision == "month":
                case.occurred_on = occurred.replace(day=1)
            cases.append(case)
            plans.append((org, age, sex, type_code, child))
        # Every row of the batch is drawn first, linked by ids reserved in advance, and
        # written once at the end, as it will stay (no update after the insert).
        _number(Case, cases)

        persons, parties_plan = [], []
        for case, (org, age, sex, _type_code, _child) in zip(cases, plans, strict=True):
            victim_person = (
                self.person(org, sex, age, case.registered_at)
                if self.with_people and self.rng.random() < 0.93
                else None
            )
            author_sex = "M" if self.rng.random() < 0.7 else "F"
            author_age = self.rng.randint(16, 70)
            author_person = (
                self.person(org, author_sex, author_age, case.registered_at)
                if self.with_people and self.rng.random() < 0.6
                else None
            )
            for person in (victim_person, author_person):
                if person is not None:
                    persons.append(person)
            parties_plan.append((victim_person, author_person, author_sex, author_age))
        _number(Person, persons)

        parties = []
        for case, (_org, age, sex, _t, _c), (victim_person, author_person, a_sex, a_age) in zip(
            cases, plans, parties_plan, strict=True
        ):
            parties.append(
                Party(
                    case_id=case.pk,
                    person=victim_person,
                    role=PartyRole.VICTIM,
                    ordinal=1,
                    age_years=age,
                    sex=sex,
                )
            )
            parties.append(
                Party(
                    case_id=case.pk,
                    person=author_person,
                    role=PartyRole.AUTHOR,
                    ordinal=1,
                    age_years=a_age,
                    sex=a_sex,
                )
            )
            if self.rng.random() < 0.35:
                parties.append(
                    Party(
                        case_id=case.pk,
                        role=PartyRole.REPORTER,
                        ordinal=1,
                        is_anonymous=self.rng.random() < 0.5,
                    )
                )
        _number(Party, parties)
        by_case = {}
        for party in parties:
            by_case.setdefault(party.case_id, {})[party.role] = party

        violations, referrals, follow_ups, events = [], [], [], []
        for case, (org, age, sex, type_code, child) in zip(cases, plans, strict=True):
            victim = by_case[case.pk][PartyRole.VICTIM]
            author = by_case[case.pk][PartyRole.AUTHOR]
            type_ = self.vocab.get("violation_type", type_code)
            subtypes = self.vocab.children("violation_type", type_.code)
            relationship = self.vocab.get(
                "relationship",
                pick(self.rng, RELATIONSHIPS_CHILD if child else RELATIONSHIPS_ADULT),
            )
            group_code = (
                "children_adolescents"
                if child
                else "older_people"
                if age >= 60
                else "women"
                if sex == "F"
                else None
            )
            group = self.vocab.by_key.get("vulnerable_group", {}).get(group_code)
            violations.append(
                Violation(
                    case_id=case.pk,
                    victim_id=victim.pk,
                    author_id=author.pk,
                    type_id=type_.pk,
                    subtype_id=self.rng.choice(subtypes).pk
                    if subtypes and self.rng.random() < 0.7
                    else None,
                    relationship_id=_pk(relationship),
                    vulnerable_group_id=_pk(group),
                    recurrence=pick(self.rng, [("first", 40), ("repeated", 45), ("unknown", 15)]),
                    created_by_id=case.created_by_id,
                )
            )
            if self.rng.random() < 0.25:  # a second act in the same case
                second = self.vocab.get("violation_type", pick(self.rng, TYPES))
                violations.append(
                    Violation(
                        case_id=case.pk,
                        victim_id=victim.pk,
                        author_id=author.pk,
                        type_id=_pk(second),
                        relationship_id=_pk(relationship),
                        vulnerable_group_id=_pk(group),
                        created_by_id=case.created_by_id,
                    )
                )
            events.append(
                _event(
                    case_id=case.pk,
                    kind="registered",
                    at=case.registered_at,
                    actor_id=case.created_by_id,
                    organization_id=org.pk,
                    summary=f"Caso registrado por {org.name}",
                )
            )
            targets = [
                t
                for t in self.targets_by_municipality.get(org.municipality_id, [])
                if t.pk != org.pk
            ]
            followed = False
            if targets and self.rng.random() < 0.7:
                target = self.rng.choice(targets)
                status = pick(self.rng, REFERRAL_OUTCOMES)
                sent = case.registered_at + timedelta(hours=self.rng.randint(1, 48))
                days = {"critical": 1, "high": 3, "medium": 10, "low": 30}[case.urgency]
                referral = Referral(
                    case_id=case.pk,
                    from_organization_id=org.pk,
                    to_organization_id=target.pk,
                    service_requested="Atendimento e acompanhamento da vítima",
                    urgency=case.urgency,
                    # A child's case is shared under ECA art. 13; an adult consented.
                    sharing_basis="child" if age < 18 else "consent_victim",
                    due_date=(sent + timedelta(days=days)).date(),
                    status=status,
                    sent_by_id=case.created_by_id,
                    sent_at=sent,
                    created_at=sent,
                    updated_at=sent,
                )
                answered = sent + timedelta(hours=int(self.rng.lognormvariate(3.2, 1.0)))
                if status != "sent":
                    referral.received_at = sent + timedelta(hours=self.rng.randint(1, 24))
                if status in ("accepted", "declined", "in_progress", "completed"):
                    referral.answered_at = max(answered, referral.received_at)
                if status == "declined":
                    refusals = REFUSALS_SCARCE if target.kind in SCARCE_KINDS else REFUSALS_OTHER
                    referral.refusal = self.vocab.get(
                        "referral_refusal", pick(self.reason_rng, refusals)
                    )
                    referral.decline_reason = (
                        "Sem condições de atender no momento"
                        if referral.refusal.code == "other"
                        else ""
                    )
                if status in ("in_progress", "completed"):
                    referral.started_at = referral.answered_at + timedelta(days=1)
                if status in ("completed", "cancelled"):
                    referral.finished_at = (referral.answered_at or sent) + timedelta(
                        days=self.rng.randint(3, 60)
                    )
                    referral.counter_referral = (
                        "Atendimento realizado; família orientada e incluída no acompanhamento."
                    )
                    if status == "cancelled":
                        referral.cancellation = self.vocab.get(
                            "referral_cancellation", pick(self.reason_rng, CANCELLATIONS)
                        )
                        referral.counter_referral = ""
                referrals.append(referral)
                events.append(
                    _event(
                        case_id=case.pk,
                        kind="referral_sent",
                        at=sent,
                        actor_id=case.created_by_id,
                        organization_id=org.pk,
                        summary=f"Encaminhado a {target.name}",
                    )
                )
                if status in ("accepted", "in_progress", "completed"):
                    followed = True
                    events.append(
                        _event(
                            case_id=case.pk,
                            kind="referral_accept",
                            at=referral.answered_at,
                            organization_id=target.pk,
                            summary=f"{target.name} aceitou o encaminhamento",
                        )
                    )
            if self.follow_kinds and self.rng.random() < 0.6:
                when = case.registered_at + timedelta(days=self.rng.randint(1, 45))
                if when <= timezone.now():
                    followed = True
                    follow_ups.append(
                        FollowUp(
                            case_id=case.pk,
                            organization_id=org.pk,
                            kind_id=self.rng.choice(self.follow_kinds).pk,
                            happened_on=timezone.localtime(when).date(),
                            description="Atendimento à vítima e à família.",
                            recorded_by_id=case.created_by_id,
                        )
                    )
            if followed:
                case.status = CaseStatus.IN_FOLLOW_UP
            age_days = (timezone.now() - case.registered_at).days
            if age_days > 120 and self.rng.random() < min(0.8, age_days / 700):
                case.status = CaseStatus.CLOSED
                case.closed_at = case.registered_at + timedelta(days=self.rng.randint(30, 110))
                case.closure_reason_id = _pk(self.closure)
                events.append(
                    _event(
                        case_id=case.pk,
                        kind="closed",
                        at=case.closed_at,
                        organization_id=org.pk,
                        summary="Caso encerrado",
                    )
                )
        _number(Violation, violations)
        _number(Referral, referrals)
        return cases, persons, parties, violations, referrals, follow_ups, events


def _write(drawn):
    """One batch, in one transaction, each row as it will stay (no update after the insert)."""
    cases, persons, parties, violations, referrals, follow_ups, events = drawn
    with transaction.atomic():
        _no_flush_wait()
        # COPY on PostgreSQL (core.bulkrows); encrypted fields encrypted by the field.
        insert_objects(Case, cases, keep=("created_at", "updated_at"))
        insert_objects(Person, persons)
        index_many(persons)
        insert_objects(Party, parties)
        insert_objects(Violation, violations)
        insert_objects(Referral, referrals, keep=("created_at", "updated_at"))
        insert_objects(FollowUp, follow_ups)
        insert_rows(CaseEvent, EVENT_FIELDS, events)
        # The bypass keeps the monitoring facts too, in the same transaction, with the same
        # builder the services' listener uses, from the rows just written (as the importers).
        _attach(cases, parties, violations, referrals, follow_ups)
        facts.add_cases(cases)


class _Writer:
    """Writes the batches: on PostgreSQL, outside any transaction of the caller, in a thread
    of its own (its own connection) while the next batch is drawn, one batch at a time (the
    database's work and Python's overlap on two cores); elsewhere, or inside a transaction
    (tests), in the caller's thread and connection."""

    def __init__(self):
        self.pool = None
        self.pending = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-cases")

    def write(self, drawn):
        if self.pool is None:
            return _write(drawn)
        self.wait()
        self.pending = self.pool.submit(_write, drawn)

    def wait(self):
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()  # the writer's error, if any, raised here

    def close(self):
        if self.pool is None:
            return
        try:
            self.wait()
        finally:
            # The thread's own connection (``connection`` is per thread).
            self.pool.submit(lambda: connection.close()).result()
            self.pool.shutdown()


def _no_flush_wait():
    """On PostgreSQL, the batch's commit does not wait for its WAL to reach the disk: a crash
    may lose the last batches (demo data, made again), never corrupt the database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


EVENT_FIELDS = ("case", "kind", "at", "actor", "organization", "summary", "detail")


def _event(*, case_id, kind, at, summary, actor_id=None, organization_id=None):
    """A timeline line as a row of EVENT_FIELDS (thousands a batch: no model object)."""
    return (case_id, kind, at, actor_id, organization_id, summary, "")


def _pk(obj):
    return obj.pk if obj is not None else None


def _number(model, objects):
    for obj, pk in zip(objects, reserve_ids(model, len(objects)), strict=True):
        obj.pk = pk


def _attach(cases, parties, violations, referrals, follow_ups):
    """What facts.build reads of each case, as cases_for_facts would have prefetched it."""
    per_case = {case.pk: {"parties": [], "violations": [], "referrals": []} for case in cases}
    for name, rows in (("parties", parties), ("violations", violations), ("referrals", referrals)):
        for row in rows:
            per_case[row.case_id][name].append(row)
    first = {}
    for follow_up in follow_ups:
        day = first.get(follow_up.case_id)
        first[follow_up.case_id] = min(day, follow_up.happened_on) if day else follow_up.happened_on
    for case in cases:
        case._prefetched_objects_cache = per_case[case.pk]
        case.first_follow_up = first.get(case.pk)


def _renumber():
    """Protocols in order of registration, per state and year, without gaps, continuing any
    numbers the services already gave."""
    counters = {(c.state_code, c.year): c.last for c in ProtocolCounter.objects.all()}
    pending = (
        Case.objects.filter(protocol__isnull=True)
        .exclude(status=CaseStatus.DRAFT)
        .order_by("registered_at", "pk")
        .values_list("pk", "municipality__state__uf", "registered_at")
    )
    changed = []
    for pk, uf, registered_at in pending.iterator(chunk_size=5000):
        key = (uf, timezone.localtime(registered_at).year)
        counters[key] = counters.get(key, 0) + 1
        changed.append((pk, f"{key[0]}-{key[1]}-{counters[key]:06d}"))
        if len(changed) >= 50000:
            update_rows(Case, ["protocol"], changed)
            changed = []
    update_rows(Case, ["protocol"], changed)
    for (state_code, year), last in counters.items():
        ProtocolCounter.objects.update_or_create(
            state_code=state_code, year=year, defaults={"last": last}
        )
