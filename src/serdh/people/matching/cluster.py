"""From scored pairs to persons: the strongest links are joined first, and a join never puts
together two records known to be different persons (a hard negative: twins, father and son,
identifiers that differ with valid check digits, or a very low probability). Transitive
closure alone would chain "João Silva" of 1970 to his son through a record without a date."""


class Clusters:
    def __init__(self, n, conflict=None):
        self.conflict = conflict  # (i, j) -> True for a hard negative found on the spot
        self.parent = list(range(n))
        self.members = {}  # root -> [indices], only for clusters of 2 or more
        self.cannot = {}  # root -> set of indices it must never join

    def find(self, x):
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def forbid(self, a, b):
        self.cannot.setdefault(self.find(a), set()).add(b)
        self.cannot.setdefault(self.find(b), set()).add(a)

    def _members(self, root):
        return self.members.get(root) or [root]

    def join(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ma, mb = self._members(ra), self._members(rb)
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        ca, cb = self.cannot.get(ra, ()), self.cannot.get(rb, ())
        if any(x in ca for x in mb) or any(x in cb for x in ma):
            return False
        # Members never compared (no blocking key in common) are compared now: the record
        # without a date must not chain two Marias born years apart.
        if self.conflict is not None and len(ma) * len(mb) > 1:
            for x in ma:
                for y in mb:
                    if self.conflict(x, y):
                        self.forbid(x, y)
                        return False
        self.parent[rb] = ra
        self.members.setdefault(ra, [ra]).extend(mb)
        self.members.pop(rb, None)
        if cb:
            self.cannot.setdefault(ra, set()).update(cb)
            self.cannot.pop(rb, None)
        return True


def cluster(n, edges, forbidden, conflict=None):
    """``edges``: (probability, i, j) at or above the threshold; ``forbidden``: (i, j) pairs.
    Returns (root per record, best joining probability per record)."""
    clusters = Clusters(n, conflict)
    for i, j in forbidden:
        clusters.forbid(i, j)
    best = [0.0] * n
    for p, i, j in sorted(edges, reverse=True):
        if clusters.join(i, j):
            best[i] = max(best[i], p)
            best[j] = max(best[j], p)
    return [clusters.find(i) for i in range(n)], best
