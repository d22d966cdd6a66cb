"""Importing SINAN violence notifications into PostgreSQL, against COPY of the same rows into a
plain table in the same run (issue 16: at least a third of COPY's rate, under 300 MB).

Creates a fresh database ``serdh_bench_import`` on the server named by BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/serdh_bench_import), migrates it and loads the demo
network; generates ``--rows`` notifications (default 100,000; tests/imports/sinan_files.py,
Faker pt_BR) for municipalities of the demo's adhering network, written as CSV and as DBF (two
sets of notification numbers, so each file creates its own cases). Then:

- COPY of the CSV into a plain table of text columns (the baseline);
- for each format, in a child process (peak memory is that process's VmHWM): validation
  alone (the report, nothing imported), then the import of every row, then the same file again
  (everything found already in SIMA, nothing created);

and prints rows per second, the ratio to COPY and peak memory, then drops the database.

    .venv/bin/python bench/import_sinan.py [--rows 100000] [--keep]

With BENCH_PROFILE=/tmp/p each step also writes its cProfile stats (/tmp/p-import-csv.prof…).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

STATE_ORGAN = "Delegacia de Polícia Civil de Passos"  # a state organ: every adhering municipality


def child(step, file, batch_id):
    """One step in this process: print {"seconds", ...} as JSON."""
    from _pg import setup_django

    setup_django(os.environ["DATABASE_URL"])
    from serdh.imports import services
    from serdh.imports.choices import Kind, Mode
    from serdh.imports.models import ImportBatch
    from tests.cases.factories import acting

    user = acting("coord.bench")
    profile = None
    if os.environ.get("BENCH_PROFILE"):  # where the time goes: cProfile stats per step
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    started = time.perf_counter()
    if step == "validate":
        with open(file, "rb") as handle:
            batch = services.receive(user, Kind.SINAN, handle, Path(file).name)
        services.validate(batch.pk)
    else:
        batch = services.decide(user, ImportBatch.objects.get(pk=batch_id), Mode.VALID)
        services.run(batch.pk)
    seconds = time.perf_counter() - started
    if profile is not None:
        profile.disable()
        profile.dump_stats(
            f"{os.environ['BENCH_PROFILE']}-{step}-{Path(file).suffix[1:]}-{batch.pk}-{batch.created_rows}.prof"
        )
    batch = ImportBatch.objects.get(pk=batch.pk)
    with open("/proc/self/status") as status:  # this process's own peak, since its exec
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    print(
        json.dumps(
            {
                "seconds": seconds,
                "batch": batch.pk,
                "status": batch.status,
                "valid": batch.valid_rows,
                "problems": batch.problem_rows,
                "created": batch.created_rows,
                "existing": batch.existing_rows,
                "peak_mb": peak_kb / 1024,
            }
        )
    )


def run_child(url, step, file, batch_id=0):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SERDH_ENV": "test",
        "SERDH_TASKS_BACKEND": "database",  # the steps run here, not on enqueue
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", step, "--file", str(file), "--batch", str(batch_id)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    out = process.stdout.read()
    # The child's own VmHWM (in its JSON): wait4's ru_maxrss would count the pages of this
    # parent, which holds the generated rows, shared with the child until its exec.
    if process.wait():
        raise SystemExit(f"{step} failed: {out}")
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--child")
    parser.add_argument("--file")
    parser.add_argument("--batch", type=int, default=0)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.file, args.batch)
    from _pg import drop_database, fresh_database, setup_django

    url = fresh_database("serdh_bench_import")
    setup_django(url)
    import psycopg
    from django.core.management import call_command

    from serdh.accounts.models import Membership, User
    from serdh.demo import network
    from serdh.network.models import Municipality, Organization
    from serdh.network.services import case_municipalities
    from tests.imports import sinan_files

    call_command("migrate", verbosity=0)
    network.seed()
    organ = Organization.objects.get(name=STATE_ORGAN)
    user = User.objects.create(username="coord.bench", full_name="Coordenação Bench")
    Membership.objects.create(user=user, organization=organ, role="coordinator")
    places = list(case_municipalities(organ).values_list("code", flat=True))
    print(f"{len(places)} municipalities in the importing organ's territory: {places}")
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    started = time.perf_counter()
    per_place = -(-args.rows // len(places))
    sets = {}
    for label, offset in (("csv", 0), ("dbf", 5_000_000)):
        rows = []
        for i, code in enumerate(places):
            rows += sinan_files.rows(
                min(per_place, args.rows - len(rows)),
                seed=100 + i + offset,
                municipality=code,
                first_number=1 + offset + i * per_place,
            )
        sets[label] = rows
    csv_path = sinan_files.write_csv(sets["csv"], folder / "VIOLMG.csv")
    dbf_path = sinan_files.write_dbf(sets["dbf"], folder / "VIOLMG.dbf")
    print(
        f"generated {len(sets['csv'])} + {len(sets['dbf'])} rows in "
        f"{time.perf_counter() - started:.0f} s ({csv_path.stat().st_size / 1e6:.1f} MB CSV, "
        f"{dbf_path.stat().st_size / 1e6:.1f} MB DBF)"
    )
    del sets
    assert Municipality.objects.filter(code__in=places).count() == len(places)

    # The baseline: COPY of the same CSV into a plain table of text columns.
    columns = sinan_files.COLUMNS
    copy_times = []
    with psycopg.connect(url, autocommit=True) as conn:
        for _run in range(3):
            conn.execute("DROP TABLE IF EXISTS bench_copy")
            conn.execute(
                "CREATE TABLE bench_copy (" + ", ".join(f'"{c}" text' for c in columns) + ")"
            )
            started = time.perf_counter()
            with (
                conn.cursor() as cursor,
                cursor.copy(
                    "COPY bench_copy FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true)"
                ) as copy,
                csv_path.open("rb") as handle,
            ):
                while data := handle.read(1 << 20):
                    copy.write(data)
            copy_times.append(time.perf_counter() - started)
        copied = conn.execute("SELECT count(*) FROM bench_copy").fetchone()[0]
        conn.execute("DROP TABLE bench_copy")
    copy_seconds = sorted(copy_times)[1]
    copy_rate = copied / copy_seconds
    print(f"COPY: {copied} rows, median {copy_seconds:.2f} s ({copy_rate:,.0f} rows/s)")

    results = []
    for label, path in (("CSV", csv_path), ("DBF", dbf_path)):
        validated = run_child(url, "validate", path)
        imported = run_child(url, "import", path, validated["batch"])
        again_v = run_child(url, "validate", path)
        again = run_child(url, "import", path, again_v["batch"])
        assert imported["created"] == validated["valid"], imported
        assert again["created"] == 0 and again["existing"] == validated["valid"], again
        results.append((label, validated, imported, again_v, again))

    print()
    header = (
        f"{'file':<5}{'rows':>9}{'validate s':>12}{'import s':>10}{'rows/s':>9}"
        f"{'x COPY':>8}{'peak MB':>9}{'again s':>9}"
    )
    print(header)
    for label, validated, imported, again_v, again in results:
        rows = validated["valid"] + validated["problems"]
        rate = imported["created"] / imported["seconds"]
        peak = max(validated["peak_mb"], imported["peak_mb"])
        print(
            f"{label:<5}{rows:>9}{validated['seconds']:>12.1f}{imported['seconds']:>10.1f}"
            f"{rate:>9,.0f}{'1/' + format(copy_rate / rate, ',.0f'):>8}{peak:>9.0f}"
            f"{again_v['seconds'] + again['seconds']:>9.1f}"
        )
    print(f"COPY baseline: {copy_rate:,.0f} rows/s (median of 3)")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()
