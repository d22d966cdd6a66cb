"""The Fellegi–Sunter model: for each field and level, m (how often two records of the same
person compare so) and u (how often two records of different persons do). A pair's weight is
the sum of log2(m/u) over its non-missing fields plus the prior log-odds; its probability is
2^w / (1 + 2^w). Word frequencies adjust exact name matches (a match on a rare first name
weighs more than a match on "Maria").

``estimate_u`` counts levels on random pairs; ``expectation_maximization`` learns m and the
prior from the blocked pairs, unsupervised; ``from_decisions`` learns m and u from labelled
pairs (the reviewers' decisions). The model is a JSON file: ``people/data/match_model.json``
is the shipped one (see docs/people.md for how it was made and how to retrain it).
"""

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .compare import FIELDS, LEVELS

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "match_model.json"
FLOOR = 1e-6  # no level is impossible: a probability never reaches 0 or 1 exactly
TABLE_MIN = 3  # patterns seen fewer times lean on Fellegi–Sunter alone
SHRINK = 3  # pairs' worth of Fellegi–Sunter belief behind each pattern's labelled frequency
FIRST, SURNAME = FIELDS.index("first_name"), FIELDS.index("surname")


@dataclass
class Model:
    m: dict  # field -> [p(level | match) for each level; index 0 unused]
    u: dict  # field -> [p(level | non-match)]
    prior: float  # p(match) among the pairs blocking brings together
    threshold: float = 0.5  # clusters join at or above this probability
    review_band: tuple = (0.2, 0.9)  # probabilities a person reviews (the uncertain band)
    info: dict = field(default_factory=dict)
    # Labelled counts per agreement pattern ("5,3,5,0,…" -> [matches, pairs]): where the
    # fields are not independent (a date shared by namesakes blocked on it), the pattern's own
    # frequency corrects Fellegi–Sunter; rare patterns lean on it (``SHRINK``).
    table: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path=SHIPPED):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(
            m=data["m"],
            u=data["u"],
            prior=data["prior"],
            threshold=data.get("threshold", 0.5),
            review_band=tuple(data.get("review_band", (0.2, 0.9))),
            info=data.get("info", {}),
            table=data.get("table", {}),
        )

    def save(self, path):
        data = {
            "fields": {f: list(LEVELS[f]) for f in FIELDS},
            "m": {f: [round(p, 8) for p in self.m[f]] for f in FIELDS},
            "u": {f: [round(p, 10) for p in self.u[f]] for f in FIELDS},
            "prior": self.prior,
            "threshold": self.threshold,
            "review_band": list(self.review_band),
            "info": self.info,
            "table": self.table,
        }
        Path(path).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")

    def pattern_weight(self, levels):
        """log2 Bayes factor of an agreement pattern (missing fields weigh nothing)."""
        total = 0.0
        for name, level in zip(FIELDS, levels, strict=True):
            if level:
                total += math.log2(
                    max(self.m[name][level], FLOOR) / max(self.u[name][level], FLOOR)
                )
        return total

    def tf_adjustment(self, first_value, last_value, frequencies):
        """Replaces the average u of an exact name match by that word's own frequency."""
        adjust = 0.0
        for value, index, name in (
            (first_value, FIRST, "first_name"),
            (last_value, SURNAME, "surname"),
        ):
            if value:
                table, total = frequencies[index]
                share = table.get(value, 0) / total
                level = len(LEVELS[name]) - 1
                adjust += math.log2(max(self.u[name][level], FLOOR) / max(share, FLOOR))
        return adjust

    def pair_probability(self, levels, tf=0.0):
        """Probability that a pair with these levels is one person (``tf``: the word-frequency
        adjustment of ``tf_adjustment``, in log2 odds)."""
        p = self.probability(self.pattern_weight(levels))
        if self.table:
            matches, pairs = self.table.get(",".join(map(str, levels)), (0, 0))
            p = (matches + SHRINK * p) / (pairs + SHRINK)
        if tf:
            p = min(max(p, 1e-9), 1 - 1e-9)
            odds = math.log2(p / (1 - p)) + tf
            p = 1 / (1 + 2 ** (-max(min(odds, 60), -60)))
        return p

    def probability(self, weight):
        odds = math.log2(self.prior / (1 - self.prior)) + weight
        if odds > 60:
            return 1.0
        if odds < -60:
            return 0.0
        return 1 / (1 + 2 ** (-odds))


@lru_cache(maxsize=1)
def shipped():
    """The shipped model, read once per process (about 11 ms to parse): for the read-only
    callers at intake and review. Callers that change a model load their own copy."""
    return Model.load(SHIPPED)


def frequencies(records):
    """Counts of first words and last words of the records' first names (for tf_adjustment)."""
    first, last = Counter(), Counter()
    for record in records:
        if record.names:
            name = record.names[0]
            first[name.words[0]] += 1
            if len(name.words) > 1:
                last[name.words[-1]] += 1
    return {FIRST: (first, max(first.total(), 1)), SURNAME: (last, max(last.total(), 1))}


def _normalized(counts, smoothing):
    total = sum(counts) + smoothing * len(counts)
    return [0.0] + [(c + smoothing) / total for c in counts]


def estimate_u(patterns):
    """u from the level counts of random pairs (almost all of different persons)."""
    u = {}
    for index, name in enumerate(FIELDS):
        counts = [0] * (len(LEVELS[name]) - 1)
        for levels, n in patterns.items():
            if levels[index]:
                counts[levels[index] - 1] += n
        u[name] = _normalized(counts, 0.5)
    return u


def expectation_maximization(patterns, model, iterations=40, fix_u=True, tolerance=1e-6):
    """Learn m (and the prior) from unlabelled pairs: ``patterns`` counts each agreement
    pattern among the blocked pairs. u stays as estimated from random pairs (``fix_u``)."""
    m = {f: list(model.m[f]) for f in FIELDS}
    u = {f: list(model.u[f]) for f in FIELDS}
    prior = model.prior
    items = list(patterns.items())
    for _ in range(iterations):
        new_m = {f: [0.0] * len(LEVELS[f]) for f in FIELDS}
        new_u = {f: [0.0] * len(LEVELS[f]) for f in FIELDS}
        matched = total = 0.0
        for levels, n in items:
            pm, pu = prior, 1 - prior
            for name, level in zip(FIELDS, levels, strict=True):
                if level:
                    pm *= max(m[name][level], FLOOR)
                    pu *= max(u[name][level], FLOOR)
            p = pm / (pm + pu)
            matched += n * p
            total += n
            for name, level in zip(FIELDS, levels, strict=True):
                if level:
                    new_m[name][level] += n * p
                    new_u[name][level] += n * (1 - p)
        new_prior = min(max(matched / total, 1e-6), 1 - 1e-6)
        change = abs(new_prior - prior)
        prior = new_prior
        for name in FIELDS:
            m[name] = _normalized(new_m[name][1:], 0.01)
            if not fix_u:
                u[name] = _normalized(new_u[name][1:], 0.01)
        if change < tolerance:
            break
    return Model(m=m, u=u, prior=prior, threshold=model.threshold, review_band=model.review_band)


def from_decisions(decisions, base, table=True):
    """m, u, prior and the pattern table from labelled pairs: ``decisions`` yields
    (levels, is_match)."""
    matches, others = Counter(), Counter()
    for levels, is_match in decisions:
        (matches if is_match else others)[tuple(levels)] += 1
    m = estimate_u(matches) if matches else base.m
    u = estimate_u(others) if others else base.u
    share = sum(matches.values()) / max(sum(matches.values()) + sum(others.values()), 1)
    counts = {}
    if table:
        for levels in matches.keys() | others.keys():
            pairs = matches[levels] + others[levels]
            if pairs >= TABLE_MIN:
                counts[",".join(map(str, levels))] = [matches[levels], pairs]
    return Model(
        m=m,
        u=u,
        prior=share or base.prior,
        threshold=base.threshold,
        review_band=base.review_band,
        table=counts,
    )
