"""The managers' table builder (issue 17): a measure (violations, victims, cases, referrals),
one or two breakdowns, a period and a territory make a two-way table of counts, with its
totals, from the monitoring facts.

A result shown inside the manager's own territory is exact; beyond it (a municipal manager
looking at the state or at another municipality), and in every export, each cell is counted
month by month, each month's cell goes through the cell-key method (monitoring.disclosure)
with the key sum of its records — the violations' and referrals' own record keys, the
persons' and cases' keys for victims and cases — and the months are added up. A period is
then a sum of fixed month values: asking for January–April and for January–March gives April's
protected value as the difference, never a fresh draw of it, so varying the period cannot
average the noise away. Totals are sums of the published cells.

Specs are plain dicts (``Spec.from_dict``), so that a table can be saved and shared
(``SavedTable``) and run again on the data of the day.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from serdh.core import access, audit
from serdh.core.roles import Role
from serdh.network.choices import OrganizationKind

from . import disclosure
from .measures import labels_for
from .models import ReferralFact, SavedTable, ViolationFact

VIOLATION_DIMENSIONS = {
    "type": "type_id",
    "sex": "victim_sex",
    "age_band": "victim_age_band",
    "race": "victim_race_id",
    "group": "group_id",
    "municipality": "municipality_id",
    "organization": "organization_id",
    "month": "registered_month",
    "channel": "channel_id",
}
REFERRAL_DIMENSIONS = {
    "municipality": "to_municipality_id",
    "organization": "to_organization_id",
    "kind": "to_kind",
    "month": "sent_month",
    "status": "status",
}
DIMENSION_LABELS = {
    "type": _("tipo de violação"),
    "sex": _("sexo da vítima"),
    "age_band": _("faixa etária da vítima"),
    "race": _("raça/cor da vítima"),
    "group": _("grupo vulnerável"),
    "municipality": _("município"),
    "organization": _("serviço"),
    "month": _("mês"),
    "channel": _("canal de entrada"),
    "kind": _("tipo de serviço"),
    "status": _("situação"),
}


@dataclass(frozen=True)
class Measure:
    label: str
    model: object
    dimensions: dict
    month_field: str
    distinct: str = ""  # count distinct values of this field (a person, a case)
    key_kind: str = ""  # whose record keys: the distinct field's table
    territory_field: str = "municipality_id"
    organization_field: str = "organization_id"

    do_not_call_in_templates = True


MEASURES = {
    "violations": Measure(_("Violações"), ViolationFact, VIOLATION_DIMENSIONS, "registered_month"),
    "victims": Measure(
        _("Vítimas (pessoas distintas)"),
        ViolationFact,
        VIOLATION_DIMENSIONS,
        "registered_month",
        distinct="person_id",
        key_kind="person",
    ),
    "cases": Measure(
        _("Casos"),
        ViolationFact,
        VIOLATION_DIMENSIONS,
        "registered_month",
        distinct="case_id",
        key_kind="case",
    ),
    "referrals": Measure(
        _("Encaminhamentos"),
        ReferralFact,
        REFERRAL_DIMENSIONS,
        "sent_month",
        territory_field="to_municipality_id",
        organization_field="to_organization_id",
    ),
}
MAX_MONTHS = 60


@dataclass(frozen=True)
class Spec:
    measure: str
    rows: str
    columns: str  # "" for none
    start: date
    end: date
    municipality_id: int | None  # None: the whole state

    def to_dict(self):
        data = asdict(self)
        data["start"], data["end"] = f"{self.start:%Y-%m}", f"{self.end:%Y-%m}"
        return data

    @classmethod
    def from_dict(cls, data):
        def month(text):
            year, number = str(text).split("-")
            return date(int(year), int(number), 1)

        return cls(
            measure=data["measure"],
            rows=data["rows"],
            columns=data.get("columns") or "",
            start=month(data["start"]),
            end=month(data["end"]),
            municipality_id=data.get("municipality_id"),
        )

    def errors(self):
        """Portuguese messages for a spec that cannot run (empty: it can)."""
        measure = MEASURES.get(self.measure)
        if measure is None:
            return {"measure": _("Escolha uma medida da lista.")}
        out = {}
        if self.rows not in measure.dimensions:
            out["rows"] = _("Esta medida não se desagrega por essa variável.")
        if self.columns and self.columns not in measure.dimensions:
            out["columns"] = _("Esta medida não se desagrega por essa variável.")
        if self.columns and self.columns == self.rows:
            out["columns"] = _("Escolha uma variável diferente da das linhas.")
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        if months < 1:
            out["end"] = _("O fim do período deve vir depois do início.")
        elif months > MAX_MONTHS:
            out["end"] = _("O período vai até %(n)s meses.") % {"n": MAX_MONTHS}
        return out


@dataclass
class Table:
    spec: Spec
    rows: list  # (key, label)
    columns: list  # (key, label); [(None, "Total")] without a second breakdown
    cells: list
    row_totals: list
    column_totals: list
    grand_total: int
    protected: bool  # whether the cells passed disclosure control
    note: str = ""


def _labels(dimension, keys):
    if dimension == "kind":
        return {k: str(v) for k, v in OrganizationKind.choices}
    if dimension == "status":
        from serdh.cases.choices import ReferralStatus

        return {k: str(v) for k, v in ReferralStatus.choices}
    if dimension == "channel":
        return labels_for("type", keys)  # a term, like a type
    return labels_for(dimension, keys)


def _ordered(dimension, keys):
    labels = _labels(dimension, keys)
    label = {
        k: str(labels.get(k, k)) if k not in (None, "") else str(_("não informado")) for k in keys
    }
    if dimension == "month":
        order = sorted(keys, key=lambda k: (k is None, k))
        return [(k, f"{k:%m/%Y}" if k else label[k]) for k in order]
    return sorted(((k, label[k]) for k in keys), key=lambda pair: (pair[0] in (None, ""), pair[1]))


def _facts(spec, measure, state_code):
    qs = measure.model.objects.filter(
        state_code=state_code,
        **{f"{measure.month_field}__gte": spec.start, f"{measure.month_field}__lte": spec.end},
    )
    if spec.municipality_id:
        qs = qs.filter(**{measure.territory_field: spec.municipality_id})
    return qs


def counts(spec, state_code, by_month=False):
    """{(row key, column key, month or None): (count, key sum)} of a spec; ``by_month``:
    each month apart (what disclosure control perturbs, so that a window is the sum of
    fixed month cells and two windows' difference tells nothing new)."""
    measure = MEASURES[spec.measure]
    fields = [measure.dimensions[spec.rows]]
    if spec.columns:
        fields.append(measure.dimensions[spec.columns])
    month_at = None
    if by_month:
        if measure.month_field not in fields:
            fields.append(measure.month_field)
        month_at = fields.index(measure.month_field)

    def cell(values):
        return (
            values[0],
            values[1] if spec.columns else None,
            values[month_at] if month_at is not None else None,
        )

    qs = _facts(spec, measure, state_code)
    out = {}
    if not measure.distinct:
        for row in qs.values(*fields).annotate(n=Count("id"), k=Sum("record_key")).order_by():
            out[cell([row[f] for f in fields])] = (row["n"], row["k"] or 0)
        return out
    # Each person (or case) once per cell, with its own record key.
    keys = disclosure.RecordKeys()
    found = defaultdict(lambda: [0, 0])
    pairs = (
        qs.exclude(**{f"{measure.distinct}__isnull": True})
        .values_list(*fields, measure.distinct)
        .distinct()
        .order_by()
    )
    for values in pairs.iterator(chunk_size=5000):
        found[cell(values)][0] += 1
        found[cell(values)][1] += keys(measure.key_kind, values[-1])
    return {key: (n, k) for key, (n, k) in found.items()}


def build(spec, state_code, protect):
    """The table of ``spec``; ``protect``: through disclosure control, month by month."""
    found = counts(spec, state_code, by_month=protect)
    values = defaultdict(int)
    for (r, c, _month), (n, k) in found.items():
        # Protected: each month's cell perturbed by its own records' keys, then added up.
        values[(r, c)] += disclosure.perturb(n, k) if protect else n
    rows = _ordered(spec.rows, {r for r, _c in values})
    columns = (
        _ordered(spec.columns, {c for _r, c in values})
        if spec.columns
        else [(None, str(_("Total")))]
    )
    cells = [[values.get((r, c), 0) for c, _l in columns] for r, _l in rows]
    column_totals = [sum(row[i] for row in cells) for i in range(len(columns))]
    return Table(
        spec=spec,
        rows=rows,
        columns=columns,
        cells=cells,
        row_totals=[sum(row) for row in cells],
        column_totals=column_totals,
        grand_total=sum(column_totals),
        protected=protect,
        note=_note(spec, protect),
    )


def _note(spec, protect):
    """What the totals and cells mean, for victims and cases (distinct counts)."""
    if not MEASURES[spec.measure].distinct:
        return ""
    parts = [
        str(
            _(
                "Os totais somam as células: uma pessoa (ou um caso) em duas linhas ou colunas "
                "conta nas duas."
            )
        )
    ]
    if protect:
        parts.append(
            str(
                _(
                    "Fora do seu território e nas exportações, cada mês é contado e protegido à "
                    "parte e os meses são somados: quem aparece em dois meses conta duas vezes."
                )
            )
        )
    return " ".join(parts)


def save(user, spec, name, shared):
    """Save a question for ``user`` (a manager): private, or shared with the managers of the
    same territory (the state's, or one municipality's). Audited."""
    actor = access.actor_for(user)
    with transaction.atomic():
        saved = SavedTable.objects.create(
            name=name.strip(),
            spec=spec.to_dict(),
            owner=user,
            state_code=actor.state_code,
            municipality_id=None if actor.has_role(Role.STATE_MANAGER) else actor.municipality_id,
            shared=shared,
        )
        audit.record("monitoring.table_saved", saved, data={"shared": saved.shared})
    return saved


def delete(user, pk):
    """Delete one of ``user``'s own saved tables (False when it is not theirs to delete)."""
    with transaction.atomic():
        saved = SavedTable.objects.restrict(user, access.DELETE).filter(pk=pk).first()
        if saved is None:
            return False
        audit.record("monitoring.table_deleted", saved, data={"name": saved.name})
        saved.delete()
    return True


def rows_for_export(table):
    """The table as rows of a spreadsheet: header, cells with their totals, totals."""
    measure = MEASURES[table.spec.measure]
    head = str(DIMENSION_LABELS[table.spec.rows])
    if table.spec.columns:
        head = f"{head} / {DIMENSION_LABELS[table.spec.columns]}"
    out = [[head, *[label for _k, label in table.columns], str(_("Total"))]]
    for (_k, label), row, total in zip(table.rows, table.cells, table.row_totals, strict=True):
        out.append([label, *row, total])
    out.append([str(_("Total")), *table.column_totals, table.grand_total])
    out.append([])
    out.append([str(_("Medida")), str(measure.label)])
    if table.note:
        out.append([str(_("Observação")), table.note])
    out.append([str(_("Período")), f"{table.spec.start:%Y-%m} a {table.spec.end:%Y-%m}"])
    out.append(
        [
            str(_("Controle de divulgação")),
            str(
                _(
                    "contagens com ruído de até %(d)s por mês (de 1 a %(b)s: 0 ou %(t)s), "
                    "somadas no período; totais são somas das células"
                )
                % {
                    "d": disclosure.spread(),
                    "b": disclosure.threshold() - 1,
                    "t": disclosure.threshold(),
                }
            ),
        ]
    )
    return out
