"""Put the test database back as the session left it after a transactional test.

A transactional test (``django_db(transaction=True)``, ``live_server``) commits for real, so
Django's ``TransactionTestCase`` empties every table afterwards (``flush``, then the
``post_migrate`` signal again) and the next such test had to seed the demo network (territory,
vocabularies, users, adhesions) and, for the portal tests, the demo portal again: several
seconds per test, most of them on PostgreSQL. Instead, the session takes a copy of the seeded
database once (``take``), and after each transactional test ``restore`` puts exactly that
content back: each test starts from the same seeded network and portal the first transactional
test of the session always saw, and ``demo_network.seed()`` finds it in place.

SQLite: the whole database file, with SQLite's backup API (pages, sequences, FTS5 tables).
PostgreSQL: a copy of every non-empty Django table in a schema of its own; the restore empties
the Django tables and copies the rows back in one transaction (foreign keys are deferred, as
Django declares them; sequences are left where they are, so new rows never reuse an id).

If the restore fails for any reason, Django's flush runs as before and the next test seeds.
"""

import sqlite3

from django.db import connection, transaction

SCHEMA = "serdh_test_snapshot"

_state = {"sqlite": None, "tables": None}


def _django_tables():
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor, include_views=False))
    return sorted(t for t in connection.introspection.django_table_names() if t in existing)


def _quote(name):
    return connection.ops.quote_name(name)


def take():
    """Copy the database as it is now (call once, after the session's seed)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _state["sqlite"] = copy
    elif connection.vendor == "postgresql":
        tables = _django_tables()
        copied = []
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table in tables:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_quote(table)})")
                if cursor.fetchone()[0]:
                    cursor.execute(
                        f"CREATE TABLE {SCHEMA}.{_quote(table)} AS SELECT * FROM {_quote(table)}"
                    )
                    copied.append(table)
        _state["tables"] = (tables, copied)


def ready():
    return _state["sqlite"] is not None or _state["tables"] is not None


def restore():
    """Put back the copy ``take`` made; False if there is none."""
    if _state["sqlite"] is not None:
        connection.close()  # the backup needs the file without an open transaction
        connection.ensure_connection()
        _state["sqlite"].backup(connection.connection)
        connection.close()
        return True
    if _state["tables"] is not None:
        tables, copied = _state["tables"]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in tables:
                cursor.execute(f"DELETE FROM {_quote(table)}")
            for table in copied:
                cursor.execute(
                    f"INSERT INTO {_quote(table)} SELECT * FROM {SCHEMA}.{_quote(table)}"
                )
        return True
    return False
