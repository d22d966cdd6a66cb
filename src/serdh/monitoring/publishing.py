"""What an indicator may show outside the case teams: counts through disclosure control,
rates, shares and times only where the count behind them is large enough."""

from dataclasses import dataclass

from . import disclosure
from .measures import Row

COUNT_UNITS = ("count",)


@dataclass
class Cell:
    label: str
    value: object  # number, or None when suppressed
    key: object = None
    numerator: object = None
    denominator: object = None

    @property
    def suppressed(self):
        return self.value is None


@dataclass
class Published:
    indicator: object
    cells: list
    total: object
    total_suppressed: bool
    note: str = ""
    more: int = 0  # rows left out of a shortened table


def _key(ind, row, which, value):
    """The row's record-key sum, or a key drawn from its description when it has none (its
    key, never its label, which changes with the reader's language)."""
    known = row.key_sum if which == "numerator" else row.denominator_key_sum
    if known is not None:
        return known
    return disclosure.fallback_key(ind.code, which, row.key, value)


def publish(result, limit=None):
    """A Result as it may leave the case teams: every count through the cell-key method
    (monitoring.disclosure), shares recomputed from perturbed counts, rates from a perturbed
    numerator; medians and averages that rest on fewer than ``limit`` items withheld."""
    limit = disclosure.threshold() if limit is None else limit
    ind = result.indicator
    if ind.unit in COUNT_UNITS:
        keys = [_key(ind, r, "numerator", int(r.value or 0)) for r in result.rows]
        shown, total = disclosure.protect_series(
            [r.label for r in result.rows], [int(r.value or 0) for r in result.rows], keys, limit
        )
        cells = [Cell(r.label, value, r.key) for r, value in zip(result.rows, shown, strict=True)]
        return Published(ind, cells, total, False, result.note)
    rests_on_counts = result.total_numerator is not None or any(
        r.numerator is not None for r in result.rows
    )
    if ind.unit == "number" and not rests_on_counts:
        # Network coverage (municipalities, services, users: about no victim) as it is;
        # counts of people (rows with record keys) perturbed.
        cells = [
            Cell(
                r.label,
                r.value if r.key_sum is None else disclosure.perturb(r.value, r.key_sum, limit),
                r.key,
            )
            for r in result.rows
        ]
        return Published(ind, cells, result.total, False, result.note)
    if ind.unit == "share":
        return _publish_shares(ind, result, limit)
    if ind.unit == "rate":
        return _publish_rates(ind, result, limit)
    cells = []
    for row in result.rows:
        # Times and caseloads: a median of 3 referrals or of one professional's cases
        # describes them; withheld below the threshold.
        small = row.numerator is not None and 0 < row.numerator < limit
        cells.append(
            Cell(
                row.label,
                None if small else row.value,
                row.key,
                None if small else row.numerator,
                row.denominator,
            )
        )
    basis = result.total_numerator
    total_small = basis is not None and 0 < basis < limit
    return Published(ind, cells, None if total_small else result.total, total_small, result.note)


def _share(numerator, denominator, factor):
    if not denominator:
        return None
    return min(numerator, denominator) * factor / denominator


def _publish_shares(ind, result, limit):
    cells, numerators, denominators = [], [], []
    for row in result.rows:
        n = disclosure.perturb(row.numerator, _key(ind, row, "numerator", row.numerator), limit)
        d = disclosure.perturb(
            row.denominator, _key(ind, row, "denominator", row.denominator), limit
        )
        numerators.append(n)
        denominators.append(d)
        cells.append(Cell(row.label, _share(n, d, ind.factor), row.key, n, d))
    if result.rows:
        total = _share(sum(numerators), sum(denominators), ind.factor)
    elif result.total_denominator is not None:
        total_row = _total_row(result)
        n = disclosure.perturb(
            result.total_numerator,
            _key(ind, total_row, "numerator", result.total_numerator),
            limit,
        )
        d = disclosure.perturb(
            result.total_denominator,
            _key(ind, total_row, "denominator", result.total_denominator),
            limit,
        )
        total = _share(n, d, ind.factor)
    elif result.total_numerator is not None and 0 < result.total_numerator < limit:
        total = None  # a share of counts it cannot perturb: withheld when the count is small
    else:
        total = result.total
    return Published(ind, cells, total, total is None and result.total is not None, result.note)


def _total_row(result):
    keys = result.total_key_sums or (None, None)
    return Row(None, "total", None, key_sum=keys[0], denominator_key_sum=keys[1])


def _publish_rates(ind, result, limit):
    """A rate per inhabitants: the numerator perturbed, the population as it is."""
    cells, numerators, populations = [], [], []
    for row in result.rows:
        if row.numerator is None or not row.denominator:
            cells.append(Cell(row.label, row.value, row.key, row.numerator, row.denominator))
            continue
        n = disclosure.perturb(row.numerator, _key(ind, row, "numerator", row.numerator), limit)
        numerators.append(n)
        populations.append(row.denominator)
        cells.append(Cell(row.label, n * ind.factor / row.denominator, row.key, n, row.denominator))
    total = result.total
    if numerators and sum(populations):
        total = sum(numerators) * ind.factor / sum(populations)
    elif result.total_numerator is not None and result.total and result.total_numerator:
        # No breakdown: the rate of a perturbed total over the same population.
        population = result.total_numerator * ind.factor / result.total
        n = disclosure.perturb(
            result.total_numerator,
            _key(ind, _total_row(result), "numerator", result.total_numerator),
            limit,
        )
        total = n * ind.factor / population
    return Published(ind, cells, total, False, result.note)
