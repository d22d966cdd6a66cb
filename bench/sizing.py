"""Rows and bytes per case on PostgreSQL, for sizing a deployment (docs/scaling.md).

Creates a fresh database ``serdh_bench_sizing`` on the server named by BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/serdh_bench_sizing), migrates it, loads the demo
network and measures:

1. after the migrations and the demo network (the fixed part: IBGE municipalities,
   vocabularies, portal pages, the demo's organizations and accounts);
2. after ``--cases`` cases (default 20,000) from the demo generator, as bench/case_list.py
   makes them (half registered by CRAS Centro — Passos, batches of 2,000): the rows and bytes
   each table gains per case (``pg_total_relation_size``: table, indexes and TOAST, after
   VACUUM ANALYZE). The generator writes the case's parties, violations, referrals,
   follow-ups, events, people, match keys and facts, but one audit event for the whole run
   and no obligations;
3. after ``--service-cases`` cases (default 500) registered, referred and followed up
   through the real services (``registration.open_case``, ``referrals.send_referral``,
   ``followups.record_follow_up``, as the tests do): what the generator leaves out, the
   audit events, outbox events, notifications and obligations per case;
4. after ``--api-requests`` (default 500) registrations through the REST API
   (``POST /api/v1/cases/`` with a system client's token and an Idempotency-Key, in this
   process through Django's test client): the message-log entries and idempotency keys;
5. after ``--views`` (default 200) views of a case page and as many of the case list by a
   CRAS worker (Django's test client): the audit events that reading writes;
6. across the whole database: the referrals, cases and persons that cross municipalities
   (what a distribution by municipality, docs/scaling.md, would have to join across nodes;
   the demo generator keeps every case inside one municipality, so real data is needed).

Prints a table per step and drops the database at the end.

    .venv/bin/python bench/sizing.py [--cases 20000] [--service-cases 500] [--api-requests 500]
                                  [--views 200]
"""

import argparse
import logging
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TABLES = """
SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid),
       pg_relation_size(c.oid), pg_indexes_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname = 'public'
"""


def snapshot():
    """{table: (rows, total bytes, heap bytes, index bytes)} with exact row counts."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(TABLES)
        found = {}
        for name, _estimate, total, heap, indexes in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{name}"')
            found[name] = (cursor.fetchone()[0], total, heap, indexes)
    return found


def diff(after, before):
    out = {}
    for name, (rows, total, heap, indexes) in after.items():
        r0, t0, h0, i0 = before.get(name, (0, 0, 0, 0))
        if rows - r0 > 0:
            out[name] = (rows - r0, total - t0, heap - h0, indexes - i0)
    return out


def print_table(title, grown, per, unit, top=None):
    print(f"\n{title}")
    print(
        f"{'table':<36}{'rows':>9}{'rows/' + unit:>11}{'MB':>8}{'bytes/row':>11}"
        f"{'B/' + unit:>9}{'index %':>9}"
    )
    total_rows = total_bytes = total_index = 0
    ordered = sorted(grown.items(), key=lambda kv: -kv[1][1])
    for shown, (name, (rows, size, _heap, indexes)) in enumerate(ordered):
        total_rows += rows
        total_bytes += size
        total_index += indexes
        if top is not None and shown >= top:
            continue
        print(
            f"{name:<36}{rows:>9}{rows / per:>11.2f}{size / 2**20:>8.1f}{size / rows:>11.0f}"
            f"{size / per:>9.0f}{100 * indexes / size if size else 0:>9.0f}"
        )
    print(
        f"{'all tables':<36}{total_rows:>9}{total_rows / per:>11.2f}{total_bytes / 2**20:>8.1f}"
        f"{total_bytes / max(total_rows, 1):>11.0f}{total_bytes / per:>9.0f}"
        f"{100 * total_index / max(total_bytes, 1):>9.0f}"
    )


CROSS = [
    (
        "referrals to a service of another municipality than the case's",
        """SELECT count(*) FILTER (WHERE o.municipality_id <> c.municipality_id), count(*)
           FROM cases_referral r JOIN cases_case c ON c.id = r.case_id
           JOIN network_organization o ON o.id = r.to_organization_id""",
    ),
    (
        "cases held by a service of another municipality",
        """SELECT count(*) FILTER (WHERE o.municipality_id <> c.municipality_id), count(*)
           FROM cases_case c JOIN network_organization o ON o.id = c.organization_id""",
    ),
    (
        "persons who are parties in cases of more than one municipality",
        """SELECT count(*) FILTER (WHERE n > 1), count(*) FROM (
             SELECT p.person_id, count(DISTINCT c.municipality_id) AS n
             FROM cases_party p JOIN cases_case c ON c.id = p.case_id
             WHERE p.person_id IS NOT NULL GROUP BY p.person_id) t""",
    ),
    (
        "municipalities with cases (the demo's active adhesions)",
        "SELECT count(DISTINCT municipality_id), count(*) FROM cases_case",
    ),
]


def cross_municipality():
    """What a distribution by municipality would have to cross (docs/scaling.md, Citus)."""
    from django.db import connection

    print("\n6. across municipalities (whole database)")
    with connection.cursor() as cursor:
        for label, sql in CROSS:
            cursor.execute(sql)
            part, whole = cursor.fetchone()
            print(f"{label:<66}{part:>8} of {whole:>7} ({100 * part / max(whole, 1):.1f}%)")


def service_cases(n):
    sys.path.insert(0, str(ROOT))  # tests.*.factories: the real services, as the tests use them
    from tests.cases.factories import follow, open_case, refer

    for i in range(n):
        case = open_case(victim_name=f"Vítima Medida {i:05d}")
        refer(case)
        follow(case, "cras.passos")


def page_views(n):
    """``n`` views of a case page and ``n`` of the case list (first page) by a CRAS worker:
    each writes an audit event (case.viewed, case.list_viewed)."""
    from django.test import Client

    from serdh.accounts.models import User
    from serdh.cases.models import Case

    client = Client()
    client.force_login(User.objects.get(username="cras.passos"))
    cases = list(
        Case.objects.filter(organization__name="CRAS Centro — Passos")
        .order_by("-pk")
        .values_list("pk", flat=True)[:n]
    )
    for pk in cases:
        assert client.get(f"/sima/casos/{pk}/").status_code == 200
        assert client.get("/sima/casos/").status_code == 200
    return len(cases)


def api_cases(n):
    import json

    from serdh.network.models import Organization
    from tests.interop.factories import bearer, system_client, token

    cras = Organization.objects.get(name="CRAS Centro — Passos")
    client_obj, secret = system_client(cras, scopes=["cases:write"], rate_limit=10**6)
    api = bearer(token(client_obj, secret))
    from api_throughput import CASE  # the same registration the API bench sends

    body = json.dumps(CASE)
    for _ in range(n):
        response = api.post(
            "/api/v1/cases/",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
        )
        assert response.status_code == 201, response.content[:300]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--service-cases", type=int, default=500)
    parser.add_argument("--api-requests", type=int, default=500)
    parser.add_argument("--views", type=int, default=200)
    args = parser.parse_args()
    logging.disable(logging.INFO)  # the seed's page indexing tasks, one line each
    from _pg import drop_database, fresh_database, half_in_one_service, setup_django

    url = fresh_database("serdh_bench_sizing")
    try:
        setup_django(url)
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import setup_test_environment

        from serdh.cases.models import Case
        from serdh.demo import cases as demo_cases
        from serdh.demo import network

        setup_test_environment()
        call_command("migrate", verbosity=0)
        network.seed()
        base = snapshot()
        print_table(
            "1. migrations + demo network (fixed part)",
            {k: v for k, v in base.items() if v[0]},
            1,
            "db",
            top=10,
        )

        started = time.perf_counter()
        made = demo_cases.generate(
            args.cases, organizations=half_in_one_service(), batch_size=2000, seed=2026
        )
        print(f"\ngenerated {made} cases in {time.perf_counter() - started:.0f} s")
        generated = snapshot()
        print_table(
            f"2. per generated case ({made} cases, demo generator)",
            diff(generated, base),
            made,
            "case",
        )

        before = Case.objects.count()
        service_cases(args.service_cases)
        served = snapshot()
        added = Case.objects.count() - before
        print_table(
            f"3. per case through the services (registered, referred to the Conselho Tutelar, "
            f"followed up): {added} cases",
            diff(served, generated),
            added,
            "case",
        )
        before = Case.objects.count()
        api_cases(args.api_requests)
        added = Case.objects.count() - before
        print_table(
            f"4. per case registered through the API (POST /api/v1/cases/): {added} cases",
            diff(snapshot(), served),
            added,
            "case",
        )
        viewed = snapshot()
        views = page_views(args.views)
        print_table(
            f"5. per page view ({views} case pages + {views} case lists, web, a CRAS worker)",
            diff(snapshot(), viewed),
            2 * views,
            "view",
        )
        cross_municipality()
        connection.close()
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)
        print("\ndatabase dropped", file=sys.stderr)


if __name__ == "__main__":
    main()
