"""The replica router (serdh.core.replica) without a replica server: where reads and writes go.
The real streaming replica is in test_replica_streaming.py."""

import json
import subprocess
import sys

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction

from serdh.core import replica
from serdh.monitoring.models import Population
from serdh.network.models import Municipality
from tests.conftest import serdh_env
from tests.core import replica_support


@pytest.fixture
def replica_alias(monkeypatch):
    """A ``replica`` alias (the test database again, on a connection of its own), fresh
    unless a test says otherwise. A test that uses the database asks for ``db`` (or
    ``transactional_db``) before this fixture, so that the test case is set up without it."""
    replica_support.add_alias()
    monkeypatch.setattr(replica, "fresh", lambda: True)
    yield replica.REPLICA
    replica_support.remove_alias()


def test_the_router_is_installed_and_without_a_replica_everything_reads_the_primary():
    assert replica.ReplicaRouter in [type(r) for r in router.routers]
    assert not replica.configured()
    with replica.reading_from_replica():
        assert Municipality.objects.all().db == DEFAULT_DB_ALIAS
        assert replica.alias_for_read() == DEFAULT_DB_ALIAS
    assert router.db_for_write(Municipality) == DEFAULT_DB_ALIAS


def test_reads_go_to_the_replica_only_in_a_scope(replica_alias):
    assert Municipality.objects.all().db == DEFAULT_DB_ALIAS
    with replica.reading_from_replica():
        assert Municipality.objects.all().db == replica_alias
        with replica.reading_from_replica():  # nested: the same scope
            assert Municipality.objects.all().db == replica_alias
    assert Municipality.objects.all().db == DEFAULT_DB_ALIAS


def test_the_scope_is_also_a_decorator(replica_alias):
    @replica.reading_from_replica()
    def read():
        return Municipality.objects.all().db

    assert read() == replica_alias
    assert Municipality.objects.all().db == DEFAULT_DB_ALIAS


def test_writes_never_go_to_the_replica_and_a_scope_that_wrote_reads_the_primary(
    replica_alias,
):
    with replica.reading_from_replica():
        assert router.db_for_write(Municipality) == DEFAULT_DB_ALIAS
        assert Population.objects.all().db == DEFAULT_DB_ALIAS  # read-your-writes
    with replica.reading_from_replica():
        assert Population.objects.all().db == replica_alias
        router.db_for_write(Population)  # what every save, update and delete asks
        assert Population.objects.all().db == DEFAULT_DB_ALIAS
        assert Population.objects.select_for_update().db == DEFAULT_DB_ALIAS


def test_a_lagging_replica_is_not_read(replica_alias, monkeypatch):
    monkeypatch.setattr(replica, "fresh", lambda: False)
    with replica.reading_from_replica():
        assert Municipality.objects.all().db == DEFAULT_DB_ALIAS


def test_reads_inside_an_atomic_block_stay_on_the_primary(db, replica_alias):
    # Every pytest-django test runs inside an atomic block of the primary.
    assert connections[DEFAULT_DB_ALIAS].in_atomic_block
    with replica.reading_from_replica():
        assert Municipality.objects.all().db == DEFAULT_DB_ALIAS
        assert Municipality.objects.filter(code=3147907).exists()


def test_outside_a_transaction_the_scope_reads_the_replica_and_writes_the_primary(
    transactional_db, replica_alias
):
    with replica.reading_from_replica():
        passos = Municipality.objects.get(code=3147907)
        assert passos._state.db == replica_alias  # a real read on the replica's connection
        with transaction.atomic():
            assert Municipality.objects.all().db == DEFAULT_DB_ALIAS
            made = Population.objects.create(municipality=passos, year=1999, population=7)
        assert made._state.db == DEFAULT_DB_ALIAS
        assert Population.objects.all().db == DEFAULT_DB_ALIAS  # it wrote
    with replica.reading_from_replica():
        assert Population.objects.filter(year=1999).update(population=8) == 1
        assert Population.objects.get(year=1999).population == 8  # read from the primary


def test_a_replica_that_cannot_be_measured_counts_as_lagging(db, replica_alias, monkeypatch):
    monkeypatch.undo()  # the real freshness check
    broken = {"PORT": "1", "HOST": "127.0.0.1"}
    if connections[DEFAULT_DB_ALIAS].vendor == "sqlite":
        broken["NAME"] = "/nonexistent/replica.sqlite3"
    replica_support.remove_alias()
    replica_support.add_alias(**broken)
    warned = []
    monkeypatch.setattr(replica.log, "warning", lambda *args: warned.append(args[0] % args[1:]))
    assert replica.lag() is None
    assert replica.fresh() is False
    assert "reading from the primary" in warned[0]


def test_database_replica_url_adds_the_alias(tmp_path):
    code = (
        "import json; from django.conf import settings; "
        "r = settings.DATABASES['replica']; "
        "print(json.dumps([r['HOST'], r['PORT'], r['NAME'], r['TEST'], "
        "settings.SERDH_REPLICA_MAX_LAG_SECONDS, settings.DATABASE_ROUTERS]))"
    )
    env = serdh_env(
        {
            "DJANGO_SETTINGS_MODULE": "serdh.settings",
            "SERDH_ENV": "test",
            "SERDH_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://serdh@127.0.0.1:5432/serdh",
            "DATABASE_REPLICA_URL": "postgres://serdh@10.0.0.2:5433/serdh",
            "SERDH_REPLICA_MAX_LAG_SECONDS": "12",
        }
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    host, port, name, test, max_lag, routers = json.loads(out.stdout)
    assert (host, port, name) == ("10.0.0.2", 5433, "serdh")
    assert test == {"MIRROR": "default"} and max_lag == 12.0
    assert routers == ["serdh.core.replica.ReplicaRouter"]
