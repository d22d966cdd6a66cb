"""Which acts the law requires, of whom and by when, worked out from the facts of a case.

Each rule names its legal source next to its code, and tests/obligations/test_rules.py has a
test per rule naming the same article. A rule is a pure function of ``Facts`` (loaded once per
case by obligations.services): it yields ``Need``s, and says whether something on the case
already fulfils one (a referral to the right body, a hearing). What a professional records by
hand (a communication with date, channel and protocol) is handled by obligations.services.

Deadlines. Where the law gives one it is used: 24 hours for the police communication of
violence against a woman attended in health (Lei 10.778/2003 art. 1º §4º), "imediata" (within
24 hours) for SINAN's sexual violence and suicide attempt, "semanal" (7 days) for the other
violence (Portaria de Consolidação GM/MS nº 4/2017, Anexo V, art. 2º and Anexo 1), 48 hours
for the court's decision on urgent protective measures (Lei 11.340/2006 art. 18). Where the
law says "obrigatoriamente" but gives no term (ECA art. 13; Estatuto da Pessoa Idosa arts. 6º
and 19), SIMA counts 24 hours, the practice of an immediate communication; where it gives
none at all (the hearings of Lei 13.431/2017), a reference term (REFERENCE_DAYS) that the
docs name as SIMA's, not the law's (docs/laws/).
"""

from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from serdh.cases.choices import ENGAGED, FAMILY_RELATIONSHIPS, ReferralStatus
from serdh.network.choices import OrganizationKind, Sector

from .choices import HearingKind, ObligationKind

HOURS_24 = timedelta(hours=24)
WEEK = timedelta(days=7)
# SIMA's own reference terms where the law sets none (docs/laws/lei-13431.md).
REFERENCE_DAYS = {
    ObligationKind.SPECIALIZED_LISTENING: 10,
    ObligationKind.SPECIAL_TESTIMONY: 30,
}

CHILD_AGE = 18  # ECA art. 2º: child up to 12 incomplete, adolescent 12 to 18
OLDER_AGE = 60  # Estatuto da Pessoa Idosa art. 1º

# A woman by the sex recorded, or by a woman's gender identity recorded on the person: a trans
# woman is a woman for Lei 10.778/2003 and Lei 11.340/2006 (STJ, REsp 1.977.124/SP).
WOMAN_IDENTITIES = {"cis_woman", "trans_woman", "travesti"}


def is_woman(party):
    if party.sex == "F":
        return True
    person = party.person
    return person is not None and (person.gender_identity or "") in WOMAN_IDENTITIES


POLICE_KINDS = (OrganizationKind.DEAM, OrganizationKind.DPCA, OrganizationKind.POLICE_STATION)
# Estatuto da Pessoa Idosa art. 19, I–III: police, Ministério Público, the councils.
OLDER_AUTHORITY_KINDS = (*POLICE_KINDS, OrganizationKind.PROSECUTION)

# SINAN's case definition (ficha de notificação de violência interpessoal/autoprovocada):
# these violations are notified whoever the victim and wherever they happened...
ALWAYS_NOTIFIED = {
    "sexual",
    "trafficking",
    "child_labour",
    "torture",
    "legal_intervention",
    "liberty.slave_labour",
}
# ...the others when domestic/intrafamily (by the relationship or the place)...
DOMESTIC_RELATIONSHIPS = FAMILY_RELATIONSHIPS | {"caregiver"}
HOME_PLACES = {"home", "collective_housing"}
# ...and community violence only against children, adolescents, women, older people, people
# with disabilities, indigenous and LGBT people.
NOTIFIED_GROUPS = {"people_with_disabilities", "traditional_peoples", "lgbtqia"}


@dataclass(frozen=True)
class Need:
    """An obligation the facts require."""

    key: str
    kind: str
    rule: str
    organization: object
    starts_at: datetime
    due_at: datetime
    victim: object = None


@dataclass
class VictimFacts:
    party: object
    types: set = field(default_factory=set)  # type and subtype codes of their violations
    relationships: set = field(default_factory=set)
    groups: set = field(default_factory=set)
    motivations: set = field(default_factory=set)

    @property
    def age(self):
        return self.party.age_years

    @property
    def is_child(self):
        return self.age is not None and self.age < CHILD_AGE

    @property
    def is_older(self):
        return self.age is not None and self.age >= OLDER_AGE

    @property
    def is_woman(self):
        return is_woman(self.party)


@dataclass
class Facts:
    """What the rules read of one case (obligations.services.load_facts)."""

    case: object
    registered_at: datetime
    organization: object  # the registering service
    place: str = ""
    victims: list = field(default_factory=list)  # VictimFacts
    witnesses: list = field(default_factory=list)  # Party
    referrals: list = field(default_factory=list)  # Referral, with to_organization loaded
    hearings: list = field(default_factory=list)  # Hearing
    proceedings: list = field(default_factory=list)  # Proceeding
    extra: dict = field(default_factory=dict)  # what rules registered by other modules load

    def health_services(self):
        """(organization, since): each health service that attends the victim: the one that
        registered the case, and each one that accepted a referral for it."""
        found = {}
        if self.organization.sector == Sector.HEALTH:
            found[self.organization.pk] = (self.organization, self.registered_at)
        for referral in self.referrals:
            org = referral.to_organization
            if org.sector == Sector.HEALTH and referral.status in ENGAGED:
                since = referral.answered_at or referral.sent_at
                if org.pk not in found or since < found[org.pk][1]:
                    found[org.pk] = (org, since)
        return list(found.values())

    def referrals_from(self, organization_id, kinds, municipality=None):
        return [
            r
            for r in self.referrals
            if r.from_organization_id == organization_id
            and r.to_organization.kind in kinds
            and r.status != ReferralStatus.CANCELLED
            and (municipality is None or r.to_organization.municipality_id == municipality)
        ]


def end_of_day(day):
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    source: str  # the legal source, as shown beside the obligation
    deadline: str  # the term, in words
    needs: object  # Facts -> iterable of Need
    fulfilled_by: object = None  # (Facts, Obligation) -> (done_at, how, referral) | None


_rules = {}


def register(rule):
    _rules[rule.code] = rule
    return rule


def all_rules():
    return list(_rules.values())


def get(code):
    return _rules.get(code)


def attach_fulfilment(code, func):
    """Say what fulfils a rule registered elsewhere (the SINAN ficha fulfils pc4.anexo5)."""
    _rules[code] = replace(_rules[code], fulfilled_by=func)


def first_referral(referrals):
    referrals = sorted(referrals, key=lambda r: r.sent_at)
    if referrals:
        return referrals[0].sent_at, "referral", referrals[0]
    return None


# --- ECA (Lei 8.069/1990) art. 13 and art. 245 -------------------------------------------
# Art. 13: suspected or confirmed physical punishment, cruel or degrading treatment and
# maltreatment of a child or adolescent "serão obrigatoriamente comunicados ao Conselho
# Tutelar da respectiva localidade". Art. 245 fines the health and education professional
# who does not. The service that registered the case communicates (a Conselho Tutelar that
# registers it already knows); a referral to a Conselho Tutelar of the municipality fulfils.


def _eca_13(facts):
    if facts.organization.kind == OrganizationKind.CONSELHO_TUTELAR:
        return
    if any(v.is_child for v in facts.victims):
        yield Need(
            key=f"eca13:{facts.organization.pk}",
            kind=ObligationKind.CT_COMMUNICATION,
            rule="eca.13",
            organization=facts.organization,
            starts_at=facts.registered_at,
            due_at=facts.registered_at + HOURS_24,
        )


def _eca_13_done(facts, obligation):
    return first_referral(
        facts.referrals_from(
            obligation.organization_id,
            (OrganizationKind.CONSELHO_TUTELAR,),
            municipality=facts.case.municipality_id,
        )
    )


register(
    Rule(
        code="eca.13",
        kind=ObligationKind.CT_COMMUNICATION,
        source=_("ECA (Lei 8.069/1990), arts. 13 e 245"),
        deadline=_("imediata (24 horas)"),
        needs=_eca_13,
        fulfilled_by=_eca_13_done,
    )
)


# --- Lei 10.778/2003 art. 1º §4º (Lei 13.931/2019) ----------------------------------------
# Violence against a woman attended in a public or private health service: indications or
# confirmation "serão obrigatoriamente comunicados à autoridade policial no prazo de 24
# (vinte e quatro) horas". Each health service that attends her communicates.


def _lei_10778_police(facts):
    if not any(v.is_woman for v in facts.victims):
        return
    for org, since in facts.health_services():
        yield Need(
            key=f"l10778:{org.pk}",
            kind=ObligationKind.POLICE_COMMUNICATION,
            rule="lei10778.1.4",
            organization=org,
            starts_at=since,
            due_at=since + HOURS_24,
        )


def _police_done(facts, obligation):
    return first_referral(facts.referrals_from(obligation.organization_id, POLICE_KINDS))


register(
    Rule(
        code="lei10778.1.4",
        kind=ObligationKind.POLICE_COMMUNICATION,
        source=_("Lei 10.778/2003, art. 1º, § 4º (incluído pela Lei 13.931/2019)"),
        deadline=_("24 horas"),
        needs=_lei_10778_police,
        fulfilled_by=_police_done,
    )
)


# --- SINAN: Portaria de Consolidação GM/MS nº 4/2017, Anexo V ------------------------------
# Violence is on the national list of compulsory notification (Anexo 1 do Anexo V): "violência
# doméstica e/ou outras violências" weekly; "violência sexual e tentativa de suicídio"
# immediate (within 24 hours, art. 2º), to the municipal health authority. The health service
# that attends notifies, one ficha per victim; Lei 10.778/2003 art. 1º (women) and Estatuto da
# Pessoa Idosa art. 19 (older people) make the same notification compulsory for them.


def fits_sinan_definition(victim, place):
    """SINAN's case definition of interpersonal/self-inflicted violence (domain-facts.md)."""
    sinan_types = victim.types & SINAN_TYPES
    if not sinan_types and "liberty.slave_labour" not in victim.types:
        return False
    if victim.types & ALWAYS_NOTIFIED or "self" in victim.relationships:
        return True
    if victim.relationships & DOMESTIC_RELATIONSHIPS or place in HOME_PLACES:
        return True
    return (
        victim.is_child
        or victim.is_woman
        or victim.is_older
        or bool(victim.groups & NOTIFIED_GROUPS)
        or "lgbtphobia" in victim.motivations
    )


SINAN_TYPES = {
    "physical",
    "psychological",
    "torture",
    "sexual",
    "trafficking",
    "financial",
    "neglect",
    "child_labour",
    "legal_intervention",
    "other",
}


def sinan_is_immediate(victim):
    # Sexual violence, and self-inflicted violence (the suicide attempt is notified as such).
    return "sexual" in victim.types or "self" in victim.relationships


def _sinan(facts):
    services = facts.health_services()
    if not services:
        return
    for victim in facts.victims:
        if not fits_sinan_definition(victim, facts.place):
            continue
        term = HOURS_24 if sinan_is_immediate(victim) else WEEK
        for org, since in services:
            yield Need(
                key=f"sinan:{org.pk}:{victim.party.pk}",
                kind=ObligationKind.SINAN_NOTIFICATION,
                rule="pc4.anexo5",
                organization=org,
                starts_at=since,
                due_at=since + term,
                victim=victim.party,
            )


register(
    Rule(
        code="pc4.anexo5",
        kind=ObligationKind.SINAN_NOTIFICATION,
        source=_(
            "Portaria de Consolidação GM/MS nº 4/2017, Anexo V (Lista Nacional de Notificação "
            "Compulsória); Lei 10.778/2003, art. 1º; Estatuto da Pessoa Idosa, art. 19"
        ),
        deadline=_("24 horas (violência sexual, lesão autoprovocada); 7 dias (demais)"),
        needs=_sinan,
    )
)


# --- Estatuto da Pessoa Idosa (Lei 10.741/2003) arts. 19 and 6º -----------------------------
# Art. 19 (Lei 14.423/2022): suspected or confirmed violence against an older person is
# notified by health services to the health authority (the SINAN rule above) "bem como serão
# obrigatoriamente comunicados por eles a quaisquer dos seguintes órgãos: I – autoridade
# policial; II – Ministério Público; III – Conselho Municipal da Pessoa Idosa; IV – Conselho
# Estadual...; V – Conselho Nacional...". Any one of them fulfils. A service outside health
# that registers it has art. 6º's duty: "Todo cidadão tem o dever de comunicar à autoridade
# competente qualquer forma de violação a esta Lei que tenha testemunhado ou de que tenha
# conhecimento".


def _older(facts):
    if not any(v.is_older for v in facts.victims):
        return
    services = facts.health_services()
    for org, since in services:
        yield Need(
            key=f"idoso19:{org.pk}",
            kind=ObligationKind.OLDER_COMMUNICATION,
            rule="epi.19",
            organization=org,
            starts_at=since,
            due_at=since + HOURS_24,
        )
    if facts.organization.sector != Sector.HEALTH:
        yield Need(
            key=f"idoso6:{facts.organization.pk}",
            kind=ObligationKind.OLDER_COMMUNICATION,
            rule="epi.6",
            organization=facts.organization,
            starts_at=facts.registered_at,
            due_at=facts.registered_at + HOURS_24,
        )


def _older_done(facts, obligation):
    return first_referral(facts.referrals_from(obligation.organization_id, OLDER_AUTHORITY_KINDS))


register(
    Rule(
        code="epi.19",
        kind=ObligationKind.OLDER_COMMUNICATION,
        source=_("Estatuto da Pessoa Idosa (Lei 10.741/2003), art. 19"),
        deadline=_("imediata (24 horas)"),
        needs=_older,
        fulfilled_by=_older_done,
    )
)
# The same function raises both; the art. 6º rule is registered for its source and term.
register(
    Rule(
        code="epi.6",
        kind=ObligationKind.OLDER_COMMUNICATION,
        source=_("Estatuto da Pessoa Idosa (Lei 10.741/2003), art. 6º"),
        deadline=_("imediata (24 horas)"),
        needs=lambda facts: (),
        fulfilled_by=_older_done,
    )
)


# --- Lei 13.431/2017 and Decreto 9.603/2018 ------------------------------------------------
# A child or adolescent victim or witness of violence (art. 1º) is heard through escuta
# especializada, by the protection network (art. 7º; Decreto 9.603 art. 19), and depoimento
# especial, before the police or judicial authority (art. 8º), "sempre que possível ... uma
# única vez" (art. 11), so that they are not re-victimized (art. 5º, XIII). The service that
# registered the case sees that the network's listening happens; the one that recorded a
# police or judicial proceeding sees to the single testimony. A hearing of that kind recorded
# by any service fulfils.


def _children_heard(facts):
    parties = [v.party for v in facts.victims if v.is_child]
    parties += [w for w in facts.witnesses if w.age_years is not None and w.age_years < CHILD_AGE]
    return parties


def _lei_13431_listening(facts):
    days = timedelta(days=REFERENCE_DAYS[ObligationKind.SPECIALIZED_LISTENING])
    for party in _children_heard(facts):
        yield Need(
            key=f"l13431.7:{party.pk}",
            kind=ObligationKind.SPECIALIZED_LISTENING,
            rule="lei13431.7",
            organization=facts.organization,
            starts_at=facts.registered_at,
            due_at=facts.registered_at + days,
            victim=party,
        )


def _hearing_done(kind):
    def check(facts, obligation):
        heard = [h for h in facts.hearings if h.kind == kind and h.party_id == obligation.victim_id]
        if heard:
            first = min(heard, key=lambda h: (h.held_on, h.pk))
            return end_of_day(first.held_on), "hearing", None
        return None

    return check


register(
    Rule(
        code="lei13431.7",
        kind=ObligationKind.SPECIALIZED_LISTENING,
        source=_("Lei 13.431/2017, arts. 4º, § 1º, e 7º; Decreto 9.603/2018, art. 19"),
        deadline=format_lazy(
            _("prazo de referência do SIMA: {d} dias (a lei não fixa prazo)"),
            d=REFERENCE_DAYS[ObligationKind.SPECIALIZED_LISTENING],
        ),
        needs=_lei_13431_listening,
        fulfilled_by=_hearing_done(HearingKind.SPECIALIZED_LISTENING),
    )
)


def _lei_13431_testimony(facts):
    proceedings = [p for p in facts.proceedings if p.kind in ("police_inquiry", "court_case")]
    if not proceedings:
        return
    first = min(proceedings, key=lambda p: (p.recorded_at, p.pk))
    days = timedelta(days=REFERENCE_DAYS[ObligationKind.SPECIAL_TESTIMONY])
    for party in _children_heard(facts):
        yield Need(
            key=f"l13431.8:{party.pk}",
            kind=ObligationKind.SPECIAL_TESTIMONY,
            rule="lei13431.8",
            organization=first.organization,
            starts_at=first.recorded_at,
            due_at=first.recorded_at + days,
            victim=party,
        )


register(
    Rule(
        code="lei13431.8",
        kind=ObligationKind.SPECIAL_TESTIMONY,
        source=_("Lei 13.431/2017, arts. 8º e 11"),
        deadline=format_lazy(
            _("prazo de referência do SIMA: {d} dias (a lei não fixa prazo)"),
            d=REFERENCE_DAYS[ObligationKind.SPECIAL_TESTIMONY],
        ),
        needs=_lei_13431_testimony,
        fulfilled_by=_hearing_done(HearingKind.SPECIAL_TESTIMONY),
    )
)
