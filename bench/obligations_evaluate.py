"""Working out the law's obligations of cases loaded in bulk (`serdh obligations evaluate`,
the demo, imports), on PostgreSQL: case by case against a chunk at a time, in the same run.

Creates (or reuses, with --reuse) a database ``serdh_bench_obligations`` on the server named
by BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/serdh_bench_obligations),
migrates it, loads the demo network and generates ``--cases`` cases (default 50,000) with the
demo generator. Then, ``--runs`` times (default 3), for a sample of ``--sample`` cases (default
2,000) with their obligations removed before each measure:

- case by case: ``evaluate_many([case])`` for each, one transaction per 200 cases (what
  evaluate_all did before it read a chunk at once, query for query);
- by chunk: ``evaluate_many`` of 50, 200 and 500 cases at once (evaluate_all's chunk is 200);

and prints the median cases per second of each, then times evaluate_all over all the cases
once (the whole database, as `serdh obligations evaluate` would after an upgrade).

    .venv/bin/python bench/obligations_evaluate.py [--cases 50000] [--sample 2000] [--reuse]
"""

import argparse
import statistics
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    args = parser.parse_args()
    from _pg import fresh_database, setup_django

    setup_django(fresh_database("serdh_bench_obligations", reuse=args.reuse))
    from django.core.management import call_command
    from django.db import connection, transaction

    from serdh.cases.models import Case, CaseEvent
    from serdh.core.progress import ProgressLine
    from serdh.demo import cases as demo_cases
    from serdh.demo import network
    from serdh.obligations import services
    from serdh.obligations.models import Obligation

    call_command("migrate", verbosity=0)
    network.seed()
    have = Case.objects.count()
    if have < args.cases:
        started = time.perf_counter()
        demo_cases.generate(
            args.cases - have, batch_size=2000, progress=ProgressLine("Gerando casos", sys.stderr)
        )
        print(f"generated {args.cases - have} cases in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    ids = list(
        Case.objects.filter(registered_at__isnull=False).order_by("pk").values_list("pk", flat=True)
    )
    step = max(1, len(ids) // args.sample)
    sample = ids[::step][: args.sample]
    print(f"database: {len(ids)} registered cases; sample of {len(sample)}")

    def forget(case_ids):
        with transaction.atomic():
            Obligation.objects.filter(case__in=case_ids).delete()
            CaseEvent.objects.filter(case__in=case_ids, kind__startswith="obligation_").delete()

    def rate(chunk):
        forget(sample)
        started = time.perf_counter()
        raised = 0
        for start in range(0, len(sample), 200 if chunk == 1 else chunk):
            part = sample[start : start + (200 if chunk == 1 else chunk)]
            with transaction.atomic():
                if chunk == 1:
                    for pk in part:
                        raised += len(services.evaluate_many([pk])[pk])
                else:
                    raised += sum(len(v) for v in services.evaluate_many(part).values())
        elapsed = time.perf_counter() - started
        return len(sample) / elapsed, raised

    results = {chunk: [] for chunk in (1, 50, 200, 500)}
    for run in range(args.runs):
        for chunk in results:
            per_second, raised = rate(chunk)
            results[chunk].append(per_second)
            print(f"run {run + 1}, chunk {chunk:>3}: {per_second:8.1f} cases/s ({raised} raised)")
    baseline = statistics.median(results[1])
    print(f"{'evaluation':<24}{'median cases/s':>16}{'x case by case':>16}")
    for chunk, rates in results.items():
        label = "case by case" if chunk == 1 else f"chunks of {chunk}"
        median = statistics.median(rates)
        print(f"{label:<24}{median:>16.1f}{median / baseline:>16.1f}")
    forget(ids)
    started = time.perf_counter()
    raised = services.evaluate_all(progress=ProgressLine("Obrigações legais", sys.stderr))
    elapsed = time.perf_counter() - started
    print(
        f"evaluate_all of {len(ids)} cases: {elapsed:.1f} s ({len(ids) / elapsed:.0f} cases/s), "
        f"{raised} obligations raised or fulfilled"
    )


if __name__ == "__main__":
    main()
