"""Disclosure control: small counts are hidden, and no hidden cell can be recovered from what
is published. The attack solves, by linear programming, the tightest bounds each hidden cell
can take given every shown cell, every shown total and non-negativity; a cell whose bounds
meet is recovered, and the test fails. (Tables of counts with margins are transportation
polytopes, whose vertices are integral, so the LP bounds are the exact integer bounds.)"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from serdh.monitoring.disclosure import HIDDEN, protect, protect_series, suppress


def extended(cells):
    grid = [list(row) + [sum(row)] for row in cells]
    cols = len(cells[0])
    grid.append([sum(row[c] for row in cells) for c in range(cols)])
    grid[-1].append(sum(grid[-1]))
    return grid


def attack(cells, hidden):
    """{hidden position: (min, max)} an attacker can prove from the published table."""
    R, C = len(cells), len(cells[0])
    grid = extended(cells)
    unknowns = sorted(hidden)
    index = {p: i for i, p in enumerate(unknowns)}
    rows_eq, rhs = [], []
    lines = [((r, C), [(r, c) for c in range(C)]) for r in range(R + 1)]
    lines += [((R, c), [(r, c) for r in range(R)]) for c in range(C + 1)]
    for total, members in lines:
        coefficients = np.zeros(len(unknowns))
        constant = 0.0
        for p in members:
            if p in index:
                coefficients[index[p]] += 1
            else:
                constant += grid[p[0]][p[1]]
        if total in index:
            coefficients[index[total]] -= 1
        else:
            constant -= grid[total[0]][total[1]]
        if coefficients.any():
            rows_eq.append(coefficients)
            rhs.append(-constant)
    bounds = {}
    for p, i in index.items():
        objective = np.zeros(len(unknowns))
        objective[i] = 1
        low = linprog(objective, A_eq=rows_eq, b_eq=rhs, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=rows_eq, b_eq=rhs, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status in (0, 3)  # 3: unbounded above (fine)
        top = float("inf") if high.status == 3 else -high.fun
        bounds[p] = (round(low.fun, 6), round(top, 6))
    return bounds


def assert_safe(cells, limit=5):
    hidden = suppress(cells, limit)
    grid = extended(cells)
    R, C = len(cells), len(cells[0])
    for r in range(R + 1):
        for c in range(C + 1):
            if 0 < grid[r][c] < limit:
                assert (r, c) in hidden, f"small count shown at {(r, c)}"
    for position, (low, high) in attack(cells, hidden).items():
        assert high - low >= 1, f"cell {position} recovered: between {low} and {high}"
    return hidden


def test_a_single_small_cell_is_hidden_with_a_complement_in_its_row_and_column():
    cells = [[20, 3, 15], [12, 18, 9], [30, 25, 40]]
    hidden = assert_safe(cells)
    assert (0, 1) in hidden
    assert len([p for p in hidden if p[0] == 0]) >= 2
    assert len([p for p in hidden if p[1] == 1]) >= 2


def test_the_attack_would_catch_a_lonely_suppression():
    cells = [[20, 3, 15], [12, 18, 9]]
    bounds = attack(cells, {(0, 1)})  # hidden alone: the row total gives it away
    assert bounds[(0, 1)] == (3, 3)


def test_small_totals_are_hidden_too():
    cells = [[1, 0], [0, 2], [30, 40]]
    hidden = assert_safe(cells)
    assert (0, 2) in hidden and (1, 2) in hidden  # row totals 1 and 2


def test_a_series_hides_small_counts_and_stays_consistent():
    shown, total, table = protect_series(["a", "b", "c", "d"], [50, 2, 0, 31])
    assert shown[1] is HIDDEN and shown[2] == 0 and total == 83
    assert sum(1 for value in shown if value is HIDDEN) >= 2  # one more, or 2 = 83 - 50 - 31


def test_protect_publishes_hidden_cells_as_none():
    table = protect(["x", "y"], ["m", "n"], [[4, 10], [10, 10]])
    assert table.cells[0][0] is HIDDEN and table.grand_total == 34


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.integers(2, 5).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=cols, max_size=cols
            ),
            min_size=1,
            max_size=6,
        )
    )
)
def test_no_generated_table_lets_a_hidden_cell_be_recovered(cells):
    assert_safe(cells)


@pytest.mark.parametrize("limit", [3, 5, 10])
def test_the_threshold_is_configurable(limit):
    cells = [[limit - 1, 40, 40], [40, 40, 40]]
    hidden = assert_safe(cells, limit)
    assert (0, 0) in hidden
    assert not suppress([[limit, 40], [40, 40]], limit)
