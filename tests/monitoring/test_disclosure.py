"""Disclosure control by the cell-key method (monitoring.disclosure): the perturbation table's
promises, additive tables, linked tables that prove nothing together, and the attacks of
tests/monitoring/attacks.py on generated tables."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serdh.monitoring import disclosure
from serdh.monitoring.disclosure import KEY_SPACE, perturb, possible, protect, support
from tests.monitoring import attacks

LIMIT, NOISE = 5, 2


def test_zero_stays_zero_and_no_count_is_ever_published_between_1_and_4():
    for n in range(0, 60):
        published = {perturb(n, k, LIMIT, NOISE) for k in range(0, KEY_SPACE, 997)}
        assert published == support(n, LIMIT, NOISE)
        assert not published & {1, 2, 3, 4}
        if n == 0:
            assert published == {0}
        elif n < LIMIT:
            assert published == {0, LIMIT}  # small counts: 0 or the threshold, both happen
        else:
            assert min(published) >= LIMIT and max(abs(p - n) for p in published) <= NOISE


def test_the_noise_is_unbiased_and_fixed_by_the_records():
    for n in (1, 3, 4, 7, 40):
        keys = range(0, KEY_SPACE, 101)
        mean = sum(perturb(n, k) for k in keys) / len(keys)
        assert abs(mean - n) < 0.01, (n, mean)
    assert perturb(40, 12345) == perturb(40, 12345 + KEY_SPACE)  # the key is modular
    # The same records give the same key however they are reached; one more record changes it.
    a, b = disclosure.record_key("violation", 1), disclosure.record_key("violation", 2)
    assert a != b and 0 <= a < KEY_SPACE and disclosure.record_key("violation", 1) == a
    assert disclosure.record_key("case", 1) != a  # each table has its own keys


def test_possible_is_the_exact_inverse_of_the_perturbation_table():
    for n in range(0, 40):
        for p in support(n, LIMIT, NOISE):
            low, high = possible(p, LIMIT, NOISE)
            assert low <= n <= high
    assert possible(0) == (0, 4) and possible(5) == (1, 7) and possible(6) == (6, 8)


def test_a_table_is_additive_and_leaves_nothing_blank():
    cells = [[0, 1, 3, 120], [2, 0, 9, 75]]
    keys = [[random.Random(i * 7 + j).randrange(KEY_SPACE) for j in range(4)] for i in range(2)]
    table = protect(["a", "b"], list("wxyz"), cells, keys)
    assert all(v is not None and v not in (1, 2, 3, 4) for row in table.cells for v in row)
    assert table.row_totals == [sum(row) for row in table.cells]
    assert table.column_totals == [sum(col) for col in zip(*table.cells, strict=True)]
    assert table.grand_total == sum(table.row_totals)
    assert table.cells[0][0] == 0 and abs(table.cells[0][3] - 120) <= 2


def test_the_suppression_problem_a_year_by_type_publishes_every_type():
    """Issue 17: suppression blanked "Violência física 227" as a complement. Every type with
    20 or more violations is published, within the noise; none is blank."""
    counts = [227, 185, 105, 101, 27, 26, 24, 24, 17, 7, 1]
    keys = [random.Random(n).randrange(KEY_SPACE) for n in counts]
    shown, total = disclosure.protect_series([str(n) for n in counts], counts, keys)
    assert None not in shown and total == sum(shown)
    for n, value in zip(counts, shown, strict=True):
        if n >= 20:
            assert abs(value - n) <= NOISE
        assert value not in (1, 2, 3, 4)


def test_a_link_that_would_prove_a_small_month_is_repaired():
    """A year of two months: January published 0 (truly 3), February 10 → 8 (noise -2). A
    year published as 15 (13 with noise +2) would prove January ≥ 13 - 10 = 3 > 0."""
    n_jan, n_feb = 3, 10
    bounds = disclosure.sum_bounds(possible(15), [possible(0), possible(8)])
    assert disclosure.disclosed(*bounds[1][0])  # the attack works on that value
    for key in range(0, KEY_SPACE, 4099):
        value = disclosure.linked(n_jan + n_feb, key, [0, 8])
        whole, parts = disclosure.sum_bounds(possible(value), [possible(0), possible(8)])
        assert value in support(13) and not any(disclosure.disclosed(*b) for b in [whole, *parts])
    # One month: the year is that month's records, so the same value.
    assert disclosure.linked(7, 99, [perturb(7, 99)]) == perturb(7, 99)


def linked_tables(draw_cells, rng):
    """A month × type table and its year × type table, published as releases publish them."""
    months = len(draw_cells)
    types = len(draw_cells[0])
    keys = [[rng.randrange(KEY_SPACE) for _ in range(types)] for _ in range(months)]
    monthly = protect(list(range(months)), list(range(types)), draw_cells, keys)
    yearly = []
    for t in range(types):
        n = sum(draw_cells[m][t] for m in range(months))
        k = sum(keys[m][t] for m in range(months))
        yearly.append(disclosure.linked(n, k, [monthly.cells[m][t] for m in range(months)]))
    published = attacks.grid_cells(range(months), range(types), monthly.cells)
    published.update({("year", t): v for t, v in enumerate(yearly)})
    equalities = [([("year", t)], [(m, t) for m in range(months)]) for t in range(types)]
    return published, equalities


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 4).flatmap(
        lambda months: st.lists(
            st.lists(st.integers(0, 14), min_size=months, max_size=months),
            min_size=1,
            max_size=4,
        ).map(lambda columns: [list(row) for row in zip(*columns, strict=True)])
    ),
    st.integers(0, 10_000),
)
def test_no_generated_pair_of_linked_tables_proves_a_small_count(cells, seed):
    published, equalities = linked_tables(cells, random.Random(seed))
    for cell, (low, high) in attacks.solve(published, equalities).items():
        assert not attacks.disclosed(low, high, LIMIT), f"{cell} proven in [{low}, {high}]"


@pytest.mark.parametrize("limit", [3, 10])
def test_the_threshold_is_configurable(limit, settings):
    settings.SERDH_DISCLOSURE_THRESHOLD = limit
    values = {perturb(n, k) for n in range(1, limit) for k in range(0, KEY_SPACE, 4001)}
    assert values == {0, limit}


def test_a_total_beside_several_breakdowns_proves_nothing_through_any():
    """The dashboard's violations card beside its tables by type and by sex: a total at the top
    of its noise would prove a type published as 0 to be at least 1."""
    by_type, by_sex = [0, 8], [5, 5]  # true 3 + 10 = 13; by sex 6 + 7
    assert disclosure.disclosed(
        *disclosure.sum_bounds(possible(15), [possible(0), possible(8)])[1][0]
    )
    for key in range(0, KEY_SPACE, 4099):
        value = disclosure.linked_many(13, key, [by_type, by_sex])
        assert value in support(13)
        for parts in (by_type, by_sex):
            whole, each = disclosure.sum_bounds(possible(value), [possible(p) for p in parts])
            assert not any(disclosure.disclosed(*b) for b in [whole, *each])


def test_the_dashboard_card_proves_nothing_through_its_tables(client_for):
    from serdh.demo import cases as demo_cases

    demo_cases.generate(150, seed=6)
    page = client_for("gestor.mg").get("/sima/monitoramento/")
    card = next(c for c in page.context["cards"] if c.indicator.code == "violacoes")
    tables = [
        [cell.value for cell in panel["published"].cells]
        for panel in page.context["panels"]
        if panel["indicator"].code == "violacoes"
    ]
    assert len(tables) >= 5
    for values in tables:
        whole, each = disclosure.sum_bounds(possible(card.total), [possible(v) for v in values])
        assert not any(disclosure.disclosed(*b) for b in [whole, *each])
