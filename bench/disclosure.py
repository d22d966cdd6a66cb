"""Disclosure control measured: what the public tables keep and whether they can be attacked,
with the cell-key method (monitoring.disclosure) against the suppression it replaced
(read from git, commit BASELINE, in the same run).

Two data sets, each published as a release publishes it (monitoring.releases.tables_for:
month × type and year × type for the state, municipality × year):

* the demo: ``serdh demo --no-serve`` (2,000 generated cases) in a temporary SQLite data
  folder, tables read from its rollups;
* ``--facts`` (default 1,000,000) violation facts generated in memory with the demo's type
  distribution over the 853 municipalities of Minas Gerais (weighted towards the larger ones)
  and 34 months, each with a random record key; the same grids, the same code.

For each: the share of cells published (not blank), the mean absolute change of the
published cells and of the totals, the state's types with 20 or more violations in a year
that are published within ±2 (suppression: not blank), and three attacks
(tests/monitoring/attacks.py): linear programming within each table; differencing between
the release and the next one after ``--corrections`` late registrations plus one sexual
violation in one municipality and month; and the three tables solved together (years as
sums of months, the state's yearly total by type and by municipality). An attack *discloses*
a cell when it proves its count is between 1 and threshold-1.

    .venv/bin/pip install -c requirements.lock -e ".[test,bench]"
    .venv/bin/python bench/disclosure.py [--facts 1000000] [--corrections 200]
"""

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BASELINE = "30550f3"  # the last commit with suppression (monitoring/disclosure.py)
LAST = date(2026, 10, 1)  # the last closed month of the release measured
MONTH_TYPE, YEAR_TYPE, PLACE_YEAR = (
    "violacoes-por-mes-e-tipo",
    "violacoes-por-ano-e-tipo",
    "violacoes-por-municipio-e-ano",
)


def baseline_module():
    """The suppression module as it was at BASELINE (None outside a git checkout)."""
    try:
        source = subprocess.run(
            ["git", "show", f"{BASELINE}:src/serdh/monitoring/disclosure.py"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    spec = importlib.util.spec_from_loader("suppression_baseline", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, "suppression_baseline", "exec"), module.__dict__)  # noqa: S102
    return module


# --- publishing the grids -------------------------------------------------------------------


def publish(grids):
    """{slug: ProtectedTable} as releases.tables_for publishes them, from grids."""
    from serdh.monitoring import opendata

    out = {}
    for slug in (MONTH_TYPE, YEAR_TYPE, PLACE_YEAR):
        decided = None
        if slug == YEAR_TYPE:
            decided = opendata.year_type_linked(
                grids[YEAR_TYPE], grids[MONTH_TYPE], out[MONTH_TYPE].cells
            )
        _header, _rows, out[slug] = opendata.table(opendata.DATASETS[slug], grids[slug], decided)
    return out


def extended(cells):
    grid = [list(row) + [sum(row)] for row in cells]
    grid.append([sum(col) for col in zip(*grid, strict=True)])
    return grid


# --- measures -------------------------------------------------------------------------------


def loss(grids, tables):
    """(cells, mean |change| of non-zero cells, of totals, types ≥ 20 published within ±2 /
    all, share of non-zero cells published as non-zero)."""
    cells, totals, nonzero = [], [], []
    for slug, grid in grids.items():
        table = tables[slug]
        true = extended(grid.cells)
        shown = extended(table.cells)
        for r, row in enumerate(true):
            for c, n in enumerate(row):
                inner = r < len(grid.cells) and c < len(grid.cells[0])
                if inner and n:
                    cells.append(abs(shown[r][c] - n))
                    nonzero.append(shown[r][c] > 0)
                elif not inner:
                    totals.append(abs(shown[r][c] - n))
    year_true, year_shown = grids[YEAR_TYPE].cells, tables[YEAR_TYPE].cells
    big = [(r, c) for r, row in enumerate(year_true) for c, n in enumerate(row) if n >= 20]
    kept = sum(1 for r, c in big if abs(year_shown[r][c] - year_true[r][c]) <= 2)
    return (
        sum(len(g.cells) * len(g.columns) for g in grids.values()),
        statistics.mean(cells or [0]),
        statistics.mean(totals or [0]),
        kept,
        len(big),
        100 * sum(nonzero) / max(len(nonzero), 1),
    )


def baseline_loss(old, grids, limit):
    """Suppression: non-zero cells left blank; types ≥ 20 in a year shown (the statistics
    page summed a type's months: blank when any month was)."""
    blank = every = 0
    hidden = {}
    for slug, grid in grids.items():
        if not grid.cells:
            continue
        hidden[slug] = old.suppress(grid.cells, limit)
        nonzero = [(r, c) for r, row in enumerate(grid.cells) for c, n in enumerate(row) if n]
        every += len(nonzero)
        blank += sum(1 for p in nonzero if p in hidden[slug])
    months, types = grids[MONTH_TYPE], grids[YEAR_TYPE]
    shown = total = 0
    for r, (year, _l) in enumerate(types.rows):
        for c, (code, _l2) in enumerate(types.columns):
            if types.cells[r][c] < 20:
                continue
            total += 1
            column = [code for code, _l3 in months.columns].index(code)
            rows = [i for i, (m, _l4) in enumerate(months.rows) if m.startswith(year)]
            shown += all((i, column) not in hidden[MONTH_TYPE] for i in rows)
    return blank, every, shown, total, hidden


def lines(grid, table):
    """{(row, column): published} of a table with its totals ('T')."""
    out = {}
    shown = extended(table.cells)
    rows = [code for code, _l in grid.rows] + ["T"]
    columns = [code for code, _l in grid.columns] + ["T"]
    for r, row in enumerate(shown):
        for c, value in enumerate(row):
            out[(rows[r], columns[c])] = value
    return out


def attack_within(tables, limit):
    from tests.monitoring import attacks

    found = 0
    for table in tables.values():
        published = attacks.grid_cells(
            range(len(table.cells)), range(len(table.columns)), table.cells
        )
        found += sum(
            attacks.disclosed(lo, hi, limit) for lo, hi in attacks.solve(published).values()
        )
    return found


def attack_combined(grids, tables, limit):
    """The three tables solved together; returns (cells attacked, disclosed, seconds)."""
    from tests.monitoring import attacks

    started = time.perf_counter()
    cells = {}
    for slug, table in tables.items():
        grid = grids[slug]
        for r, (row, _l) in enumerate(grid.rows):
            for c, (column, _l2) in enumerate(grid.columns):
                cells[(slug, row, column)] = table.cells[r][c]
    months, years, places = grids[MONTH_TYPE], grids[YEAR_TYPE], grids[PLACE_YEAR]
    equalities = []
    for year, _l in years.rows:
        for code, _l2 in years.columns:
            parts = [(MONTH_TYPE, m, code) for m, _l3 in months.rows if m.startswith(year)]
            equalities.append(([(YEAR_TYPE, year, code)], parts))
        by_type = [(YEAR_TYPE, year, code) for code, _l3 in years.columns]
        by_place = [(PLACE_YEAR, place, year) for place, _l3 in places.rows]
        equalities.append((by_type, by_place))
    found = attacks.solve(cells, equalities, limit)
    disclosed = sum(attacks.disclosed(lo, hi, limit) for lo, hi in found.values())
    return len(found), disclosed, time.perf_counter() - started


def corrected(grids, corrections, rng):
    """The grids after ``corrections`` late registrations in past months and one sexual
    violation in the largest municipality's last month (a changed key for every cell they
    touch), as the next release would see them; and that cell."""
    import copy

    after = copy.deepcopy(grids)
    months, years, places = after[MONTH_TYPE], after[YEAR_TYPE], after[PLACE_YEAR]
    type_codes = [code for code, _l in months.columns]
    weights = [sum(col) for col in zip(*months.cells, strict=True)]
    place_weights = [sum(row) for row in places.cells]
    target = (len(months.rows) - 1, type_codes.index("sexual") if "sexual" in type_codes else 0)
    for i in range(corrections + 1):
        m, t = (
            target
            if i == corrections
            else (
                rng.randrange(len(months.rows)),
                rng.choices(range(len(type_codes)), weights)[0],
            )
        )
        p = rng.choices(range(len(places.rows)), place_weights)[0]
        key = rng.randrange(1 << 20)
        year = months.rows[m][0][:4]
        y = [code for code, _l in years.rows].index(year)
        c = [code for code, _l in places.columns].index(year)
        for grid, r, col in ((months, m, t), (years, y, t), (places, p, c)):
            grid.cells[r][col] += 1
            grid.keys[r][col] += key
    return after, (months.rows[target[0]][0], type_codes[target[1]])


def attack_differencing(grids_before, tables_before, grids_after, tables_after, limit):
    from tests.monitoring import attacks

    disclosed = 0
    for slug in tables_before:
        before = lines(grids_before[slug], tables_before[slug])
        after = lines(grids_after[slug], tables_after[slug])
        changes = attacks.differencing(before, after, limit)
        disclosed += sum(attacks.disclosed(lo, hi, limit) for lo, hi in changes.values())
    return disclosed


def baseline_differencing(old, grids_before, grids_after, limit):
    """Suppression: a shown line's change is exact; a blank is 1..limit-1."""
    disclosed = 0
    for slug in grids_before:
        b, a = grids_before[slug], grids_after[slug]
        hb, ha = old.suppress(b.cells, limit), old.suppress(a.cells, limit)
        eb, ea = extended(b.cells), extended(a.cells)
        for r in range(len(eb)):
            for c in range(len(eb[0])):
                lo_b, hi_b = (1, limit - 1) if (r, c) in hb else (eb[r][c], eb[r][c])
                lo_a, hi_a = (1, limit - 1) if (r, c) in ha else (ea[r][c], ea[r][c])
                low, high = lo_a - hi_b, hi_a - lo_b
                disclosed += low >= 1 and high <= limit - 1
    return disclosed


# --- data -----------------------------------------------------------------------------------


def demo_grids():
    from django.core.management import call_command

    from serdh.monitoring import opendata

    call_command("demo", no_serve=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return {slug: d.build(LAST) for slug, d in opendata.DATASETS.items()}


def generated_grids(n, rng):
    from serdh.demo import distributions as dist
    from serdh.monitoring import opendata
    from serdh.monitoring.opendata import Grid
    from serdh.network.models import Municipality
    from serdh.vocabularies.models import Term

    labels = dict(
        Term.objects.filter(vocabulary__key="violation_type", parent__isnull=True).values_list(
            "code", "label"
        )
    )
    types = [(code, w) for code, w in dist.TYPES if code in labels]
    codes, type_weights = zip(*types, strict=True)
    places = list(Municipality.objects.filter(state__uf="MG").values_list("code", "name"))
    # Populations are heavy-tailed: a few large cities, hundreds of small towns with a
    # handful of registrations a year (where small cells, and attacks, live).
    place_weights = [
        400 if c == 3106200 else 40 if c == 3147907 else rng.lognormvariate(0, 2)
        for c, _n in places
    ]
    months = opendata.months_between(date(LAST.year - 2, 1, 1), LAST)
    years = [LAST.year - 2, LAST.year - 1, LAST.year]
    count_mt, keys_mt = Counter(), Counter()
    count_pl, keys_pl = Counter(), Counter()
    chosen_types = rng.choices(range(len(codes)), type_weights, k=n)
    chosen_places = rng.choices(range(len(places)), place_weights, k=n)
    chosen_months = [rng.randrange(len(months)) for _ in range(n)]
    for t, p, m in zip(chosen_types, chosen_places, chosen_months, strict=True):
        key = rng.getrandbits(20)
        count_mt[(m, t)] += 1
        keys_mt[(m, t)] += key
        year = months[m].year
        count_pl[(p, year)] += 1
        keys_pl[(p, year)] += key
    month_rows = [(f"{m:%Y-%m}", f"{m:%m/%Y}") for m in months]
    type_columns = [(code, labels[code]) for code in codes]
    grid_mt = Grid(
        month_rows,
        type_columns,
        [[count_mt[(m, t)] for t in range(len(codes))] for m in range(len(months))],
        [[keys_mt[(m, t)] for t in range(len(codes))] for m in range(len(months))],
    )
    year_cells = [[0] * len(codes) for _ in years]
    year_keys = [[0] * len(codes) for _ in years]
    for (m, t), value in count_mt.items():
        y = years.index(months[m].year)
        year_cells[y][t] += value
        year_keys[y][t] += keys_mt[(m, t)]
    grid_yt = Grid([(str(y), str(y)) for y in years], type_columns, year_cells, year_keys)
    present = sorted({p for p, _y in count_pl})
    grid_pl = Grid(
        [(str(places[p][0]), places[p][1]) for p in present],
        [(str(y), str(y)) for y in years],
        [[count_pl[(p, y)] for y in years] for p in present],
        [[keys_pl[(p, y)] for y in years] for p in present],
    )
    return {MONTH_TYPE: grid_mt, YEAR_TYPE: grid_yt, PLACE_YEAR: grid_pl}


# --- report ---------------------------------------------------------------------------------


def report(name, grids, corrections, rng, old, limit):
    started = time.perf_counter()
    tables = publish(grids)
    published_in = time.perf_counter() - started
    n_cells, cell_change, total_change, kept, big, shown_nonzero = loss(grids, tables)
    facts = sum(sum(row) for row in grids[YEAR_TYPE].cells)
    print(f"\n== {name}: {facts:,} violations, {n_cells:,} cells in 3 tables ==")
    print(f"cell-key: published in {published_in:.2f} s")
    print("  cells published: 100% (nothing blank; 1..4 shown as 0 or 5)")
    print(f"  non-zero cells published as non-zero: {shown_nonzero:.1f}%")
    print(f"  mean |change|: non-zero cells {cell_change:.2f}, totals {total_change:.2f}")
    print(f"  state types with >= 20 violations in a year, within ±2: {kept}/{big}")
    after, target = corrected(grids, corrections, rng)
    tables_after = publish(after)
    print(f"  attack, LP within each table: {attack_within(tables, limit)} cells disclosed")
    print(
        f"  attack, differencing with the next release ({corrections} late registrations + 1 "
        f"sexual violation in {target[0]}): "
        f"{attack_differencing(grids, tables, after, tables_after, limit)} lines disclosed"
    )
    attacked, disclosed, seconds = attack_combined(grids, tables, limit)
    print(
        f"  attack, the three tables solved together: {disclosed} of {attacked} cells "
        f"published as 0 or {limit} disclosed ({seconds:.1f} s of LP)"
    )
    if old is None:
        print("suppression baseline: not available (no git checkout)")
        return
    blank, every, shown, total, _hidden = baseline_loss(old, grids, limit)
    print(f"suppression (baseline {BASELINE}):")
    print(
        f"  non-zero cells published: {100 * (every - blank) / max(every, 1):.1f}% "
        f"({blank:,} of {every:,} blank; totals blank too)"
    )
    print(f"  state types with >= 20 violations in a year, shown: {shown}/{total}")
    print(
        "  attack, differencing with the next release: "
        f"{baseline_differencing(old, grids, after, limit)} lines disclosed"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--corrections", type=int, default=200)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="serdh-bench-disclosure-")
    os.environ.update(
        SERDH_DATA_DIR=folder, SERDH_ENV="test", DJANGO_SETTINGS_MODULE="serdh.settings"
    )
    os.environ.pop("DATABASE_URL", None)
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)  # the demo's task log lines
    from serdh.monitoring import disclosure

    limit = disclosure.threshold()
    old = baseline_module()
    rng = random.Random(17)
    started = time.perf_counter()
    grids = demo_grids()
    print(f"demo prepared in {time.perf_counter() - started:.0f} s (SQLite, {folder})")
    report("demo", grids, args.corrections // 10, rng, old, limit)
    started = time.perf_counter()
    grids = generated_grids(args.facts, rng)
    print(
        f"\n{args.facts:,} facts generated and aggregated in {time.perf_counter() - started:.0f} s"
    )
    report("generated", grids, args.corrections, rng, old, limit)


if __name__ == "__main__":
    main()
