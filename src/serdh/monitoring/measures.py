"""What the indicators are computed from: the query (territory, period, breakdown), the
result rows, the fact querysets of a territory and period, and the shared ways of counting,
taking shares and medians."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from serdh.network.models import Municipality, Organization
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
    # Record-key sums (disclosure): of the value when it is a count, else of the numerator
    # and, for a share, of the denominator. None: the records carry no key.
    key_sum: int | None = None
    denominator_key_sum: int | None = None


@dataclass
class Result:
    indicator: object  # indicators.Indicator
    rows: list = field(default_factory=list)
    total: float | None = None
    total_numerator: int | None = None
    note: str = ""
    # For a share without breakdown: the denominator count and both key sums.
    total_denominator: int | None = None
    total_key_sums: tuple | None = None


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


def _keyed(qs, count_field, distinct):
    """The aggregates of a count: the count, and its records' key sum when each counted row
    is a fact with a record key (not a distinct count of some other id)."""
    aggregates = {"n": Count(count_field, distinct=distinct)}
    if count_field == "id" and not distinct and _has_record_key(qs.model):
        aggregates["k"] = Sum("record_key")
    return aggregates


def _has_record_key(model):
    return any(f.name == "record_key" for f in model._meta.concrete_fields)


def grouped_counts(qs, breakdown, count_field="id", distinct=False):
    """[Row] of counts by ``breakdown`` (None: one row) for a facts queryset."""
    aggregates = _keyed(qs, count_field, distinct)
    if breakdown is None:
        total = qs.aggregate(**aggregates)
        return [Row(None, str(_("Total")), total["n"], key_sum=total.get("k"))]
    field_name = DIMENSION_FIELD[breakdown]
    counted = qs.values(field_name).annotate(**aggregates).order_by(field_name)
    pairs = [(row[field_name], row["n"], row.get("k")) for row in counted]
    labels = labels_for(breakdown, [k for k, _n, _k in pairs])
    rows = [Row(k, _label(labels, k), n, key_sum=ks) for k, n, ks in pairs]
    if breakdown != "month":
        rows.sort(key=lambda r: (-r.value, r.label))
    return rows


def violation_counts(query):
    """[Row] of violations by the query's breakdown, from the rollup table."""
    from . import rollups

    triples = rollups.counts(query, query.breakdown)
    if query.breakdown is None:
        return [Row(None, str(_("Total")), triples[0][1], key_sum=triples[0][2])]
    labels = labels_for(query.breakdown, [k for k, _n, _k in triples])
    rows = [Row(k, _label(labels, k), n, key_sum=ks) for k, n, ks in triples]
    if query.breakdown != "month":
        rows.sort(key=lambda r: (-r.value, r.label))
    return rows


def share_result(ind, qs, condition, key=None, breakdown=None):
    """Share of ``qs`` rows meeting ``condition`` (× factor), overall or by ``key``; with
    the record-key sums of numerator and denominator when the rows are keyed facts."""
    aggregates = {"n": Count("id"), "ok": Count("id", filter=condition)}
    if _has_record_key(qs.model):
        aggregates["k"] = Sum("record_key")
        aggregates["k_ok"] = Sum("record_key", filter=condition)
    if breakdown is None:
        totals = qs.aggregate(**aggregates)
        value = totals["ok"] * ind.factor / totals["n"] if totals["n"] else None
        keys = (totals.get("k_ok") or 0, totals.get("k") or 0) if "k" in aggregates else None
        return Result(
            ind,
            [],
            total=value,
            total_numerator=totals["ok"],
            total_denominator=totals["n"],
            total_key_sums=keys,
        )
    counted = qs.values(key).annotate(**aggregates).order_by(key)
    labels = labels_for(breakdown, [row[key] for row in counted])
    rows = [
        Row(
            row[key],
            _label(labels, row[key]),
            row["ok"] * ind.factor / row["n"],
            row["ok"],
            row["n"],
            key_sum=(row.get("k_ok") or 0) if "k" in aggregates else None,
            denominator_key_sum=row.get("k") if "k" in aggregates else None,
        )
        for row in counted
    ]
    if breakdown != "month":
        rows.sort(key=lambda r: -(r.value or 0))
    n = sum(r.denominator for r in rows)
    ok = sum(r.numerator for r in rows)
    return Result(
        ind, rows, total=ok * ind.factor / n if n else None, total_numerator=ok, total_denominator=n
    )


def median_result(ind, qs, value_field, key=None, breakdown=None, with_p90=False):
    """Median (and 90th percentile) of ``value_field``, overall or by ``key``; each row's
    numerator is how many values it rests on."""
    if breakdown is None:
        values = list(qs.values_list(value_field, flat=True))
        median = percentile(values, 0.5)
        rows = []
        if with_p90:
            rows = [
                Row("p50", str(_("mediana")), median, len(values)),
                Row("p90", str(_("percentil 90")), percentile(values, 0.9), len(values)),
            ]
        return Result(ind, rows, total=median, total_numerator=len(values))
    groups = {}
    for group, value in qs.values_list(key, value_field):
        groups.setdefault(group, []).append(value)
    labels = labels_for(breakdown, list(groups))
    rows = [
        Row(k, _label(labels, k), percentile(v, 0.5), len(v), percentile(v, 0.9))
        for k, v in groups.items()
    ]
    rows.sort(key=lambda r: -(r.value or 0))
    every = [value for values in groups.values() for value in values]
    return Result(ind, rows, total=percentile(every, 0.5), total_numerator=len(every))


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


# Referral indicators are about the receiving service.
RECEIVER_FIELD = {"organization": "to_organization_id", "municipality": "to_municipality_id"}


def referral_facts(query):
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


def case_facts(query):
    qs = CaseFact.objects.filter(registered_month__gte=query.start, registered_month__lte=query.end)
    return _territory(qs, query)
