"""Open data: the state's figures as two-way tables of counts, protected by the cell-key
method (monitoring.disclosure) and published only as frozen releases (monitoring.releases).
Only counts leave, never rows of facts.

Each dataset builds, for the months closed through a given month, a ``Grid``: row and column
codes with their pt-BR labels, the counts and the key sums of their records. ``table`` turns
a grid into the published long format: one line per cell (codes in their own columns, labels
beside them), then the row totals, the column totals and the grand total, each line with
"Total" in place of what it adds over. Totals are sums of the published cells.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from serdh.network.models import Municipality
from serdh.vocabularies.models import Term

from . import disclosure
from .models import ViolationCount

TOTAL = "Total"


@dataclass(frozen=True)
class Column:
    name: str
    description: str

    do_not_call_in_templates = True


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    row_columns: tuple  # Column(s) naming the row: its code, and its label when it has one
    column_columns: tuple
    build: object

    do_not_call_in_templates = True

    @property
    def header(self):
        return [c.name for c in (*self.row_columns, *self.column_columns)] + ["violacoes"]


@dataclass
class Grid:
    rows: list  # (code, label)
    columns: list  # (code, label)
    cells: list  # counts
    keys: list  # record-key sums


def state_code():
    return (
        Municipality.objects.filter(state__uf=settings.SERDH_STATE)
        .values_list("state_id", flat=True)
        .first()
    )


def months_between(first, last):
    months, current = [], first
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _sums(dimension, first, last, row_field, column_field, municipalities=False):
    """{(row, column): (count, key sum)} of the state's rollup rows, grouped by two fields."""
    qs = ViolationCount.objects.filter(
        dimension=dimension,
        state_code=state_code(),
        organization_id=0,
        month__gte=first,
        month__lte=last,
    )
    qs = qs.exclude(municipality_id=0) if municipalities else qs.filter(municipality_id=0)
    grouped = qs.values(row_field, column_field).annotate(n=Sum("count"), k=Sum("key_sum"))
    return {(row[row_field], row[column_field]): (row["n"], row["k"]) for row in grouped}


def _grid(rows, columns, sums):
    """A Grid of ``rows`` and ``columns`` ((key, code, label) each) from ``_sums``."""
    return Grid(
        rows=[(code, label) for _key, code, label in rows],
        columns=[(code, label) for _key, code, label in columns],
        cells=[[sums.get((r, c), (0, 0))[0] for c, _o, _l in columns] for r, _o, _l in rows],
        keys=[[sums.get((r, c), (0, 0))[1] for c, _o, _l in columns] for r, _o, _l in rows],
    )


def _types():
    """Every top-level violation type, retired ones too, in the vocabulary's order, as
    (rollup value, code, label): columns that never depend on the counts (a column that
    appeared with a first registration would say so)."""
    terms = Term.objects.filter(vocabulary__key="violation_type", parent__isnull=True)
    return [(str(t.pk), t.code, t.label) for t in terms.order_by("order", "pk")]


def _years(last):
    """The three calendar years of a release (the last one up to its last closed month)."""
    return [(y, str(y), str(y)) for y in (last.year - 2, last.year - 1, last.year)]


def _by_month_and_type(last):
    """Violations by month of registration and type, from January two years back."""
    first = date(last.year - 2, 1, 1)
    months = [(m, f"{m:%Y-%m}", f"{m:%m/%Y}") for m in months_between(first, last)]
    return _grid(months, _types(), _sums("type", first, last, "month", "value"))


def _by_year_and_type(last):
    """Violations by year of registration and type: the yearly figures with one noise each,
    not a sum of twelve."""
    first = date(last.year - 2, 1, 1)
    return _grid(_years(last), _types(), _sums("type", first, last, "month__year", "value"))


def _by_municipality_and_year(last):
    """Violations by municipality and year of registration, three years. Every municipality
    of the state, whatever its counts: a row that appeared only with a registration would
    itself say that there was one."""
    first = date(last.year - 2, 1, 1)
    places = [
        (code, str(code), name)
        for code, name in Municipality.objects.filter(state__uf=settings.SERDH_STATE)
        .order_by("code")
        .values_list("code", "name")
    ]
    sums = _sums("total", first, last, "municipality_id", "month__year", municipalities=True)
    return _grid(places, _years(last), sums)


DATASETS = {
    d.slug: d
    for d in (
        Dataset(
            slug="violacoes-por-mes-e-tipo",
            title=_("Violações registradas por mês e tipo (estado)"),
            description=_(
                "Violações dos casos registrados no estado, de janeiro de dois anos atrás até o "
                "último mês fechado da versão, pelo mês de registro e o tipo de violação "
                "(vocabulário SER-DH, com os códigos SINAN)."
            ),
            row_columns=(Column("mes", _("mês de registro, AAAA-MM; “Total” nos totais")),),
            column_columns=(
                Column("tipo_codigo", _("código do tipo de violação; “Total” nos totais")),
                Column("tipo", _("nome do tipo de violação")),
            ),
            build=_by_month_and_type,
        ),
        Dataset(
            slug="violacoes-por-ano-e-tipo",
            title=_("Violações registradas por ano e tipo (estado)"),
            description=_(
                "Violações dos casos registrados no estado nos três últimos anos civis (o "
                "último até o último mês fechado da versão), pelo ano de registro e o tipo de "
                "violação."
            ),
            row_columns=(Column("ano", _("ano de registro; “Total” nos totais")),),
            column_columns=(
                Column("tipo_codigo", _("código do tipo de violação; “Total” nos totais")),
                Column("tipo", _("nome do tipo de violação")),
            ),
            build=_by_year_and_type,
        ),
        Dataset(
            slug="violacoes-por-municipio-e-ano",
            title=_("Violações registradas por município e ano"),
            description=_(
                "Violações dos casos registrados nos três últimos anos civis (o último até o "
                "último mês fechado da versão), por município da ocorrência; todos os "
                "municípios do estado, com ou sem registros."
            ),
            row_columns=(
                Column("municipio_codigo", _("código IBGE do município; “Total” nos totais")),
                Column("municipio", _("nome do município")),
            ),
            column_columns=(Column("ano", _("ano de registro; “Total” nos totais")),),
            build=_by_municipality_and_year,
        ),
    )
}


def _names(columns, code, label):
    """The values of a dimension's columns (code, and label when the dataset has one)."""
    return [code, label][: len(columns)]


def table(dataset, grid, published=None):
    """(header, rows) in long format after disclosure control, and the protected table.
    ``published``: the cells' values when already decided (``year_type_linked``)."""
    protected = disclosure.protect(
        [c for c, _l in grid.rows],
        [c for c, _l in grid.columns],
        grid.cells,
        grid.keys,
        published=published,
    )
    rows = []
    rc, cc = dataset.row_columns, dataset.column_columns
    for r, (row_code, row_label) in enumerate(grid.rows):
        row_names = _names(rc, row_code, row_label)
        for c, (column_code, column_label) in enumerate(grid.columns):
            rows.append([*row_names, *_names(cc, column_code, column_label), protected.cells[r][c]])
        rows.append([*row_names, *_names(cc, TOTAL, TOTAL), protected.row_totals[r]])
    for c, (column_code, column_label) in enumerate(grid.columns):
        rows.append(
            [*_names(rc, TOTAL, TOTAL), *_names(cc, column_code, column_label)]
            + [protected.column_totals[c]]
        )
    rows.append([*_names(rc, TOTAL, TOTAL), *_names(cc, TOTAL, TOTAL), protected.grand_total])
    return dataset.header, rows, protected


def year_type_linked(year_grid, month_grid, month_published):
    """The year × type cells, each over the same records as its year's month × type cells:
    published through ``disclosure.linked`` so that the two tables together prove nothing the
    month table alone does not."""
    by_code = {code: c for c, (code, _l) in enumerate(month_grid.columns)}
    out = []
    for r, (year, _label) in enumerate(year_grid.rows):
        months = [i for i, (month, _l) in enumerate(month_grid.rows) if month.startswith(year)]
        row = []
        for c, (code, _l) in enumerate(year_grid.columns):
            parts = [month_published[i][by_code[code]] for i in months] if code in by_code else []
            n, key = year_grid.cells[r][c], year_grid.keys[r][c]
            row.append(disclosure.linked(n, key, parts) if parts else disclosure.perturb(n, key))
        out.append(row)
    return out
