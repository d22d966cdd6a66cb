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
PostgreSQL: a copy of every non-empty Django table in a schema of its own. The restore finds
the tables a test changed (a row count that differs, or a row written after the copy, by its
``xmin``), empties them and copies their rows back, in one transaction (foreign keys are
deferred, as Django declares them; sequences are left where they are, so new rows never reuse
an id).

If the restore fails for any reason, Django's flush runs as before and the next test seeds.
"""

import sqlite3

from django.db import connection, transaction

SCHEMA = "serdh_test_snapshot"

_state = {"sqlite": None, "tables": None, "xid": None}


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
        counts = {}
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SCHEMA}")
            for table in tables:
                cursor.execute(f"SELECT count(*) FROM {_quote(table)}")
                counts[table] = cursor.fetchone()[0]
                if counts[table]:
                    cursor.execute(
                        f"CREATE TABLE {SCHEMA}.{_quote(table)} AS SELECT * FROM {_quote(table)}"
                    )
                    copied.append(table)
            # The tables hold the copy's rows, all written before this transaction.
            _state["xid"] = _current_xid(cursor)
        # One query tells which tables changed since: another row count, or a row whose xmin
        # is younger than that transaction (age() copes with wraparound and frozen rows).
        changed = " UNION ALL ".join(
            f"SELECT {i} FROM {_quote(table)} HAVING count(*) <> {counts[table]}"
            " OR min(age(xmin)) < age(%(xid)s::xid)"
            for i, table in enumerate(tables)
        )
        _state["tables"] = (tables, copied, changed)


def _current_xid(cursor):
    cursor.execute("SELECT pg_current_xact_id()::text")
    return str(int(cursor.fetchone()[0]) % 2**32)


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
        tables, copied, changed = _state["tables"]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(changed, {"xid": _state["xid"]})
            dirty = [tables[i] for (i,) in cursor.fetchall()]
            # After this transaction the tables hold the copy's rows again.
            xid = _current_xid(cursor)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in dirty:
                cursor.execute(f"DELETE FROM {_quote(table)}")
            for table in dirty:
                if table in copied:
                    cursor.execute(
                        f"INSERT INTO {_quote(table)} SELECT * FROM {SCHEMA}.{_quote(table)}"
                    )
        _state["xid"] = xid
        return True
    return False
