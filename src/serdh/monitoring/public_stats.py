"""The public statistics page's figures, taken only from the open-data tables after their
disclosure control (opendata.py): every number shown is a published cell, a sum of published
cells, or a rate of a published count. Nothing new can be learned from the page that the
published files did not already say.

Breakdowns by municipality and sex, age or race/colour are not public: those tables would be
linked to the published ones through their totals, and linked tables need a joint protection
this module does not attempt (docs/architecture.md).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS_3

from serdh.network.models import Municipality
from serdh.vocabularies.models import Term

from . import opendata
from .models import Population
from .publishing import Cell


@dataclass
class Statistics:
    years: list
    year: int
    municipality: object  # Municipality or None for the state
    total: object  # violations in the year and territory, or None when hidden
    rate: object  # per 100,000 inhabitants, or None
    by_year: list = field(default_factory=list)  # Cells: the territory's yearly totals
    by_month: list = field(default_factory=list)  # Cells (state only)
    by_type: list = field(default_factory=list)  # Cells (state only)
    by_municipality: list = field(default_factory=list)  # Cells (state only), largest first
    hidden_municipalities: int = 0
    population: object = None


def _sum(values):
    """A sum of published values; None when any of them is hidden."""
    return None if any(v is None for v in values) else sum(values)


def _tables():
    month_rows = opendata.table(opendata.DATASETS["violacoes-por-mes-e-tipo"])[1]
    year_rows = opendata.table(opendata.DATASETS["violacoes-por-municipio-e-ano"])[1]
    return month_rows, year_rows


def available_years():
    this_year = timezone.localdate().year
    return [this_year - 2, this_year - 1, this_year]


def statistics(year, municipality_code=None):
    """Figures for one calendar year (of the three published) and the state or one
    municipality of the state."""
    years = available_years()
    if year not in years:
        year = years[-1]
    municipality = None
    if municipality_code:
        municipality = Municipality.objects.filter(
            code=municipality_code, state__uf=settings.SERDH_STATE
        ).first()
    month_rows, year_rows = _tables()
    # Yearly totals: the territory's row of the municipality × year table (the state: the
    # column totals).
    label_prefix = f"{municipality.code} " if municipality else None
    yearly = {}
    for row_label, column, value in year_rows:
        if column == "Total":
            continue
        if (
            municipality is None
            and row_label == "Total"
            or municipality is not None
            and row_label.startswith(label_prefix)
        ):
            yearly[int(column)] = value
    # A municipality missing from the table has no violation registered: its count is 0.
    by_year = [Cell(str(y), yearly.get(y, 0), y) for y in years]
    total = next(c.value for c in by_year if c.key == year)
    population = (
        Population.objects.filter(municipality=municipality, year__lte=year)
        .order_by("-year")
        .values_list("population", flat=True)
        .first()
        if municipality is not None
        else sum(_state_population(year).values()) or None
    )
    rate = round(total * 100000 / population, 1) if total is not None and population else None
    stats = Statistics(years, year, municipality, total, rate, by_year, population=population)
    if municipality is None:
        _state_breakdowns(stats, month_rows, year_rows)
    return stats


def _state_population(year):
    rows = Population.objects.filter(
        municipality__state__uf=settings.SERDH_STATE, year__lte=year
    ).values_list("municipality_id", "year", "population")
    latest = {}
    for code, _year, n in sorted(rows, key=lambda r: r[1]):
        latest[code] = n
    return latest


def _state_breakdowns(stats, month_rows, year_rows):
    year = stats.year
    prefix = f"{year}-"
    month_totals = {r[0]: r[2] for r in month_rows if r[0].startswith(prefix) and r[1] == "Total"}
    now = timezone.localdate()
    months = [f"{year}-{m:02d}" for m in range(1, 13) if (year, m) <= (now.year, now.month)]
    stats.by_month = [
        Cell(str(MONTHS_3[int(m[5:])]), month_totals[m], m) for m in months if m in month_totals
    ]
    # Types over the year: a sum of published month × type cells, when the months of the
    # year published in the file cover it (24 months may start mid-year).
    complete = len(stats.by_month) == len(months)
    per_type = {}
    for month, code, value in month_rows:
        if month.startswith(prefix) and code != "Total":
            per_type.setdefault(code, []).append(value)
    names = dict(
        Term.objects.filter(vocabulary__key="violation_type", code__in=per_type).values_list(
            "code", "label"
        )
    )
    stats.by_type = sorted(
        (
            Cell(names.get(code, code), _sum(values) if complete else None, code)
            for code, values in per_type.items()
        ),
        key=lambda c: (c.value is None, -(c.value or 0), c.label),
    )
    column = str(year)
    cells = [
        Cell(label.split(" ", 1)[1] if " " in label else label, value, label.split(" ", 1)[0])
        for label, col, value in year_rows
        if col == column and label != "Total"
    ]
    shown = [c for c in cells if c.value is not None and c.value > 0]
    stats.hidden_municipalities = sum(1 for c in cells if c.value is None)
    stats.by_municipality = sorted(shown, key=lambda c: (-c.value, c.label))
