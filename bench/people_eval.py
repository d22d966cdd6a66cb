"""Pairwise precision, recall and F1 of a clustering against the truth, from counts.

A pair of records is a true pair when both belong to the same true person, a predicted pair
when the method put both in the same cluster. The counts are sums of C(n, 2) over the
clusters, the true persons and their intersections (the contingency table), so no pair is
ever enumerated and a million records cost a few dictionary passes.

Records the method left out of its output count as singletons; records it invented (not in
the truth) are an error.
"""

from collections import Counter


def _pairs(counts) -> int:
    return sum(n * (n - 1) // 2 for n in counts)


def pairwise(pred: dict[str, str], truth: dict[str, str]) -> dict:
    unknown = pred.keys() - truth.keys()
    if unknown:
        raise ValueError(
            f"{len(unknown)} predicted records are not in the truth, e.g. {sorted(unknown)[:3]}"
        )
    # A record missing from pred becomes its own cluster: its record id cannot collide with a
    # cluster id because the pair key is (True, record_id) against (False, cluster_id).
    clusters = {rid: ((False, pred[rid]) if rid in pred else (True, rid)) for rid in truth}
    true_pairs = _pairs(Counter(truth.values()).values())
    predicted_pairs = _pairs(Counter(clusters.values()).values())
    correct_pairs = _pairs(Counter((clusters[rid], truth[rid]) for rid in truth).values())
    precision = correct_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = correct_pairs / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
        "correct_pairs": correct_pairs,
    }
