"""Disclosure control for every number that leaves the case teams.

A published table is a grid of counts with row totals, column totals and a grand total.
``protect`` hides:

1. *primary* cells: counts from 1 to ``threshold - 1`` (default 5, ``SERDH_DISCLOSURE_THRESHOLD``);
2. *complementary* cells, so that no hidden cell can be worked out from what is shown: every
   row and every column (and the row of totals and the column of totals, as lines of the
   table) that hides something hides at least two cells, and the hidden cells of a line
   together are at least ``threshold`` (otherwise the line's total would reveal that the
   hidden ones are all small). Complements are chosen among the smallest cells of the line,
   preferring cells already hidden elsewhere and non-zero cells.

Totals themselves are treated as cells of the extended table (the margins), so a small total
is hidden too and then protected the same way. The loop runs until nothing changes.

3. an *audit*: with the totals as an extra row and column (entered with a minus sign), the
   table becomes one whose every line sums to zero, and a hidden cell can be solved for
   exactly when it is a *bridge* of the bipartite graph whose nodes are the lines and whose
   edges are the hidden cells (it lies on no cycle). Each bridge gets one more hidden cell
   that closes a cycle through it (the smallest non-zero cell joining the two sides), until
   none is left. Along a cycle every hidden cell can move by ±1 together with the others, so
   with non-zero hidden cells no value is pinned.

The attack in tests/monitoring/test_disclosure.py solves, by linear programming, the
tightest bounds every hidden cell can have given everything shown (totals, other cells,
non-negativity); it must never pin a hidden cell to a single value.

Zeros are shown: a true zero reveals nobody. Counts are whole numbers of violations, cases
or persons.
"""

from dataclasses import dataclass, field

from django.conf import settings

HIDDEN = None  # how a suppressed cell is published


@dataclass
class ProtectedTable:
    """``cells[r][c]`` is the count or HIDDEN; totals likewise."""

    rows: list
    columns: list
    cells: list
    row_totals: list
    column_totals: list
    grand_total: object
    hidden: set = field(default_factory=set)  # (r, c) positions in the extended grid


def threshold():
    return getattr(settings, "SERDH_DISCLOSURE_THRESHOLD", 5)


def _extended(cells):
    """The table with its margins: row r, column c; totals at index R and C."""
    rows = len(cells)
    cols = len(cells[0]) if rows else 0
    grid = [list(row) + [sum(row)] for row in cells]
    grid.append([sum(cells[r][c] for r in range(rows)) for c in range(cols)] + [0])
    grid[rows][cols] = sum(grid[rows][:cols])
    return grid


def _lines(n_rows, n_cols):
    """Each line of the extended grid: a total and the cells that add up to it."""
    R, C = n_rows, n_cols
    for r in range(R + 1):
        yield (r, C), [(r, c) for c in range(C)]
    for c in range(C + 1):
        yield (R, c), [(r, c) for r in range(R)]


def suppress(cells, limit=None):
    """The set of hidden positions (extended grid) for a table of counts."""
    limit = threshold() if limit is None else limit
    grid = _extended(cells)
    R = len(cells)
    C = len(cells[0]) if R else 0
    hidden = {(r, c) for r in range(R + 1) for c in range(C + 1) if 0 < grid[r][c] < limit}
    changed = True
    while changed:
        changed = False
        for total, members in _lines(R, C):
            line = [total, *members]
            in_line = [p for p in line if p in hidden]
            if not in_line:
                continue
            hidden_sum = sum(grid[r][c] for r, c in in_line if (r, c) != total)
            needs_second = len(in_line) < 2
            # The hidden members of a line must not be recoverable as "small": together they
            # reach the threshold (unless the total itself is hidden and shown by nothing).
            needs_mass = total not in hidden and 0 < hidden_sum < limit
            if not (needs_second or needs_mass):
                continue
            candidates = [p for p in line if p not in hidden]
            if not candidates:
                continue
            candidates.sort(
                key=lambda p: (
                    grid[p[0]][p[1]] == 0,  # a hidden zero protects little: last resort
                    p == total,  # rather hide a cell than the line's total
                    grid[p[0]][p[1]],
                    p,
                )
            )
            hidden.add(candidates[0])
            changed = True
    _close_bridges(grid, hidden, R, C)
    return hidden


def _bridges(hidden, R, C):
    """Hidden cells that lie on no cycle of the line graph (rows 0..R, columns 0..C)."""
    adjacency = {}
    edges = sorted(hidden)
    for index, (r, c) in enumerate(edges):
        adjacency.setdefault(("r", r), []).append((("c", c), index))
        adjacency.setdefault(("c", c), []).append((("r", r), index))
    order, low, found, counter = {}, {}, [], [0]
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = counter[0]
        counter[0] += 1
        stack = [(root, None, iter(adjacency[root]))]
        while stack:
            node, via, neighbours = stack[-1]
            advanced = False
            for neighbour, index in neighbours:
                if index == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = counter[0]
                    counter[0] += 1
                    stack.append((neighbour, index, iter(adjacency[neighbour])))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.append(edges[via])
    return found


def _side(hidden, start, cut):
    """Nodes reachable from ``start`` without crossing the hidden cell ``cut``."""
    seen, todo = {start}, [start]
    while todo:
        kind, n = todo.pop()
        for r, c in hidden:
            if (r, c) == cut:
                continue
            if kind == "r" and r == n and ("c", c) not in seen:
                seen.add(("c", c))
                todo.append(("c", c))
            elif kind == "c" and c == n and ("r", r) not in seen:
                seen.add(("r", r))
                todo.append(("r", r))
    return seen


def _close_bridges(grid, hidden, R, C):
    while True:
        bridges = _bridges(hidden, R, C)
        if not bridges:
            return
        r, c = bridges[0]
        side_a = _side(hidden, ("r", r), (r, c))
        side_b = _side(hidden, ("c", c), (r, c))
        rows_a = {n for kind, n in side_a if kind == "r"}
        cols_a = {n for kind, n in side_a if kind == "c"}
        rows_b = {n for kind, n in side_b if kind == "r"}
        cols_b = {n for kind, n in side_b if kind == "c"}
        candidates = [
            (rr, cc)
            for rr in range(R + 1)
            for cc in range(C + 1)
            if (rr, cc) not in hidden
            and (
                (rr in rows_a and cc in cols_b)
                or (rr in rows_b and cc in cols_a)
                or (rr in rows_a and cc not in cols_a)
                or (cc in cols_b and rr not in rows_b)
            )
        ]
        if not candidates:  # cannot close a cycle: hide the whole table
            hidden.update((rr, cc) for rr in range(R + 1) for cc in range(C + 1))
            return
        candidates.sort(
            key=lambda p: (
                grid[p[0]][p[1]] == 0,
                not ((p[0] in rows_a and p[1] in cols_b) or (p[0] in rows_b and p[1] in cols_a)),
                grid[p[0]][p[1]],
                p,
            )
        )
        hidden.add(candidates[0])


def protect(row_labels, column_labels, cells, limit=None):
    """The table as it may be published."""
    grid = _extended(cells)
    hidden = suppress(cells, limit)
    R, C = len(row_labels), len(column_labels)

    def shown(r, c):
        return HIDDEN if (r, c) in hidden else grid[r][c]

    return ProtectedTable(
        rows=list(row_labels),
        columns=list(column_labels),
        cells=[[shown(r, c) for c in range(C)] for r in range(R)],
        row_totals=[shown(r, C) for r in range(R)],
        column_totals=[shown(R, c) for c in range(C)],
        grand_total=shown(R, C),
        hidden=hidden,
    )


def protect_series(labels, counts, limit=None):
    """A one-dimensional table (a breakdown with its total) as a one-column table."""
    table = protect(labels, ["total"], [[n] for n in counts], limit)
    return [row[0] for row in table.cells], table.grand_total, table
