"""What an indicator may show outside the case teams: counts through disclosure control,
rates, shares and times only where the count behind them is large enough."""

from dataclasses import dataclass

from . import disclosure

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


def publish(result, limit=None):
    """A Result with every small count hidden and its complements; values that rest on a
    small count (a share of 3 cases) hidden too."""
    limit = disclosure.threshold() if limit is None else limit
    ind = result.indicator
    if ind.unit in COUNT_UNITS:
        values = [int(r.value or 0) for r in result.rows]
        if len(values) > 1:
            shown, total, _table = disclosure.protect_series(
                [r.label for r in result.rows], values, limit
            )
        else:
            total_value = int(result.total or 0)
            total = None if 0 < total_value < limit else total_value
            shown = [total] if values else []
        cells = [Cell(r.label, value, r.key) for r, value in zip(result.rows, shown, strict=True)]
        return Published(ind, cells, total, total is None, result.note)
    rests_on_counts = result.total_numerator is not None or any(
        r.numerator is not None for r in result.rows
    )
    if ind.unit == "number" and not rests_on_counts:
        # Network coverage: counts of municipalities, services and users, about no victim.
        cells = [Cell(r.label, r.value, r.key) for r in result.rows]
        return Published(ind, cells, result.total, False, result.note)
    cells = []
    for row in result.rows:
        # The count behind the value: violations (rate), cases or referrals (share), items
        # whose median is shown (times), cases of a caseload (number per professional).
        small = row.numerator is not None and 0 < row.numerator < limit
        if ind.unit == "share" and row.denominator is not None and row.denominator < limit:
            small = True
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
