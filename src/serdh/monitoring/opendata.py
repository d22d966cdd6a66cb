"""Open data: public CSV files of the state's figures, each a two-way table protected as a
whole by disclosure control (cells, row totals, column totals and grand total), with a data
dictionary. Only counts leave, never rows of facts.

Each dataset is a function returning (row labels, column labels, counts); ``table`` protects
it and flattens it to long format: one line per cell, totals as lines whose label is
"Total", hidden cells empty.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serdh.network.models import Municipality
from serdh.vocabularies.models import Term

from . import disclosure
from .models import ViolationCount


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    row_name: str
    row_description: str
    column_name: str
    column_description: str
    build: object

    do_not_call_in_templates = True


def _state_code():
    return (
        Municipality.objects.filter(state__uf=settings.SERDH_STATE)
        .values_list("state_id", flat=True)
        .first()
    )


def _months(n=24):
    end = timezone.localdate().replace(day=1)
    months = [end]
    while len(months) < n:
        previous = months[-1]
        months.append(
            previous.replace(year=previous.year - 1, month=12)
            if previous.month == 1
            else previous.replace(month=previous.month - 1)
        )
    return sorted(months)


def _by_month_and_type():
    months = _months()
    counts = defaultdict(int)
    for row in (
        ViolationCount.objects.filter(
            dimension="type",
            state_code=_state_code(),
            municipality_id=0,
            organization_id=0,
            month__gte=months[0],
            month__lte=months[-1],
        )
        .values("month", "value")
        .annotate(n=Sum("count"))
    ):
        counts[(row["month"], row["value"])] += row["n"]
    types = Term.objects.filter(vocabulary__key="violation_type", parent__isnull=True)
    types = [t for t in types.order_by("order") if any(k[1] == str(t.pk) for k in counts)]
    cells = [[counts[(m, str(t.pk))] for t in types] for m in months]
    return [f"{m:%Y-%m}" for m in months], [t.code for t in types], cells


def _by_municipality_and_year():
    this_year = timezone.localdate().year
    years = [this_year - 2, this_year - 1, this_year]
    counts = defaultdict(int)
    for row in (
        ViolationCount.objects.filter(
            dimension="total", state_code=_state_code(), organization_id=0
        )
        .exclude(municipality_id=0)
        .filter(month__year__in=years)
        .values("municipality_id", "month__year")
        .annotate(n=Sum("count"))
    ):
        counts[(row["municipality_id"], row["month__year"])] += row["n"]
    codes = sorted({code for code, _year in counts})
    names = dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))
    cells = [[counts[(code, y)] for y in years] for code in codes]
    return [f"{code} {names.get(code, '')}" for code in codes], [str(y) for y in years], cells


DATASETS = {
    d.slug: d
    for d in (
        Dataset(
            slug="violacoes-por-mes-e-tipo",
            title=_("Violações registradas por mês e tipo (estado)"),
            description=_(
                "Violações dos casos registrados nos últimos 24 meses, no estado, pelo mês de "
                "registro e o tipo de violação (vocabulário SER-DH, com os códigos SINAN)."
            ),
            row_name="mes",
            row_description=_("mês de registro, AAAA-MM; “Total” na linha dos totais"),
            column_name="tipo",
            column_description=_("código do tipo de violação; “Total” na coluna dos totais"),
            build=_by_month_and_type,
        ),
        Dataset(
            slug="violacoes-por-municipio-e-ano",
            title=_("Violações registradas por município e ano"),
            description=_(
                "Violações dos casos registrados nos três últimos anos civis (o atual até "
                "hoje), por município da ocorrência."
            ),
            row_name="municipio",
            row_description=_("código IBGE e nome do município; “Total” na linha dos totais"),
            column_name="ano",
            column_description=_("ano de registro; “Total” na coluna dos totais"),
            build=_by_municipality_and_year,
        ),
    )
}


def table(dataset):
    """(header, rows) in long format after disclosure control: the cells, then the totals."""
    row_labels, column_labels, cells = dataset.build()
    header = [dataset.row_name, dataset.column_name, "violacoes"]
    if not row_labels or not column_labels:
        return header, []
    protected = disclosure.protect(row_labels, column_labels, cells)
    rows = []
    for r, label in enumerate(row_labels):
        for c, column in enumerate(column_labels):
            rows.append([label, column, protected.cells[r][c]])
        rows.append([label, "Total", protected.row_totals[r]])
    for c, column in enumerate(column_labels):
        rows.append(["Total", column, protected.column_totals[c]])
    rows.append(["Total", "Total", protected.grand_total])
    return header, rows
