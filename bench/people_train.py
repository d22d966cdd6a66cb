"""Train the shipped person-matching model (src/serdh/people/data/match_model.json).

Generates a labelled Brazilian-style dataset with bench/people_data.py under a seed of its own
(``--seed``, default 1: never the seed the benchmark measures, 15), blocks and compares it as
``serdh people dedupe`` does, and learns m, u, the prior and the pattern table from the true
labels (``matching.model.from_decisions``). In production the state replaces this model by one
learned from its reviewers' decisions (``serdh people train``; docs/people.md).

    .venv/bin/python bench/people_train.py [--persons 60000] [--seed 1] [--threshold 0.995]
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.995)
    parser.add_argument("--out", default=None, help="default: the shipped model file")
    args = parser.parse_args()
    if args.seed == 15:
        parser.error("seed 15 is the benchmark's: train on another")

    import people_data

    from serdh.people.matching import batch, blocking
    from serdh.people.matching.compare import compare
    from serdh.people.matching.model import SHIPPED, Model, from_decisions

    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "train.csv"
        records, truth = people_data.generate(args.persons, seed=args.seed)
        people_data.write_csv(path, records)
        parsed = batch.read(path)
    pairs, _stats = blocking.candidate_pairs(parsed, wide=True)  # more negatives to learn from
    n = len(parsed)
    decisions = []
    for code in sorted(pairs):
        i, j = divmod(code, n)
        levels = compare(parsed[i], parsed[j])[0]
        decisions.append((levels, truth[parsed[i].id] == truth[parsed[j].id]))
    base = Model.load(SHIPPED)
    base.threshold = args.threshold
    base.review_band = (0.3, args.threshold)
    model = from_decisions(decisions, base)
    model.info = {
        "made": "bench/people_train.py: labelled synthetic pairs (bench/people_data.py)",
        "persons": args.persons,
        "seed": args.seed,
        "records": len(parsed),
        "pairs": len(decisions),
        "matches": sum(1 for _levels, is_match in decisions if is_match),
    }
    out = args.out or SHIPPED
    model.save(out)
    print(
        f"{len(parsed):,} records, {len(decisions):,} labelled pairs, {len(model.table):,} "
        f"patterns → {out} ({time.monotonic() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
