"""Indicators, declared in code (DHIS2-style): code, Portuguese name, definition, numerator,
denominator, factor and the breakdowns each allows. Each is computed from the facts for a
``Query`` (territory, period, breakdown) and returns a ``Result``: rows of (key, label,
value) and, where it makes sense, the numerator and denominator of each row.

Counts are what disclosure control protects when a table leaves the case teams (see
monitoring.publishing); rates, shares and times are shown only where their numerator count
is itself publishable.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serdh.accounts.models import Membership
from serdh.network.models import Adhesion, Organization

from . import disclosure
from .measures import (  # noqa: F401  (Query, BREAKDOWNS, Result: the module's interface)
    BREAKDOWNS,
    DIMENSION_FIELD,
    RECEIVER_FIELD,
    Query,
    Result,
    Row,
    case_facts,
    grouped_counts,
    median_result,
    population,
    referral_facts,
    share_result,
    violation_counts,
    violation_facts,
)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    definition: str
    numerator: str
    denominator: str
    factor: int
    unit: str  # count, rate, share, hours, days, number
    breakdowns: tuple
    compute: object = None

    do_not_call_in_templates = True  # templates read its metadata; they never compute

    def __call__(self, query):
        if query.breakdown and query.breakdown not in self.breakdowns:
            raise ValueError(f"{self.code} não se desagrega por {query.breakdown}")
        return self.compute(self, query)


REGISTRY = {}


def indicator(**meta):
    def register(func):
        ind = Indicator(compute=func, **meta)
        REGISTRY[ind.code] = ind
        return func

    return register


# --- filters and labels ----------------------------------------------------------------------


# --- indicators ------------------------------------------------------------------------------

VIOLATION_BREAKDOWNS = ("type", "group", "sex", "age_band", "race", "municipality", "month")


@indicator(
    code="violacoes",
    name=_("Violações registradas"),
    definition=_(
        "Atos de violação (vítima × tipo × autor) dos casos registrados no período, pela data "
        "de registro."
    ),
    numerator=_("violações registradas"),
    denominator="",
    factor=1,
    unit="count",
    breakdowns=VIOLATION_BREAKDOWNS + ("organization",),
)
def violations(ind, query):
    rows = violation_counts(query)
    return Result(ind, rows, total=sum(r.value for r in rows))


@indicator(
    code="casos",
    name=_("Casos registrados"),
    definition=_("Casos registrados no período (rascunhos não contam)."),
    numerator=_("casos registrados"),
    denominator="",
    factor=1,
    unit="count",
    breakdowns=("municipality", "month", "organization", "type"),
)
def cases(ind, query):
    if query.breakdown == "type":
        rows = grouped_counts(violation_facts(query), "type", "case_id", distinct=True)
        total = violation_facts(query).aggregate(n=Count("case_id", distinct=True))["n"]
        return Result(ind, rows, total=total, note=str(_("Um caso pode ter vários tipos.")))
    rows = grouped_counts(case_facts(query), query.breakdown)
    return Result(ind, rows, total=sum(r.value for r in rows))


@indicator(
    code="taxa_violacoes",
    name=_("Taxa de violações por 100 mil habitantes"),
    definition=_(
        "Violações registradas no período por 100.000 habitantes (população do último ano "
        "carregado até o fim do período)."
    ),
    numerator=_("violações registradas"),
    denominator=_("população residente"),
    factor=100_000,
    unit="rate",
    breakdowns=("municipality",),
)
def violation_rate(ind, query):
    counts = grouped_counts(violation_facts(query), "municipality")
    people = population(query, [query.municipality_id] if query.municipality_id else None)
    rows = []
    for row in counts:
        inhabitants = people.get(row.key)
        rate = row.value * ind.factor / inhabitants if inhabitants else None
        rows.append(Row(row.key, row.label, rate, row.value, inhabitants, key_sum=row.key_sum))
    numerator = sum(r.numerator for r in rows)
    key_sum = sum(r.key_sum or 0 for r in rows)
    denominator = (
        sum(people.values()) if not query.municipality_id else people.get(query.municipality_id)
    )
    total = numerator * ind.factor / denominator if denominator else None
    if query.breakdown is None:
        rows = []
    rows.sort(key=lambda r: -(r.value or 0))
    note = "" if people else str(_("População não carregada: use serdh monitoring population."))
    return Result(
        ind, rows, total=total, total_numerator=numerator, note=note, total_key_sums=(key_sum, None)
    )


@indicator(
    code="tempo_aceite",
    name=_("Tempo até aceitar um encaminhamento (mediana e percentil 90, horas)"),
    definition=_(
        "Horas entre o envio e o aceite dos encaminhamentos aceitos, enviados no período."
    ),
    numerator=_("horas até o aceite"),
    denominator=_("encaminhamentos aceitos"),
    factor=1,
    unit="hours",
    breakdowns=("organization", "municipality"),
)
def time_to_accept(ind, query):
    qs = referral_facts(query).filter(accepted=True, hours_to_answer__isnull=False)
    key = RECEIVER_FIELD.get(query.breakdown)
    return median_result(ind, qs, "hours_to_answer", key, query.breakdown, with_p90=True)


@indicator(
    code="encaminhamentos_atrasados",
    name=_("Encaminhamentos respondidos fora do prazo ou ainda sem resposta vencidos (%)"),
    definition=_(
        "Entre os encaminhamentos enviados no período: respondidos depois do prazo, ou sem "
        "resposta com o prazo vencido, sobre o total enviado."
    ),
    numerator=_("encaminhamentos atrasados"),
    denominator=_("encaminhamentos enviados"),
    factor=100,
    unit="share",
    breakdowns=("organization", "municipality"),
)
def overdue_share(ind, query):
    unanswered_past_due = Q(answered_at__isnull=True, due_date__lt=timezone.localdate()) & ~Q(
        status="cancelled"
    )
    late = Q(answered_late=True) | unanswered_past_due
    key = RECEIVER_FIELD.get(query.breakdown)
    return share_result(ind, referral_facts(query), late, key, query.breakdown)


@indicator(
    code="acompanhamento_30_dias",
    name=_("Casos com acompanhamento em até 30 dias (%)"),
    definition=_(
        "Casos registrados no período com ao menos um acompanhamento registrado até 30 dias "
        "depois do registro, sobre os casos registrados."
    ),
    numerator=_("casos acompanhados em 30 dias"),
    denominator=_("casos registrados"),
    factor=100,
    unit="share",
    breakdowns=("municipality", "organization", "month"),
)
def follow_up_share(ind, query):
    key = DIMENSION_FIELD.get(query.breakdown)
    within = Q(follow_up_within_30=True)
    return share_result(ind, case_facts(query), within, key, query.breakdown)


@indicator(
    code="tempo_encerramento",
    name=_("Tempo até o encerramento (mediana, dias)"),
    definition=_("Dias entre o registro e o encerramento dos casos registrados no período."),
    numerator=_("dias até o encerramento"),
    denominator=_("casos encerrados"),
    factor=1,
    unit="days",
    breakdowns=("municipality", "organization"),
)
def time_to_close(ind, query):
    qs = case_facts(query).filter(days_to_close__isnull=False)
    key = DIMENSION_FIELD.get(query.breakdown)
    return median_result(ind, qs, "days_to_close", key, query.breakdown)


@indicator(
    code="recorrencia",
    name=_("Vítimas com mais de um caso em 12 meses (%)"),
    definition=_(
        "Entre as vítimas identificadas dos casos registrados no território nos 12 meses que "
        "terminam no fim do período, as que aparecem em mais de um caso registrado no estado "
        "nesses 12 meses, em qualquer serviço ou município. Contam pessoas, não envolvidos: "
        "cadastros da mesma pessoa unificados pela revisão (docs/people.md) são uma pessoa."
    ),
    numerator=_("vítimas com dois ou mais casos"),
    denominator=_("vítimas identificadas"),
    factor=100,
    unit="share",
    breakdowns=(),
)
def recurrence(ind, query):
    start = (query.end_exclusive - timedelta(days=365)).replace(day=1)
    window = Query(query.state_code, start, query.end, query.municipality_id, query.organization_id)
    statewide = Query(query.state_code, start, query.end)
    victims = set()
    for person_ids in case_facts(window).values_list("victim_person_ids", flat=True):
        victims.update(person_ids or [])
    cases_of = {}
    for person_ids in case_facts(statewide).values_list("victim_person_ids", flat=True):
        for person in set(person_ids or []) & victims:
            cases_of[person] = cases_of.get(person, 0) + 1
    repeated = [person for person, n in cases_of.items() if n > 1]
    share = len(repeated) * 100 / len(victims) if victims else None
    # Both counts go out perturbed (publishing): the persons' own record keys.
    key = disclosure.RecordKeys()
    return Result(
        ind,
        [],
        total=share,
        total_numerator=len(repeated),
        total_denominator=len(victims),
        total_key_sums=(
            sum(key("person", p) for p in repeated),
            sum(key("person", p) for p in victims),
        ),
    )


@indicator(
    code="vitimas",
    name=_("Vítimas identificadas (pessoas distintas)"),
    definition=_(
        "Pessoas distintas entre as vítimas identificadas dos casos registrados no período, e "
        "quantos registros de vítima em casos elas somam. Uma pessoa com casos em dois "
        "serviços conta uma vez quando seus cadastros foram unificados (docs/people.md)."
    ),
    numerator=_("pessoas distintas"),
    denominator=_("registros de vítima em casos"),
    factor=1,
    unit="number",
    breakdowns=(),
)
def distinct_victims(ind, query):
    persons, records, record_keys = set(), 0, 0
    key = disclosure.RecordKeys()
    for person_ids in case_facts(query).values_list("victim_person_ids", flat=True):
        persons.update(person_ids or [])
        records += len(person_ids or [])
        record_keys += sum(key("person", p) for p in person_ids or [])
    # Counts of people: perturbed by publishing with these keys (each person's own; each
    # record of a victim in a case, its person's).
    rows = [
        Row(
            "persons",
            str(_("pessoas distintas")),
            len(persons),
            key_sum=sum(key("person", p) for p in persons),
        ),
        Row("records", str(_("registros de vítima em casos")), records, key_sum=record_keys),
    ]
    return Result(ind, rows)


@indicator(
    code="cobertura",
    name=_("Cobertura da rede"),
    definition=_(
        "Municípios com adesão ativa, organizações ativas e usuários com vínculo ativo, no dia "
        "da consulta."
    ),
    numerator=_("municípios, organizações e usuários"),
    denominator="",
    factor=1,
    unit="number",
    breakdowns=(),
)
def coverage(ind, query):
    orgs = Organization.objects.filter(is_active=True, municipality__state_id=query.state_code)
    members = Membership.objects.filter(
        is_active=True, organization__municipality__state_id=query.state_code
    ).exclude(user__is_system=True)
    adhered = Adhesion.objects.filter(status="active", municipality__state_id=query.state_code)
    if query.municipality_id:
        orgs = orgs.filter(municipality_id=query.municipality_id)
        members = members.filter(organization__municipality_id=query.municipality_id)
        adhered = adhered.filter(municipality_id=query.municipality_id)
    rows = [
        Row("municipalities", str(_("municípios com adesão ativa")), adhered.count()),
        Row("organizations", str(_("organizações ativas")), orgs.count()),
        Row(
            "users", str(_("usuários com vínculo ativo")), members.values("user").distinct().count()
        ),
    ]
    return Result(ind, rows)


# The network's work (caseload, plans, closure review) is declared beside, in its own module.
# The law's obligations (issue 14): compliance and hearings, in their own module.
from . import compliance, underreporting, work  # noqa: E402, F401
