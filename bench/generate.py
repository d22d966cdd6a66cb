"""The demo case generator (``serdh.demo.cases.generate``) on PostgreSQL, in cases per second.

Migrates a template database once (``serdh_bench_generate_template`` on the server named by
BENCH_DATABASE_URL, default the local one) with the demo network, then for each run copies it
to a fresh database and generates ``--cases`` cases as bench/case_list.py does (half of them
registered by CRAS Centro — Passos, batches of 2,000), in a new process. ``--baseline DIR``
runs the same, alternately, with the generator of another source tree (a ``git worktree`` of
an older commit: ``git worktree add --detach /tmp/serdh-head HEAD``) and prints both medians.
Every database it makes is dropped at the end.

    .venv/bin/python bench/generate.py [--cases 20000] [--runs 3] [--baseline /tmp/serdh-head]
                                       [--baseline-runs 1]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATE = "serdh_bench_generate_template"


def _server():
    return os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{TEMPLATE}")


def _url(name):
    return _server().rsplit("/", 1)[0] + "/" + name


def prepare_template():
    """The migrated database with the demo network (in a child process: Django set up once)."""
    subprocess.run([sys.executable, __file__, "--template-child"], check=True)


def template_child():
    import logging

    logging.disable(logging.INFO)  # the seed's page indexing tasks, one line each
    sys.path.insert(0, str(HERE))
    from _pg import recreate_database, setup_django

    url = _url(TEMPLATE)
    recreate_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connections

    from serdh.demo import network

    call_command("migrate", verbosity=0)
    network.seed()
    connections.close_all()


def run_child(src, cases, name):
    """Generate ``cases`` cases with the generator under ``src`` in database ``name`` (a copy
    of the template); print the figures as JSON."""
    sys.path.insert(0, str(Path(src) / "src"))
    sys.path.insert(1, str(HERE))
    from _pg import drop_database, half_in_one_service, recreate_database, setup_django

    url = _url(name)
    recreate_database(url, template=TEMPLATE)
    setup_django(url)
    from django.db import connections

    import serdh
    from serdh.demo import cases as demo_cases

    assert Path(serdh.__file__).resolve().is_relative_to(Path(src).resolve()), serdh.__file__
    started = time.perf_counter()
    made = demo_cases.generate(
        cases, organizations=half_in_one_service(), batch_size=2000, seed=2026
    )
    seconds = time.perf_counter() - started
    connections.close_all()
    drop_database(url)
    print(json.dumps({"cases": made, "seconds": seconds, "rate": made / seconds}))


def measure(src, cases, label, run):
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(src), "--cases", str(cases)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    print(
        f"{label} run {run}: {figures['cases']} cases in {figures['seconds']:.1f} s = "
        f"{figures['rate']:.0f} cases/s",
        flush=True,
    )
    return figures["rate"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="another source tree (an older commit's worktree)")
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--baseline-cases", type=int, help="default: --cases")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--template-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.template_child:
        return template_child()
    if args.child:
        return run_child(args.child, args.cases, f"serdh_bench_generate_{os.getpid()}")
    print(f"PostgreSQL {urlparse(_server()).netloc}; preparing the template database…", flush=True)
    prepare_template()
    try:
        now, before = [], []
        for run in range(1, max(args.runs, args.baseline_runs if args.baseline else 0) + 1):
            if args.baseline and run <= args.baseline_runs:
                before.append(
                    measure(args.baseline, args.baseline_cases or args.cases, "baseline", run)
                )
            if run <= args.runs:
                now.append(measure(ROOT, args.cases, "this tree", run))
    finally:
        sys.path.insert(0, str(HERE))
        from _pg import drop_database

        drop_database(_url(TEMPLATE))
    if before:
        print(
            f"baseline ({args.baseline}): median {statistics.median(before):.0f} cases/s "
            f"of {len(before)} run(s) at {args.baseline_cases or args.cases} cases"
        )
    median = statistics.median(now)
    print(f"this tree: median {median:.0f} cases/s of {len(now)} run(s) at {args.cases} cases")
    if before:
        print(f"speed-up: {median / statistics.median(before):.1f}x")
    print(f"projected: 1,000,000 cases in {1_000_000 / median / 60:.1f} min at that rate")


if __name__ == "__main__":
    main()
