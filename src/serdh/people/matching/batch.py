"""``serdh people dedupe``: cluster a file of person records into persons.

Steps (each with a progress line): read and parse the records; block; compare and score each
candidate pair in ``workers`` processes, which send back only the links at or above the
model's threshold (millions of pairs never cross a process boundary); cluster, comparing on
the spot the members of two clusters about to join (a hard negative or a probability under
``LOW`` keeps them apart); write ``record_id, person_id, match_probability``.

With ``train``, a first pass counts the agreement patterns of the candidate pairs and EM
re-learns m, u and the prior on them (unsupervised) before the scoring pass; the shipped
model is trained on labelled pairs (bench/people_train.py, docs/people.md).
"""

import csv
import math
import multiprocessing
import random
import time
from collections import Counter

from . import blocking
from .cluster import cluster
from .compare import compare
from .model import Model, estimate_u, expectation_maximization, frequencies
from .records import from_row

RANDOM_PAIRS = 100_000  # EM's starting u; EM then learns u on the blocked pairs
LOW = 0.01  # below this probability two records are kept apart when clusters meet
CHUNK = 50_000

# What the comparing processes inherit (fork): the records, the model, the word frequencies.
_STATE = {}


def read(path, progress=None):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    records = []
    for index, row in enumerate(rows):
        records.append(from_row(row))
        if progress and index % 20_000 == 0:
            progress(index, len(rows))
    if progress:
        progress(len(rows), len(rows))
    return records


def probability(model, freqs, levels, first, last, shift=0.0):
    if first or last:
        return model.pair_probability(levels, model.tf_adjustment(first, last, freqs) + shift)
    return model.pair_probability(levels, shift)


def _score_chunk(encoded):
    """Links (p, i, j) at or above the threshold, hard negatives left out."""
    records, model, freqs = _STATE["records"], _STATE["model"], _STATE["freqs"]
    n, threshold, cache, shift = len(records), model.threshold, {}, _STATE["shift"]
    links = []
    for code in encoded:
        i, j = divmod(code, n)
        levels, first, last, hard = compare(records[i], records[j])
        if hard:
            continue
        if first or last:
            p = probability(model, freqs, levels, first, last, shift)
        else:
            p = cache.get(levels)
            if p is None:
                p = cache[levels] = model.pair_probability(levels, shift)
        if p >= threshold:
            links.append((p, i, j))
    return links


def _pattern_chunk(encoded):
    records = _STATE["records"]
    n = len(records)
    return Counter(compare(*(records[k] for k in divmod(code, n)))[0] for code in encoded)


def _map(function, pairs, workers, progress):
    chunks = [pairs[k : k + CHUNK] for k in range(0, len(pairs), CHUNK)]
    if workers > 1 and len(pairs) > 2 * CHUNK:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            for done, part in enumerate(pool.imap(function, chunks), 1):
                if progress:
                    progress(min(done * CHUNK, len(pairs)), len(pairs))
                yield part
    else:
        for done, chunk in enumerate(chunks, 1):
            if progress:
                progress(min(done * CHUNK, len(pairs)), len(pairs))
            yield function(chunk)
    if progress and not pairs:
        progress(0, 0)


def random_patterns(records, count, seed=15):
    rng = random.Random(seed)
    n = len(records)
    patterns = Counter()
    if n < 2:
        return patterns
    for _ in range(count):
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j:
            patterns[compare(records[i], records[j])[0]] += 1
    return patterns


def dedupe(
    input_path, output_path, *, model=None, train=False, workers=2, progress=None, save_model=None
):
    """Returns a dict of figures (records, pairs, persons, seconds per step)."""
    line = progress or (lambda label: None)
    times = {}
    started = time.monotonic()
    records = read(input_path, line("Lendo registros"))
    times["read"] = time.monotonic() - started
    n = len(records)
    model = model or Model.load()

    step = time.monotonic()
    encoded, stats = blocking.candidate_pairs(records, line("Blocagem"))
    pairs = sorted(encoded)
    del encoded
    times["blocking"] = time.monotonic() - step

    # The odds that two records sharing a key are one person fall as the file grows (more
    # namesakes per key): the model learned them on ``info["records"]`` records.
    # Bounded: a file of a hundred records is no reason to believe every namesake.
    shift = min(max(math.log2(model.info.get("records", n) / n), -4.0), 2.0) if n else 0.0
    _STATE.update(records=records, model=model, freqs=frequencies(records), shift=shift)
    try:
        step = time.monotonic()
        if train and pairs:
            patterns = Counter()
            for part in _map(_pattern_chunk, pairs, workers, line("Padrões (EM)")):
                patterns.update(part)
            model.u = estimate_u(random_patterns(records, min(RANDOM_PAIRS, n * 4)))
            trained = expectation_maximization(patterns, model, fix_u=False)
            trained.table, trained.info = {}, {"made": "EM on the input file"}
            model = trained
            _STATE["model"] = model
        if save_model:
            model.save(save_model)
        times["train"] = time.monotonic() - step

        step = time.monotonic()
        edges = []
        for part in _map(_score_chunk, pairs, workers, line("Comparando pares")):
            edges.extend(part)
        times["compare"] = time.monotonic() - step
    finally:
        freqs = _STATE.get("freqs")
        _STATE.clear()

    step = time.monotonic()

    def conflict(i, j):
        levels, first, last, hard = compare(records[i], records[j])
        return hard or probability(model, freqs, levels, first, last, shift) < LOW

    roots, best = cluster(n, edges, (), conflict)
    times["cluster"] = time.monotonic() - step

    step = time.monotonic()
    first_of = {}
    for index, root in enumerate(roots):
        first_of.setdefault(root, records[index].id)
    with open(output_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "person_id", "match_probability"])
        for index, record in enumerate(records):
            probability_text = f"{best[index]:.4f}" if best[index] else ""
            writer.writerow([record.id, first_of[roots[index]], probability_text])
    times["write"] = time.monotonic() - step
    times["total"] = time.monotonic() - started
    return {
        "records": n,
        "pairs": len(pairs),
        "skipped_blocks": stats["skipped_blocks"],
        "links": len(edges),
        "persons": len(first_of),
        "prior": model.prior,
        "seconds": {k: round(v, 1) for k, v in times.items()},
    }
