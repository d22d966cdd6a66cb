"""API throughput on PostgreSQL: case registration and inbox listing through the REST API with
concurrent system clients, against the same registrations done in-process through the
services and the ORM, in the same run.

Creates a fresh database ``serdh_bench_api`` (BENCH_API_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/serdh_bench_api), migrates it, loads the demo network,
registers two system clients (CRAS Centro — Passos registers, the Conselho Tutelar lists its
inbox) and starts ``serdh serve`` (waitress, 8 threads) on a free port. Then, for each
concurrency level:

- POST /api/v1/cases/ (register, with an Idempotency-Key) by N client threads;
- GET /api/v1/referrals/ (the inbox, first page) by N client threads;
- the same registrations through ``registration.open_case`` in N threads of this process
  (no HTTP, no DRF, no token or message log; audit, outbox and access checks still run).

Prints requests per second and p50/p95 latency for each, and the API/ORM ratio.

    .venv/bin/python bench/api_throughput.py [--requests 200] [--concurrency 1,4,8]
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from base64 import b64encode
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = {
    "intake_channel": "spontaneous",
    "reported_on": "2026-03-10",
    "occurred_on": "2026-03-02",
    "urgency": "high",
    "narrative": "Relato de carga (benchmark).",
    "victim": {"full_name": "Vítima Carga Teste", "age_years": 12, "sex": "F"},
    "violation": {"type": "physical", "recurrence": "first"},
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(len(ordered) * fraction) - 1))]


def run_concurrently(total, concurrency, work):
    """Run ``work(i)`` ``total`` times over ``concurrency`` threads; (seconds, latencies ms)."""
    latencies, errors, lock = [], [], threading.Lock()
    counter = iter(range(total))

    def loop():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            try:
                work(i)
            except Exception as exc:  # reported below: a benchmark must not hide failures
                with lock:
                    errors.append(repr(exc))
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=loop) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"{len(errors)} failures, first: {errors[0]}")
    return time.perf_counter() - started, latencies


def http(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
        return response.status, response.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", default="1,4,8")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    from _pg import fresh_database, setup_django

    url = fresh_database("serdh_bench_api", env="BENCH_API_DATABASE_URL")
    env = {**os.environ, "DATABASE_URL": url, "SERDH_ENV": "test"}
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from serdh.cases import registration
    from serdh.demo import network
    from tests.cases.factories import acting, open_case, refer, term
    from tests.interop.factories import system_client

    call_command("migrate", verbosity=0)
    network.seed()
    from serdh.network.models import Organization

    cras = Organization.objects.get(name="CRAS Centro — Passos")
    ct = Organization.objects.get(name="Conselho Tutelar de Passos")
    # Registered by the admin and approved by a coordinator of each service (the two-person
    # rule for case scopes), as in production.
    writer, writer_secret = system_client(cras, scopes=["cases:write"], rate_limit=10**6)
    reader, reader_secret = system_client(ct, scopes=["referrals:read"], rate_limit=10**6)
    for _ in range(60):  # an inbox with a first page to list
        refer(open_case(victim_name="Vítima Caixa Teste"))
    connection.close()

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "serdh.cli", "serve", "--port", str(port), "--threads", "8"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                http("GET", base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)

        def token(client, secret):
            basic = b64encode(f"{client.client_id}:{secret}".encode()).decode()
            _status, body = http(
                "POST",
                base + "/oauth/token/",
                b"grant_type=client_credentials",
                {
                    "Authorization": f"Basic {basic}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            return json.loads(body)["access_token"]

        write_headers = {
            "Authorization": f"Bearer {token(writer, writer_secret)}",
            "Content-Type": "application/json",
        }
        read_headers = {"Authorization": f"Bearer {token(reader, reader_secret)}"}

        def api_register(_i):
            headers = {**write_headers, "Idempotency-Key": uuid.uuid4().hex}
            status, _ = http("POST", base + "/api/v1/cases/", CASE, headers)
            assert status == 201, status

        def api_inbox(_i):
            status, _ = http("GET", base + "/api/v1/referrals/", None, read_headers)
            assert status == 200, status

        physical = term("violation_type", parent=False, code="physical")
        channel = term("intake_channel", code="spontaneous")

        def orm_register(_i):
            from datetime import date

            user = acting("cras.passos")
            registration.open_case(
                user,
                {
                    "intake_channel": channel,
                    "reported_on": date(2026, 3, 10),
                    "reported_precision": "day",
                    "occurred_on": date(2026, 3, 2),
                    "occurred_precision": "day",
                    "urgency": "high",
                    "narrative": CASE["narrative"],
                },
                victim={"full_name": "Vítima Carga Teste", "age_years": 12, "sex": "F"},
                violation={"type": physical, "recurrence": "first"},
                register=True,
            )

        # Warm-up (connections, caches) outside the timings.
        run_concurrently(10, 2, api_register)
        run_concurrently(10, 2, api_inbox)
        run_concurrently(10, 2, orm_register)

        print(f"PostgreSQL {connection.pg_version // 10000}, {args.requests} requests per row")
        print(f"{'operation':<34}{'clients':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
        rows = {}
        for level in levels:
            for label, work in (
                ("API  POST /cases/ (register)", api_register),
                ("ORM  registration.open_case", orm_register),
                ("API  GET /referrals/ (inbox)", api_inbox),
            ):
                seconds, latencies = run_concurrently(args.requests, level, work)
                rate = len(latencies) / seconds
                rows[(label, level)] = rate
                print(
                    f"{label:<34}{level:>8}{rate:>9.1f}"
                    f"{statistics.median(latencies):>9.1f}{percentile(latencies, 0.95):>9.1f}"
                )
        print()
        for level in levels:
            api = rows[("API  POST /cases/ (register)", level)]
            orm = rows[("ORM  registration.open_case", level)]
            print(f"registration, {level} clients: API/ORM throughput ratio {api / orm:.2f}")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
