"""Indicators, declared in code (DHIS2-style): code, Portuguese name, definition, numerator,
denominator, factor and the breakdowns each allows. Each is computed from the facts for a
``Query`` (territory, period, breakdown) and returns a ``Result``: rows of (key, label,
value) and, where it makes sense, the numerator and denominator of each row.

Counts are what disclosure control protects when a table leaves the case teams (see
monitoring.publishing); rates, shares and times are shown only where their numerator count
is itself publishable.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from serdh.accounts.models import Membership
from serdh.network.models import Adhesion, Municipality, Organization
from serdh.vocabularies.models import Term

from .models import AgeBand, CaseFact, Population, ReferralFact, ViolationFact

BREAKDOWNS = {
    "type": _("tipo de violação"),
    "group": _("grupo vulnerável"),
    "sex": _("sexo da vítima"),
    "age_band": _("faixa etária da vítima"),
    "race": _("raça/cor da vítima"),
    "municipality": _("município"),
    "month": _("mês"),
    "organization": _("serviço"),
}
SEX_LABELS = {"F": _("feminino"), "M": _("masculino"), "I": _("ignorado"), "": _("não informado")}


@dataclass(frozen=True)
class Query:
    state_code: int
    start: date  # first month (day 1)
    end: date  # last month (day 1), inclusive
    municipality_id: int | None = None
    organization_id: int | None = None
    breakdown: str | None = None

    @property
    def end_exclusive(self):
        return (self.end.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass
class Row:
    key: object
    label: str
    value: float | None
    numerator: int | None = None
    denominator: float | None = None


@dataclass
class Result:
    indicator: "Indicator"
    rows: list = field(default_factory=list)
    total: float | None = None
    total_numerator: int | None = None
    note: str = ""


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


def _territory(qs, query, municipality_field="municipality_id", org_field="organization_id"):
    qs = qs.filter(state_code=query.state_code)
    if query.municipality_id:
        qs = qs.filter(**{municipality_field: query.municipality_id})
    if query.organization_id:
        qs = qs.filter(**{org_field: query.organization_id})
    return qs


def violation_facts(query):
    qs = ViolationFact.objects.filter(
        registered_month__gte=query.start, registered_month__lte=query.end
    )
    return _territory(qs, query)


DIMENSION_FIELD = {
    "type": "type_id",
    "group": "group_id",
    "sex": "victim_sex",
    "age_band": "victim_age_band",
    "race": "victim_race_id",
    "municipality": "municipality_id",
    "month": "registered_month",
    "organization": "organization_id",
}


def labels_for(breakdown, keys):
    keys = [k for k in keys if k is not None]
    if breakdown in ("type", "group", "race"):
        return dict(Term.objects.filter(pk__in=keys).values_list("pk", "label"))
    if breakdown == "municipality":
        return dict(Municipality.objects.filter(code__in=keys).values_list("code", "name"))
    if breakdown == "organization":
        return dict(Organization.objects.filter(pk__in=keys).values_list("pk", "name"))
    if breakdown == "sex":
        return {k: str(v) for k, v in SEX_LABELS.items()}
    if breakdown == "age_band":
        return {k: str(v) for k, v in AgeBand.choices}
    if breakdown == "month":
        return {k: k.strftime("%m/%y") for k in keys}
    return {}


def _label(labels, key):
    if key is None:
        return str(_("não informado"))
    return str(labels.get(key, key))


def grouped_counts(qs, breakdown, count_field="id", distinct=False):
    """[Row] of counts by ``breakdown`` (None: one row) for a facts queryset."""
    if breakdown is None:
        return [
            Row(None, str(_("Total")), qs.aggregate(n=Count(count_field, distinct=distinct))["n"])
        ]
    field_name = DIMENSION_FIELD[breakdown]
    counted = (
        qs.values(field_name).annotate(n=Count(count_field, distinct=distinct)).order_by(field_name)
    )
    pairs = [(row[field_name], row["n"]) for row in counted]
    labels = labels_for(breakdown, [k for k, _n in pairs])
    rows = [Row(k, _label(labels, k), n) for k, n in pairs]
    if breakdown != "month":
        rows.sort(key=lambda r: (-r.value, r.label))
    return rows


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
    rows = grouped_counts(violation_facts(query), query.breakdown)
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
    qs = _territory(
        CaseFact.objects.filter(registered_month__gte=query.start, registered_month__lte=query.end),
        query,
    )
    rows = grouped_counts(qs, query.breakdown)
    return Result(ind, rows, total=sum(r.value for r in rows))


def population(query, municipality_ids=None):
    """{municipality: inhabitants} for the year the period ends in (else the latest year)."""
    qs = Population.objects.filter(municipality__state_id=query.state_code)
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=municipality_ids)
    years = sorted(set(qs.values_list("year", flat=True)))
    if not years:
        return {}
    usable = [y for y in years if y <= query.end.year] or years
    return dict(qs.filter(year=usable[-1]).values_list("municipality_id", "population"))


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
        rows.append(Row(row.key, row.label, rate, row.value, inhabitants))
    numerator = sum(r.numerator for r in rows)
    denominator = (
        sum(people.values()) if not query.municipality_id else people.get(query.municipality_id)
    )
    total = numerator * ind.factor / denominator if denominator else None
    if query.breakdown is None:
        rows = []
    rows.sort(key=lambda r: -(r.value or 0))
    note = "" if people else str(_("População não carregada: use serdh monitoring population."))
    return Result(ind, rows, total=total, total_numerator=numerator, note=note)


def referral_facts(query, by_receiver=True):
    qs = ReferralFact.objects.filter(sent_month__gte=query.start, sent_month__lte=query.end)
    qs = qs.filter(state_code=query.state_code)
    if query.municipality_id:
        qs = qs.filter(to_municipality_id=query.municipality_id)
    if query.organization_id:
        qs = qs.filter(to_organization_id=query.organization_id)
    return qs


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = (len(ordered) - 1) * fraction
    low = int(index)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


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
    field_name = {"organization": "to_organization_id", "municipality": "to_municipality_id"}
    if query.breakdown is None:
        hours = list(qs.values_list("hours_to_answer", flat=True))
        median = percentile(hours, 0.5)
        return Result(
            ind,
            [
                Row("p50", str(_("mediana")), median, len(hours)),
                Row("p90", str(_("percentil 90")), percentile(hours, 0.9), len(hours)),
            ],
            total=median,
            total_numerator=len(hours),
        )
    key = field_name[query.breakdown]
    groups = {}
    for group, hours in qs.values_list(key, "hours_to_answer"):
        groups.setdefault(group, []).append(hours)
    labels = labels_for(query.breakdown, list(groups))
    rows = [
        Row(k, _label(labels, k), percentile(v, 0.5), len(v), percentile(v, 0.9))
        for k, v in groups.items()
    ]
    rows.sort(key=lambda r: -(r.value or 0))
    every = [h for values in groups.values() for h in values]
    return Result(ind, rows, total=percentile(every, 0.5), total_numerator=len(every))


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
    today = date.today()
    late = Q(answered_late=True) | Q(answered_at__isnull=True, due_date__lt=today) & ~Q(
        status="cancelled"
    )
    qs = referral_facts(query)
    field_name = {"organization": "to_organization_id", "municipality": "to_municipality_id"}
    if query.breakdown is None:
        totals = qs.aggregate(n=Count("id"), late=Count("id", filter=late))
        share = totals["late"] * 100 / totals["n"] if totals["n"] else None
        return Result(ind, [], total=share, total_numerator=totals["late"])
    key = field_name[query.breakdown]
    counted = qs.values(key).annotate(n=Count("id"), late=Count("id", filter=late))
    labels = labels_for(query.breakdown, [row[key] for row in counted])
    rows = [
        Row(row[key], _label(labels, row[key]), row["late"] * 100 / row["n"], row["late"], row["n"])
        for row in counted
    ]
    rows.sort(key=lambda r: -(r.value or 0))
    n = sum(r.denominator for r in rows)
    late_total = sum(r.numerator for r in rows)
    return Result(ind, rows, total=late_total * 100 / n if n else None, total_numerator=late_total)


def case_facts(query):
    qs = CaseFact.objects.filter(registered_month__gte=query.start, registered_month__lte=query.end)
    return _territory(qs, query)


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
    qs = case_facts(query)
    if query.breakdown is None:
        totals = qs.aggregate(n=Count("id"), ok=Count("id", filter=Q(follow_up_within_30=True)))
        share = totals["ok"] * 100 / totals["n"] if totals["n"] else None
        return Result(ind, [], total=share, total_numerator=totals["ok"])
    key = DIMENSION_FIELD[query.breakdown]
    counted = (
        qs.values(key)
        .annotate(n=Count("id"), ok=Count("id", filter=Q(follow_up_within_30=True)))
        .order_by(key)
    )
    labels = labels_for(query.breakdown, [row[key] for row in counted])
    rows = [
        Row(row[key], _label(labels, row[key]), row["ok"] * 100 / row["n"], row["ok"], row["n"])
        for row in counted
    ]
    n = sum(r.denominator for r in rows)
    ok = sum(r.numerator for r in rows)
    return Result(ind, rows, total=ok * 100 / n if n else None, total_numerator=ok)


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
    if query.breakdown is None:
        days = list(qs.values_list("days_to_close", flat=True))
        return Result(ind, [], total=percentile(days, 0.5), total_numerator=len(days))
    key = DIMENSION_FIELD[query.breakdown]
    groups = {}
    for group, days in qs.values_list(key, "days_to_close"):
        groups.setdefault(group, []).append(days)
    labels = labels_for(query.breakdown, list(groups))
    rows = [Row(k, _label(labels, k), percentile(v, 0.5), len(v)) for k, v in groups.items()]
    rows.sort(key=lambda r: -(r.value or 0))
    every = [d for values in groups.values() for d in values]
    return Result(ind, rows, total=percentile(every, 0.5), total_numerator=len(every))


@indicator(
    code="recorrencia",
    name=_("Vítimas com mais de um caso em 12 meses (%)"),
    definition=_(
        "Entre as vítimas identificadas dos casos registrados nos 12 meses que terminam no fim "
        "do período, as que aparecem em mais de um caso."
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
    cases_of = {}
    for person_ids in case_facts(window).values_list("victim_person_ids", flat=True):
        for person in person_ids or []:
            cases_of[person] = cases_of.get(person, 0) + 1
    victims = len(cases_of)
    repeated = sum(1 for n in cases_of.values() if n > 1)
    share = repeated * 100 / victims if victims else None
    return Result(ind, [], total=share, total_numerator=repeated)


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
