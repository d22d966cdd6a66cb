"""Disclosure control for every count that leaves the case teams: the cell-key method.

Why this method (docs/architecture.md, "Como os números são protegidos"): suppression hid
the tables people come for (a type with 101 violations blanked as a complement), and the
live files it protected leaked across versions (a cell going from 0 to blank while its
total went from 235 to 236 says "exactly one"). The cell-key method, used by the Australian
Bureau of Statistics (TableBuilder) and by Eurostat's recommendations for the 2021 census
round, perturbs every cell a little, with noise that is a fixed function of *which records*
are in the cell:

1. every fact row has a **record key**, a number in ``[0, KEY_SPACE)`` drawn once from the
   row's identity with a secret (``record_key``: HMAC-SHA256 with the blind-index key, in
   its own domain), stored on the fact and summed in the rollups;
2. a cell's **cell key** is the sum of its records' keys modulo ``KEY_SPACE``, scaled to
   ``[0, 1)``: the same records always give the same key, one record more or less gives an
   unrelated one;
3. the **perturbation table** (``perturb``) turns (count, cell key) into the published count:

   * 0 stays 0 (a true zero reveals nobody);
   * 1 .. threshold-1 become 0 or the threshold, at random by the cell key but unbiased
     (``n`` becomes ``threshold`` with probability ``n / threshold``): no published cell is
     ever between 1 and threshold-1, and nothing is left blank, so a 0 or a 5 can be 0 to 4
     or 1 to 7;
   * from the threshold up, a symmetric triangular noise of at most ``spread`` (default 2),
     narrowed near the threshold so that a count never drops below it.

4. **Totals are the sums of the published cells** (the tables are additive): a margin adds
   nothing an attacker did not already have, so solving the table by linear programming
   gives each cell exactly the range its own published value allows.

What it buys: re-asking for the same figure (another file, another page, the next release)
gives the same number, so averaging does not wash the noise out; a difference between two
releases, or between two tables that share a margin, is the difference of two independent
noises; and every cell is published, so a type with 20 cases in a year shows its figure
(±2). What it costs: figures are off by up to ``spread`` (small ones by up to threshold-1),
and totals are sums of noisy cells; bench/disclosure.py measures both.
"""

import hashlib
import hmac
from dataclasses import dataclass, field

from django.conf import settings

HIDDEN = None  # how a withheld value (a rate, a median on too few cases) is published
KEY_SPACE = 1 << 20


@dataclass
class ProtectedTable:
    """``cells[r][c]`` is the published count; totals are sums of published cells."""

    rows: list
    columns: list
    cells: list
    row_totals: list
    column_totals: list
    grand_total: int
    true_cells: list = field(default_factory=list, repr=False)  # for measuring loss only


def threshold():
    return getattr(settings, "SERDH_DISCLOSURE_THRESHOLD", 5)


def spread():
    return getattr(settings, "SERDH_DISCLOSURE_NOISE", 2)


def _secret():
    from serdh.core import keys

    return hmac.new(keys.keyring().blind_index_key, b"serdh.disclosure.v1", hashlib.sha256).digest()


def record_key(kind, pk, secret=None):
    """The fixed record key of one fact row (``kind`` names the table: violation, case,
    referral), in [0, KEY_SPACE)."""
    digest = hmac.new(secret or _secret(), f"{kind}:{pk}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") % KEY_SPACE


class RecordKeys:
    """``record_key`` with the secret read once (fact builds call it per row)."""

    def __init__(self):
        self.secret = _secret()

    def __call__(self, kind, pk):
        return record_key(kind, pk, self.secret)


def fallback_key(*coordinates):
    """A cell key for a count whose records carry no key (work queues, complaints): a fixed
    function of the cell's description and its count, so the same question gets the same
    answer and a changed count gets fresh noise."""
    text = "|".join(str(c) for c in coordinates).encode()
    digest = hmac.new(_secret(), b"cell:" + text, hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") % KEY_SPACE


def _triangular(width):
    """[(noise, cumulative probability)] for a symmetric triangular noise of ``width``."""
    weights = [width + 1 - abs(k) for k in range(-width, width + 1)]
    total = sum(weights)
    cumulative, running = [], 0
    for k, w in zip(range(-width, width + 1), weights, strict=True):
        running += w
        cumulative.append((k, running / total))
    return cumulative


def perturb(n, key_sum, limit=None, noise=None):
    """The published value of a count ``n`` whose records' keys sum to ``key_sum``."""
    limit = threshold() if limit is None else limit
    noise = spread() if noise is None else noise
    n = int(n or 0)
    if n <= 0:
        return 0
    u = (int(key_sum) % KEY_SPACE) / KEY_SPACE
    if n < limit:
        return limit if u < n / limit else 0
    width = min(noise, n - limit)
    if width <= 0:
        return n
    for k, top in _triangular(width):
        if u < top:
            return n + k
    return n + width


def support(n, limit=None, noise=None):
    """Every value ``perturb`` can publish for a true count ``n``."""
    limit = threshold() if limit is None else limit
    noise = spread() if noise is None else noise
    if n <= 0:
        return {0}
    if n < limit:
        return {0, limit}
    width = min(noise, n - limit)
    return set(range(n - width, n + width + 1))


def possible(published, limit=None, noise=None):
    """(low, high): the true counts consistent with a published one, as the method is public
    (everything but the key): what an attacker knows of a cell from its value alone."""
    limit = threshold() if limit is None else limit
    noise = spread() if noise is None else noise
    top = max(published + noise, limit - 1)
    candidates = [n for n in range(0, top + 1) if published in support(n, limit, noise)]
    return min(candidates), max(candidates)


def disclosed(low, high, limit=None):
    """Whether bounds (low, high) on a count prove it is between 1 and threshold-1."""
    limit = threshold() if limit is None else limit
    return low >= 1 and high <= limit - 1


def sum_bounds(whole, parts):
    """Bounds on the parts and the whole of ``whole = sum(parts)`` given each one's own
    (low, high): what an attacker gets from one such equality (for a single equality and
    box bounds, exactly what linear programming would give)."""
    low_sum = sum(lo for lo, _hi in parts)
    high_sum = sum(hi for _lo, hi in parts)
    out = []
    for lo, hi in parts:
        out.append((max(lo, whole[0] - (high_sum - hi)), min(hi, whole[1] - (low_sum - lo))))
    return (max(whole[0], low_sum), min(whole[1], high_sum)), out


def linked(n, key_sum, parts_published, limit=None, noise=None):
    """The published value of a count ``n`` whose records are exactly those of cells already
    published as ``parts_published`` (a year and its months): its own perturbation, unless
    that would let the sum prove one of them (or itself) between 1 and threshold-1; then the
    nearest other value its own noise could have produced that proves nothing. If every such
    value would, the sum of the parts (consistent, so it adds nothing)."""
    return linked_many(n, key_sum, [parts_published], limit, noise)


def linked_many(n, key_sum, partitions, limit=None, noise=None):
    """``linked`` for a count published beside several breakdowns of the same records (a
    dashboard's total beside its tables by type, month, sex…): a value that proves nothing
    through any of them."""
    limit = threshold() if limit is None else limit
    first = perturb(n, key_sum, limit, noise)
    partitions = [list(parts) for parts in partitions if parts]
    if not partitions:
        return first
    bounds = [[possible(p, limit, noise) for p in parts] for parts in partitions]

    def safe(value):
        for parts in bounds:
            whole, each = sum_bounds(possible(value, limit, noise), parts)
            if any(disclosed(lo, hi, limit) for lo, hi in [whole, *each]):
                return False
        return True

    for value in sorted(support(n, limit, noise), key=lambda v: (abs(v - first), v)):
        if safe(value):
            return value
    return sum(partitions[0])


def protect(row_labels, column_labels, cells, keys, limit=None, published=None):
    """The table as it may be published: every cell perturbed by its cell key, totals summed
    from the published cells. ``keys[r][c]`` is the key sum of the records in cell (r, c);
    ``published``, when given, holds values already decided (``linked``)."""
    shown = published or [
        [perturb(n, k, limit) for n, k in zip(row, key_row, strict=True)]
        for row, key_row in zip(cells, keys, strict=True)
    ]
    columns = len(column_labels)
    column_totals = [sum(row[c] for row in shown) for c in range(columns)]
    return ProtectedTable(
        rows=list(row_labels),
        columns=list(column_labels),
        cells=shown,
        row_totals=[sum(row) for row in shown],
        column_totals=column_totals,
        grand_total=sum(column_totals),
        true_cells=[list(row) for row in cells],
    )


def protect_series(labels, counts, keys, limit=None):
    """A one-dimensional breakdown: (published values, their total)."""
    table = protect(labels, ["total"], [[n] for n in counts], [[k] for k in keys], limit)
    return [row[0] for row in table.cells], table.grand_total
