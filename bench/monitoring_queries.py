"""Five dashboard queries at a million violations: PostgreSQL (through the indicator code the
dashboard runs) against DuckDB over a Parquet export of the same facts, in the same run.

Creates a fresh database ``serdh_bench_monitoring`` (BENCH_MONITORING_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/serdh_bench_monitoring), migrates it, loads the demo
network, then writes ``--violations`` (default 1,000,000) violation facts with the demo's
distributions (types, sexes, ages, groups, race/colour), spread over the 853 municipalities
of Minas Gerais (weighted towards the larger ones) and 36 months, with COPY; rebuilds the
rollup table the dashboards read; exports the facts to Parquet with DuckDB; and times, 30
runs each:

1. state, last 12 months, violations by type
2. state, 36 months, violations by month
3. Belo Horizonte, last 12 months, by age band
4. state, last 12 months, by municipality
5. Passos, last 12 months, by race/colour

PostgreSQL timings are the indicator calls (query, labels, sorting); DuckDB runs the
equivalent GROUP BY over the raw facts in Parquet. Needs the bench extra (duckdb):

    .venv/bin/pip install -c requirements.lock -e ".[test,bench]"
    .venv/bin/python bench/monitoring_queries.py [--violations 1000000] [--runs 30]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BH, PASSOS = 3106200, 3147907


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(len(ordered) * fraction) - 1))]


def months_back(end, n):
    out, year, month = [], end.year, end.month
    for _ in range(n):
        out.append(date(year, month, 1))
        month -= 1
        if not month:
            year, month = year - 1, 12
    return sorted(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--violations", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    from _pg import fresh_database, setup_django

    url = fresh_database("serdh_bench_monitoring", env="BENCH_MONITORING_DATABASE_URL")
    setup_django(url)
    import duckdb
    from django.core.management import call_command
    from django.db import connection

    from serdh.demo import distributions as dist
    from serdh.demo import network
    from serdh.monitoring import indicators, rollups
    from serdh.monitoring.models import ViolationFact
    from serdh.network.models import Municipality
    from serdh.vocabularies.models import Term

    call_command("migrate", verbosity=0)
    network.seed()
    rng = random.Random(2026)
    terms = {
        key: dict(Term.objects.filter(vocabulary__key=key).values_list("code", "pk"))
        for key in ("violation_type", "vulnerable_group", "race_color")
    }
    types = [(terms["violation_type"][code], w) for code, w in dist.TYPES]
    groups = [(pk, 1) for pk in terms["vulnerable_group"].values()] + [(None, 3)]
    races = list(terms["race_color"].values())
    race_weights = [43 if i == 3 else 10 for i in range(len(races))]
    municipalities = list(
        Municipality.objects.filter(state__uf="MG").values_list("code", flat=True)
    )
    weights = [
        400 if m == BH else 40 if m == PASSOS else rng.choice((1, 1, 2, 3, 8))
        for m in municipalities
    ]
    end = date.today().replace(day=1)
    months = months_back(end, 36)

    def pick(pairs):
        values, w = zip(*pairs, strict=True)
        return rng.choices(values, w)[0]

    started = time.perf_counter()
    columns = (
        "violation_id, case_id, person_id, state_code, municipality_id, organization_id, "
        "occurred_month, reported_month, registered_month, type_id, subtype_id, group_id, "
        "relationship_id, place_id, channel_id, victim_sex, victim_age_band, victim_race_id, "
        "victim_gender_id, victim_disability, author_sex, case_status, record_key"
    )
    table = ViolationFact._meta.db_table
    chosen_municipalities = rng.choices(municipalities, weights, k=args.violations)
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for i in range(args.violations):
                municipality = chosen_municipalities[i]
                month = rng.choice(months)
                age = pick(dist.AGES)
                band = (
                    1
                    if age[1] <= 11
                    else 2
                    if age[1] <= 17
                    else 3
                    if age[1] <= 29
                    else 4
                    if age[1] <= 59
                    else 5
                )
                copy.write_row(
                    (
                        i + 1,
                        i // 2 + 1,
                        rng.randint(1, args.violations // 3),
                        31,
                        municipality,
                        municipality * 10,
                        month,
                        month,
                        month,
                        pick(types),
                        None,
                        pick(groups),
                        None,
                        None,
                        None,
                        rng.choices("FMI", (62, 37, 1))[0],
                        band,
                        rng.choices(races, race_weights)[0],
                        None,
                        rng.random() < 0.08,
                        rng.choices("MF", (70, 30))[0],
                        "registered",
                        rng.randrange(1 << 20),  # a record key (monitoring.disclosure)
                    )
                )
                if i and i % 100_000 == 0:
                    print(f"  {i:,} facts written", file=sys.stderr)
    print(f"facts: {args.violations:,} written in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    made = rollups.rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"rollups: {made:,} rows rebuilt in {time.perf_counter() - started:.1f} s")

    # Parquet export of the same facts, through DuckDB.
    workdir = Path(tempfile.mkdtemp(prefix="serdh-bench-"))
    csv_path, parquet = workdir / "facts.csv", workdir / "facts.parquet"
    started = time.perf_counter()
    export = (
        "COPY (SELECT municipality_id, organization_id, registered_month, type_id, group_id, "
        f"victim_sex, victim_age_band, victim_race_id FROM {table}) "
        "TO STDOUT WITH (FORMAT csv, HEADER)"
    )
    with (
        connection.cursor() as cursor,
        open(csv_path, "wb") as out,
        cursor.connection.cursor().copy(export) as copy,
    ):
        for block in copy:
            out.write(block)
    duck = duckdb.connect()
    duck.execute(
        f"COPY (SELECT * FROM read_csv_auto('{csv_path}')) TO '{parquet}' (FORMAT parquet)"
    )
    csv_path.unlink()
    size = parquet.stat().st_size / 2**20
    print(f"parquet: {size:.1f} MiB in {time.perf_counter() - started:.0f} s")

    year = months[-12]
    first = months[0]

    def duck_sql(column, since, municipality=None):
        where = f"registered_month BETWEEN '{since}' AND '{end}'"
        if municipality:
            where += f" AND municipality_id = {municipality}"
        return f"SELECT {column}, count(*) FROM '{parquet}' WHERE {where} GROUP BY 1"

    state = {"state_code": 31, "start": year, "end": end}
    probes = [
        ("state, 12 months, by type", {**state, "breakdown": "type"}, duck_sql("type_id", year)),
        (
            "state, 36 months, by month",
            {**state, "start": first, "breakdown": "month"},
            duck_sql("registered_month", first),
        ),
        (
            "Belo Horizonte, 12 months, by age",
            {**state, "municipality_id": BH, "breakdown": "age_band"},
            duck_sql("victim_age_band", year, BH),
        ),
        (
            "state, 12 months, by municipality",
            {**state, "breakdown": "municipality"},
            duck_sql("municipality_id", year),
        ),
        (
            "Passos, 12 months, by race/colour",
            {**state, "municipality_id": PASSOS, "breakdown": "race"},
            duck_sql("victim_race_id", year, PASSOS),
        ),
    ]
    violations = indicators.REGISTRY["violacoes"]
    print(f"\n{args.violations:,} violations, {args.runs} runs each (ms)")
    print(f"{'query':<36}{'PG p50':>9}{'PG p95':>9}{'Duck p50':>10}{'Duck p95':>10}{'PG/Duck':>9}")
    for label, query_args, duck_sql in probes:
        query = indicators.Query(**query_args)
        pg_result = violations(query)
        duck_rows = duck.execute(duck_sql).fetchall()
        assert sum(r.value for r in pg_result.rows) == sum(n for _k, n in duck_rows), label
        pg_times, duck_times = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            violations(query)
            pg_times.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            duck.execute(duck_sql).fetchall()
            duck_times.append((time.perf_counter() - t0) * 1000)
        pg50, duck50 = statistics.median(pg_times), statistics.median(duck_times)
        print(
            f"{label:<36}{pg50:>9.1f}{percentile(pg_times, 0.95):>9.1f}"
            f"{duck50:>10.1f}{percentile(duck_times, 0.95):>10.1f}{pg50 / duck50:>9.2f}"
        )
    parquet.unlink()
    workdir.rmdir()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
