"""The public statistics page's figures, read only from the latest open-data release
(monitoring.releases): every number shown is a published cell, a sum of published cells
(the tables are additive), or a rate of one. Nothing can be learned from the page that the
release's files did not already say, and nothing changes between releases.

Breakdowns by municipality and sex, age or race/colour are not public yet: they would come
as datasets of a release, through the same cell-key method (docs/architecture.md).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.dates import MONTHS_3

from serdh.network.models import Municipality

from . import releases
from .models import Population
from .publishing import Cell

MONTH_TYPE = "violacoes-por-mes-e-tipo"
YEAR_TYPE = "violacoes-por-ano-e-tipo"
MUNICIPALITY_YEAR = "violacoes-por-municipio-e-ano"
TOTAL = "Total"


@dataclass
class Statistics:
    release: object  # Release or None (nothing published yet)
    years: list
    year: int
    municipality: object  # Municipality or None for the state
    total: object  # violations in the year and territory (None: no release)
    rate: object  # per 100,000 inhabitants, or None
    by_year: list = field(default_factory=list)  # Cells: the territory's yearly totals
    by_month: list = field(default_factory=list)  # Cells (state only)
    by_type: list = field(default_factory=list)  # Cells (state only)
    by_municipality: list = field(default_factory=list)  # Cells (state only), largest first
    rates: list = field(default_factory=list)  # Cells: per 100,000 inhabitants (state only)
    population: object = None


def available_years(release=None):
    release = release if release is not None else releases.latest()
    if release is None:
        return []
    last = release.closed_through.year
    return [last - 2, last - 1, last]


def statistics(year, municipality_code=None):
    """Figures for one calendar year (of the three published) and the state or one
    municipality of the state, from the latest release."""
    release = releases.latest()
    years = available_years(release)
    if year not in years:
        year = years[-1] if years else None
    municipality = None
    if municipality_code:
        municipality = Municipality.objects.filter(
            code=municipality_code, state__uf=settings.SERDH_STATE
        ).first()
    stats = Statistics(release, years, year, municipality, None, None)
    if release is None:
        return stats
    year_rows = releases.rows_of(release, MUNICIPALITY_YEAR)
    # The territory's yearly totals: its row of the municipality × year table (the state:
    # the row of column totals). A municipality missing from it registered nothing: 0.
    wanted = str(municipality.code) if municipality else TOTAL
    yearly = {
        int(column): value
        for code, _name, column, value in year_rows
        if code == wanted and column != TOTAL
    }
    stats.by_year = [Cell(str(y), yearly.get(y, 0), y) for y in years]
    stats.total = yearly.get(year, 0)
    stats.population = (
        Population.objects.filter(municipality=municipality, year__lte=year)
        .order_by("-year")
        .values_list("population", flat=True)
        .first()
        if municipality is not None
        else sum(_state_population(year).values()) or None
    )
    if stats.population:
        stats.rate = round(stats.total * 100000 / stats.population, 1)
    if municipality is None:
        _state_breakdowns(
            stats,
            releases.rows_of(release, MONTH_TYPE),
            releases.rows_of(release, YEAR_TYPE),
            year_rows,
        )
    return stats


def _state_population(year):
    rows = Population.objects.filter(
        municipality__state__uf=settings.SERDH_STATE, year__lte=year
    ).values_list("municipality_id", "year", "population")
    latest = {}
    for code, _year, n in sorted(rows, key=lambda r: r[1]):
        latest[code] = n
    return latest


def _state_breakdowns(stats, month_rows, type_rows, year_rows):
    prefix = f"{stats.year}-"
    stats.by_month = [
        Cell(str(MONTHS_3[int(month[5:])]), value, month)
        for month, code, _label, value in month_rows
        if month.startswith(prefix) and code == TOTAL
    ]
    column = str(stats.year)
    stats.by_type = sorted(
        (
            Cell(label, value, code)
            for year, code, label, value in type_rows
            if year == column and code != TOTAL
        ),
        key=lambda c: (-c.value, c.label),
    )
    cells = [
        Cell(name, value, code)
        for code, name, col, value in year_rows
        if col == column and code != TOTAL and value > 0
    ]
    stats.by_municipality = sorted(cells, key=lambda c: (-c.value, c.label))
    # Rates by municipality (the map): the published count over the population, for every
    # adhering municipality with a population (elsewhere SIMA registers nothing, and 0 would
    # mislead); one with no line in the table registered nothing: 0.
    people = _state_population(stats.year)
    counts = {
        int(code): value for code, _name, col, value in year_rows if col == column and code != TOTAL
    }
    adhering = dict(
        Municipality.objects.filter(code__in=people, adhesion__status="active").values_list(
            "code", "name"
        )
    )
    stats.rates = sorted(
        (
            Cell(name, round(counts.get(code, 0) * 100000 / people[code], 1), code)
            for code, name in adhering.items()
            if people[code]
        ),
        key=lambda c: (-c.value, c.label),
    )
