"""Splink 5 (DuckDB backend) on the benchmark's person records: the reference method of
bench/people_match.py (issue 15).

What a competent Splink user would do without tuning to this generator:

- preprocessing in DuckDB: names (the civil name, or the social name when it is alone)
  lowercased, accents stripped, punctuation removed, name particles (da, de, do, das, dos, e)
  and agnomes (Júnior, Jr, Filho, Neto, Sobrinho) dropped; first name = first token,
  surname = last token; the mother's name likewise; birth date parsed (invalid = null);
  identifiers reduced to digits; phone reduced to its last 8 digits;
- comparisons from Splink's library: forename/surname (Jaro-Winkler levels, columns
  reversed, term frequencies on the full name, surname and first name), date of birth
  (exact, 1 edit, 1 month, 1 year, 10 years), the mother's name (Jaro-Winkler levels), exact
  CPF, CNS, NIS, municipality (term frequencies), sex and phone;
- blocking for prediction on each identifier, phone, first name + birth year, surname +
  birth date, mother's first name + birth date, first name + surname, first name + mother's
  first name;
- training: the prior from deterministic rules (CPF; full name + birth date) with recall
  0.7, u by random sampling (2e7 pairs, fixed seed), m by EM on two blocking rules
  (first name + surname; birth date);
- predict at the lowest threshold, then connected components at each threshold.

    .venv/bin/python bench/people_splink.py records.csv --out-dir /tmp/splink [--truth t.csv]
"""

import argparse
import csv
import json
import logging
import time
from pathlib import Path

THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.99)
_DROP = (
    "'da', 'de', 'do', 'das', 'dos', 'e', 'junior', 'jr', 'jun', 'filho', 'fo', 'neto', "
    "'nt', 'sobrinho', 'sob'"
)


def _clean(col: str) -> str:
    """SQL: lowercase, no accents, letters only, particles and agnomes dropped -> list."""
    text = f"regexp_replace(lower(strip_accents(coalesce({col}, ''))), '[^a-z]+', ' ', 'g')"
    return f"list_filter(string_split(trim({text}), ' '), lambda t: t <> '' AND t NOT IN ({_DROP}))"


def _digits(col: str) -> str:
    return f"nullif(regexp_replace(coalesce({col}, ''), '[^0-9]', '', 'g'), '')"


PREPARE_SQL = f"""
CREATE TABLE people AS
WITH raw AS (
    SELECT *, {_clean("coalesce(nullif(name, ''), social_name)")} AS nt,
        {_clean("mother_name")} AS mt
    FROM read_csv(?, header = true, all_varchar = true)
)
SELECT
    record_id,
    nullif(nt[1], '') AS first_name,
    CASE WHEN len(nt) > 1 THEN nt[-1] END AS surname,
    nullif(array_to_string(nt, ' '), '') AS full_name,
    CASE WHEN len(nt) > 1 THEN nt[1] || ' ' || nt[-1] END AS first_and_surname,
    nullif(array_to_string(mt, ' '), '') AS mother_name,
    nullif(mt[1], '') AS mother_first,
    try_strptime(birth_date, '%Y-%m-%d')::DATE AS dob,
    year(try_strptime(birth_date, '%Y-%m-%d')) AS birth_year,
    nullif(upper(trim(sex)), '') AS sex,
    {_digits("cpf")} AS cpf,
    {_digits("cns")} AS cns,
    {_digits("nis")} AS nis,
    nullif(right({_digits("phone")}, 8), '') AS phone8,
    nullif(trim(municipality_ibge), '') AS municipality
FROM raw
"""


def settings():
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name="first_and_surname"
            ),
            cl.DateOfBirthComparison("dob", input_is_string=False),
            cl.NameComparison("mother_name"),
            cl.ExactMatch("cpf"),
            cl.ExactMatch("cns"),
            cl.ExactMatch("nis"),
            cl.ExactMatch("municipality").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("phone8"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("cpf"),
            block_on("cns"),
            block_on("nis"),
            block_on("phone8"),
            block_on("first_name", "birth_year"),
            block_on("surname", "dob"),
            block_on("mother_first", "dob"),
            block_on("first_name", "surname"),
            block_on("first_name", "mother_first"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def run_splink(csv_path, thresholds=THRESHOLDS, log_level=logging.WARNING) -> dict:
    """Train, predict and cluster; returns {"version", "clusters": {threshold: {record_id:
    cluster_id}}, "times": {...} (seconds), "edges" (pairs predicted at or above the lowest
    threshold), "prior" (the estimated probability that two random records match)}."""
    import splink
    from splink import DuckDBAPI, Linker, block_on

    thresholds = sorted(thresholds)
    times, started = {}, time.perf_counter()
    db_api = DuckDBAPI()
    db_api.duckdb_con.execute(PREPARE_SQL, [str(csv_path)]).fetchall()
    linker = Linker(db_api.register("people"), settings(), log_level=log_level)
    times["loading"] = time.perf_counter() - started

    mark = time.perf_counter()
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("cpf"), block_on("full_name", "dob")], recall=0.7
    )
    training.estimate_u_using_random_sampling(max_pairs=2e7, seed=15)
    training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "surname"), estimate_without_term_frequencies=True
    )
    training.estimate_parameters_using_expectation_maximisation(
        block_on("dob"), estimate_without_term_frequencies=True
    )
    times["training"] = time.perf_counter() - mark

    mark = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=thresholds[0])
    con = db_api.duckdb_con
    # DuckDB 2 keeps a result open until it is fetched to the end: fetchall, not fetchone.
    pairs = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchall()[0][0]
    times["predicting"] = time.perf_counter() - mark

    mark, clusters = time.perf_counter(), {}
    for threshold in thresholds:
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        rows = con.execute(
            f"SELECT record_id, cluster_id FROM {clustered.physical_name}"
        ).fetchall()
        clusters[threshold] = {str(rid): str(cid) for rid, cid in rows}
        clustered.drop_table_from_database_and_remove_from_cache()
    times["clustering"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - started
    return {
        "version": splink.__version__,
        "clusters": clusters,
        "times": times,
        "edges": pairs,
        "prior": linker._settings_obj._probability_two_random_records_match,
    }


def write_result(result: dict, out_dir: Path) -> None:
    """clusters.csv (record_id, one cluster column per threshold) and meta.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    thresholds = sorted(result["clusters"])
    with (out_dir / "clusters.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["record_id", *thresholds])
        first = result["clusters"][thresholds[0]]
        writer.writerows([rid, *(result["clusters"][t][rid] for t in thresholds)] for rid in first)
    meta = {k: v for k, v in result.items() if k != "clusters"} | {"thresholds": thresholds}
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2))


def read_result(out_dir: Path) -> dict:
    meta = json.loads((out_dir / "meta.json").read_text())
    clusters = {t: {} for t in meta["thresholds"]}
    with (out_dir / "clusters.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for rid, *ids in reader:
            for t, cid in zip(meta["thresholds"], ids, strict=True):
                clusters[t][rid] = cid
    return meta | {"clusters": clusters}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Splink 5 on the benchmark's person records.")
    parser.add_argument("csv")
    parser.add_argument("--out-dir", type=Path)
    parser.add_argument("--truth", help="print precision/recall/F1 against this truth CSV")
    parser.add_argument("--thresholds", type=float, nargs="+", default=THRESHOLDS)
    parser.add_argument("--verbose", action="store_true", help="Splink's own log (INFO)")
    args = parser.parse_args(argv)
    result = run_splink(args.csv, args.thresholds, logging.INFO if args.verbose else None)
    if args.out_dir:
        write_result(result, args.out_dir)
    times = ", ".join(f"{k} {v:.1f} s" for k, v in result["times"].items())
    print(
        f"splink {result['version']}: {result['edges']:,} pairs with match probability >= "
        f"{min(args.thresholds)} (prior {result['prior']:.3g}); {times}"
    )
    if args.truth:
        from people_eval import pairwise

        with open(args.truth, encoding="utf-8", newline="") as fh:
            truth = {row["record_id"]: row["person_id"] for row in csv.DictReader(fh)}
        for t, pred in result["clusters"].items():
            m = pairwise(pred, truth)
            print(
                f"  threshold {t}: precision {m['precision']:.1%}, recall {m['recall']:.1%}, "
                f"F1 {m['f1']:.1%} ({m['predicted_pairs']:,} predicted pairs, "
                f"{m['true_pairs']:,} true)"
            )


if __name__ == "__main__":
    main()
