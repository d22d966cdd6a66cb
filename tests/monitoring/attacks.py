"""Attacks on published counts, as an outsider who knows the method (monitoring.disclosure:
threshold, noise, the perturbation table) but not the key. Used by the tests and by
bench/disclosure.py.

* ``solve``: linear programming over the true counts, each within what its published value
  allows (``disclosure.possible``), plus whatever equalities the attacker knows between true
  counts (a table's cells adding up to a cell of another table over the same records). For
  every cell published as 0 or as the threshold (only those can hide a count from 1 to
  threshold-1) it finds the tightest bounds. (Interval bounds with sums over a partition are
  totally unimodular constraints, so the LP bounds are the integer bounds.)
* ``differencing``: the change of every line between two releases, bounded from the two
  published values.

A cell is *disclosed* when the attacker proves it is between 1 and threshold-1 (pinned to
one such value, or only such values left).
"""

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

from serdh.monitoring import disclosure


def disclosed(low, high, limit):
    return low >= 1 and high <= limit - 1


def solve(published, equalities=(), limit=None, noise=None):
    """``published`` {cell: published value}; ``equalities`` [(cells, cells)]: the true
    counts of the first list add up to those of the second. Returns {cell: (low, high)} for
    the cells published as 0 or the threshold."""
    limit = disclosure.threshold() if limit is None else limit
    cells = list(published)
    index = {cell: i for i, cell in enumerate(cells)}
    bounds = [disclosure.possible(published[c], limit, noise) for c in cells]
    rows = [eq for eq in equalities if eq[0] or eq[1]]
    a_eq = lil_matrix((max(len(rows), 1), len(cells)))
    for r, (left, right) in enumerate(rows):
        for c in left:
            a_eq[r, index[c]] += 1
        for c in right:
            a_eq[r, index[c]] -= 1
    b_eq = np.zeros(max(len(rows), 1))
    a_eq = a_eq.tocsr()
    out = {}
    for cell in cells:
        if published[cell] not in (0, limit):
            continue
        low, high = bounds[index[cell]]
        if rows:
            objective = np.zeros(len(cells))
            objective[index[cell]] = 1
            lo = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            hi = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            assert lo.status == 0 and hi.status == 0, "the true counts must be feasible"
            low, high = round(lo.fun, 6), round(-hi.fun, 6)
        out[cell] = (low, high)
    return out


def differencing(before, after, limit=None, noise=None):
    """{line: (low, high)} bounds on the true change of every line present in both
    releases (``before``/``after``: {line: published value})."""
    out = {}
    for line, value in after.items():
        if line in before:
            lo_a, hi_a = disclosure.possible(value, limit, noise)
            lo_b, hi_b = disclosure.possible(before[line], limit, noise)
            out[line] = (lo_a - hi_b, hi_a - lo_b)
    return out


def grid_cells(rows, columns, values):
    """{(row, column): value} of a table's inner cells."""
    return {(r, c): values[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
