"""Shared fixtures. The demo network (see serdh.demo.network) is loaded once per test session
into the test database; every test runs in a transaction rolled back at its end. A
transactional test (``transaction=True``, ``live_server``) commits for real: after it, the
database is put back as the session seeded it (tests/db_snapshot.py) instead of being emptied
and seeded again.

Personas are the demo users: ``persona("cras.passos")`` returns the user, and
``client_for("ct.bh")`` a Django test client logged in as them.
"""

import os
import warnings

import pytest
from django.test import Client

from serdh.accounts.models import User
from serdh.demo import network as demo_network
from serdh.demo import portal as demo_portal
from tests import db_snapshot


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        demo_network.seed()
        demo_portal.load()
        db_snapshot.take()
    flush = TransactionTestCase._fixture_teardown

    def restore_instead_of_flush(self):
        if (
            db_snapshot.ready()
            and self.available_apps is None
            and not self.serialized_rollback
            and set(self._databases_names(include_mirrors=False)) == {"default"}
        ):
            try:
                if db_snapshot.restore():
                    return
            except Exception as exc:  # the flush below empties the database, as before
                warnings.warn(f"restoring the seeded database failed ({exc!r}); flushing it")
        flush(self)

    TransactionTestCase._fixture_teardown = restore_instead_of_flush
    yield
    TransactionTestCase._fixture_teardown = flush


@pytest.fixture
def persona(db):
    def get(username):
        return User.objects.get(username=username)

    return get


@pytest.fixture
def client_for(db):
    def make(username):
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return make


@pytest.fixture
def on_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


def serdh_env(env):
    """A clean SER-DH environment plus ``env`` (a None value removes the variable)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SERDH_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    clean.update(env)
    return {k: v for k, v in clean.items() if v is not None}


def serdh_command(*args, env, timeout=300):
    """Run the `serdh` command in a subprocess and wait for it (see ``serdh_env``)."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "serdh.cli", *args],
        env=serdh_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def serdh_process(*args, env):
    """Start the `serdh` command in a subprocess and return it running (a ``Popen``)."""
    import subprocess
    import sys

    return subprocess.Popen(
        [sys.executable, "-m", "serdh.cli", *args],
        env=serdh_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def shared_database_url():
    """The URL of the database the tests run on, for a subprocess to share it."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    port = settings.get("PORT") or 5432
    user = settings.get("USER") or "postgres"
    host = settings.get("HOST") or "127.0.0.1"
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def pytest_report_header(config):
    return f"database: {os.environ.get('DATABASE_URL') or 'sqlite (embedded)'}"


from tests.browser import browser, page, site  # noqa: E402,F401  (fixtures for browser tests)
