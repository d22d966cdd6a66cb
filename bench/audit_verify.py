"""Full against incremental verification of the audit chain (docs/operations.md 'Audit chain').

Creates a fresh database ``serdh_bench_audit`` (BENCH_AUDIT_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/serdh_bench_audit), migrates it, writes ``--events``
(default 200,000) audit events in bulk with their real HMAC links (the chain's own hashing),
verifies the whole chain and records the verified-through checkpoint, appends ``--new``
(default 1,000) events through ``audit.record``, then times ``serdh audit verify`` (full)
against ``serdh audit verify --incremental`` (the audit chain only), and drops the database.

    .venv/bin/python bench/audit_verify.py [--events 200000] [--new 1000]
"""

import argparse
import time
from datetime import UTC, datetime, timedelta


def fill(n, batch=5000):
    from serdh.core import audit
    from serdh.core.chain import GENESIS
    from serdh.core.models import AuditChainHead, AuditEvent

    # After whatever the migrations recorded.
    head = AuditChainHead.objects.filter(pk=1).first()
    base, prev = (head.seq, head.last_hash) if head and head.seq else (0, GENESIS)
    start, step = datetime(2016, 1, 1, tzinfo=UTC), timedelta(days=3650) / n
    for first in range(base + 1, base + n + 1, batch):
        rows = []
        for seq in range(first, min(first + batch, base + n + 1)):
            row = AuditEvent(
                seq=seq,
                occurred_at=start + step * seq,
                actor_id=seq % 500,
                actor_label=f"usuario{seq % 500}",
                organization_id=seq % 90,
                action="cases.viewed",
                object_type="cases.case",
                object_id=str(seq % 40000),
                request_id=f"req-{seq}",
                ip="10.0.0.1",
                channel="web",
                data={"n": seq},
                key_id=audit.AUDIT_KEY_ID,
                prev_hash=prev,
            )
            row.hash = prev = audit.compute_hash(row)
            rows.append(row)
        AuditEvent.objects.bulk_create(rows)
    head = AuditChainHead(pk=1, seq=base + n, last_hash=prev)
    head.mac = audit.CHAIN.seal(head)
    head.save()
    return base + n


def timed(func):
    started = time.perf_counter()
    result = func()
    return result, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--new", type=int, default=1_000)
    args = parser.parse_args()
    from _pg import drop_database, fresh_database, setup_django

    url = fresh_database("serdh_bench_audit", env="BENCH_AUDIT_DATABASE_URL")
    setup_django(url)
    try:
        from django.core.management import call_command

        from serdh.core import audit

        call_command("migrate", verbosity=0)
        through, seconds = timed(lambda: fill(args.events))
        print(f"{args.events} events written in {seconds:.1f} s")
        result, seconds = timed(audit.verify)
        assert result.ok, result.describe()
        audit.record_verified(result, full=True)
        for i in range(args.new):
            audit.record("test.event", object_type="test", object_id=str(i))
        (result, start, _), incremental = timed(audit.verify_incremental)
        assert result.ok and start == through, result.describe()
        incremental_checked = result.checked
        result, full = timed(audit.verify)
        assert result.ok, result.describe()
        print(f"full:        {result.checked} events in {full:.2f} s")
        print(f"incremental: {incremental_checked} events in {incremental:.3f} s")
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()
