"""The managers' dashboard read from a real PostgreSQL streaming replica of the test server,
started here on loopback (tests/core/replica_support.py), and the fallback to the primary
when the replica lags more than SERDH_REPLICA_MAX_LAG_SECONDS."""

import os
import time
from datetime import timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from serdh.core import replica
from serdh.core.models import AuditEvent
from serdh.monitoring.models import Bulletin, CaseFact
from serdh.network.models import Organization
from tests.core import replica_support

pytestmark = pytest.mark.postgres
PASSOS, BH = 3147907, 3106200
FIRST_CASE = 9_700_000  # case ids of this test's facts


# .ci/run sets SERDH_CI_REPLICATION=1 once it has checked that the server accepts a
# replication connection from 127.0.0.1 and that the binaries and the postgres user exist:
# then this test must run (a skip would be a failure). Elsewhere it says why it skips.
REQUIRED = os.environ.get("SERDH_CI_REPLICATION") == "1"


def _require_postgres_and_binaries():
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL (DATABASE_URL=postgres://…)")
    missing = replica_support.missing_binaries()
    if missing:
        message = f"PostgreSQL binaries missing in {replica_support.PG_BIN}: {missing}"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)


def _facts(count, start):
    """``count`` committed case facts in Passos this month (dashboard period's last month)."""
    org = Organization.objects.filter(municipality_id=PASSOS).order_by("pk").first()
    now = timezone.now()
    month = timezone.localdate().replace(day=1)
    month = (month - timedelta(days=1)).replace(day=1)  # last month: inside the default period
    CaseFact.objects.bulk_create(
        CaseFact(
            case_id=start + n,
            state_code=org.municipality.state_id,
            municipality_id=PASSOS,
            organization_id=org.pk,
            registered_at=now,
            registered_month=month,
            status="open",
            violations=1,
        )
        for n in range(count)
    )


def _primary_lsn():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def _on(alias, sql):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _fact_queries(captured):
    return [q["sql"] for q in captured.captured_queries if "monitoring_casefact" in q["sql"]]


def _ours():
    # Facts are read by monitoring's aggregation code only (monitoring.policies), unrestricted.
    return CaseFact.objects.filter(case_id__gte=FIRST_CASE, municipality_id=PASSOS)


def test_the_dashboard_reads_a_streaming_replica_and_the_primary_when_it_lags(
    transactional_db, persona, client_for, settings
):
    _require_postgres_and_binaries()
    timings = {}
    standby = replica_support.StreamingReplica(connection.settings_dict)
    try:
        began = time.monotonic()
        with connection.cursor() as cursor:
            try:
                standby.start(cursor)
            except RuntimeError as exc:
                if "pg_hba.conf" in str(exc) and not REQUIRED:
                    pytest.skip(f"the primary refuses replication from 127.0.0.1: {exc}")
                raise
        timings["replica started"] = time.monotonic() - began
        replica_support.add_alias(**standby.settings())
        settings.SERDH_REPLICA_MAX_LAG_SECONDS = 1
        settings.SERDH_REPLICA_CHECK_SECONDS = 600  # each phase below measures again
        manager = persona("gestor.passos")
        client = client_for("gestor.passos")
        with connections[replica.REPLICA].cursor() as on_replica:
            assert _on(replica.REPLICA, "SELECT pg_is_in_recovery()") is True

            # Written on the primary, replayed on the replica, read there.
            _facts(12, FIRST_CASE)
            for municipality in (PASSOS, BH):
                Bulletin.objects.create(
                    state_code=31,
                    municipality_id=municipality,
                    month=timezone.localdate().replace(day=1),
                    requested_by=manager,
                )
            standby.wait_for(_primary_lsn(), on_replica)
            replica.forget()
            assert replica.lag() is not None and replica.lag() <= 1
            with replica.reading_from_replica():
                ours = _ours()
                assert ours.db == replica.REPLICA and ours.count() == 12
                # The access policy is unchanged: the same restricted queryset, another server.
                seen = Bulletin.objects.restrict(manager)
                assert seen.db == replica.REPLICA
                on_standby = sorted(seen.values_list("municipality_id", flat=True))
            on_primary = sorted(seen.values_list("municipality_id", flat=True))
            assert on_standby == on_primary == [PASSOS]
            with (
                CaptureQueriesContext(connections[replica.REPLICA]) as read_there,
                CaptureQueriesContext(connection) as read_here,
            ):
                page = client.get("/sima/monitoramento/")
            assert page.status_code == 200 and "Passos" in page.context["where"]
            assert _fact_queries(read_there) and not _fact_queries(read_here)
            # The access policy is the same on either server: the territory's filter is in
            # the SQL the replica ran.
            assert any(str(PASSOS) in sql for sql in _fact_queries(read_there))
            # The export is audited: a write, on the primary (the standby is read-only).
            audited = AuditEvent.objects.filter(action="monitoring.exported").count()
            export = client.get("/sima/monitoramento/exportar.csv", {"indicador": "casos"})
            assert export.status_code == 200
            assert AuditEvent.objects.filter(action="monitoring.exported").count() == audited + 1

            # Replay paused: what the primary writes now does not reach the replica.
            on_replica.execute("SELECT pg_wal_replay_pause()")
            _facts(7, FIRST_CASE + 100)
            deadline = time.monotonic() + 30
            while True:
                replica.forget()
                measured = replica.lag()
                if measured is not None and measured > 1:
                    break
                assert time.monotonic() < deadline, f"the replica never lagged ({measured})"
                time.sleep(0.2)
            on_replica.execute(
                "SELECT count(*) FROM monitoring_casefact WHERE case_id >= %s", [FIRST_CASE]
            )
            assert on_replica.fetchone()[0] == 12  # the replica has not seen the new ones
            with replica.reading_from_replica():
                ours = _ours()
                assert ours.db == DEFAULT_DB_ALIAS and ours.count() == 19
            with (
                CaptureQueriesContext(connections[replica.REPLICA]) as read_there,
                CaptureQueriesContext(connection) as read_here,
            ):
                assert client.get("/sima/monitoramento/").status_code == 200
            assert not _fact_queries(read_there) and _fact_queries(read_here)

            # Replay resumed: the replica catches up and is read again.
            on_replica.execute("SELECT pg_wal_replay_resume()")
            standby.wait_for(_primary_lsn(), on_replica)
            replica.forget()
            with replica.reading_from_replica():
                ours = _ours()
                assert ours.db == replica.REPLICA and ours.count() == 19
    except BaseException:
        print(standby.log_text())
        raise
    finally:
        replica_support.remove_alias()
        standby.stop()
        print(f"timings: {timings}")
    assert not standby.folder.exists()
