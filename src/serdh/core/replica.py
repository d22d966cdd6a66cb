"""Reads that may come from a PostgreSQL streaming replica (docs/operations.md, "Read replica").

``DATABASE_REPLICA_URL`` adds the ``replica`` database alias. Code that only reads a lot
(the managers' dashboard and its downloads, bulletins, open data) runs its reads under
``reading_from_replica()``, a context manager that is also a decorator. ``ReplicaRouter``
(settings ``DATABASE_ROUTERS``) then sends a read to the replica only when all of these hold:

- a ``replica`` alias is configured;
- the read is inside a ``reading_from_replica()`` scope;
- the primary's connection is not inside a ``transaction.atomic`` block (what the block wrote
  is not on the replica yet, and its reads must see it);
- nothing was written in the scope so far (read-your-writes: a scope that wrote reads the
  primary from then on);
- the replica is fresh: it has replayed everything the primary wrote, or its last replayed
  transaction is at most ``SERDH_REPLICA_MAX_LAG_SECONDS`` old. The check is cached for
  ``SERDH_REPLICA_CHECK_SECONDS``; a replica that cannot be reached counts as lagging.

Otherwise the read goes to the primary, and every write always does. The querysets do not
change: the access policy (``.restrict(user)``) builds the same SQL whichever server runs it.
"""

import contextvars
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

log = logging.getLogger(__name__)

REPLICA = "replica"


@dataclass
class _Scope:
    wrote: bool = False


_scope = contextvars.ContextVar("serdh_replica_scope", default=None)
# (time.monotonic() of the check, whether the replica was fresh, its lag in seconds or None)
_last_check = {"at": None, "fresh": False, "lag": None}
_measuring = threading.Lock()


def configured():
    """Whether a replica alias is configured (``DATABASE_REPLICA_URL``)."""
    return REPLICA in connections.settings


def max_lag():
    return float(getattr(settings, "SERDH_REPLICA_MAX_LAG_SECONDS", 30))


def check_interval():
    return float(getattr(settings, "SERDH_REPLICA_CHECK_SECONDS", 5))


@contextmanager
def reading_from_replica():
    """Let the reads of this block (or decorated function) come from the replica. Nested
    scopes share the outer one, so a write anywhere in it keeps later reads on the primary."""
    if _scope.get() is not None:
        yield
        return
    token = _scope.set(_Scope())
    try:
        yield
    finally:
        _scope.reset(token)


def lag():
    """The replica's lag in seconds (0.0 when it has replayed all the primary wrote), or None
    when it cannot be measured (no replica, unreachable, not a standby)."""
    if not configured():
        return None
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_lsn = cursor.fetchone()[0]
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), "
                "pg_last_wal_replay_lsn() >= %s::pg_lsn, "
                "extract(epoch FROM now() - pg_last_xact_replay_timestamp())",
                [primary_lsn],
            )
            in_recovery, caught_up, seconds = cursor.fetchone()
    except DatabaseError as exc:
        log.warning("replica: cannot measure the lag (%s); reading from the primary", exc)
        return None
    if not in_recovery:
        log.warning("replica: the %r alias is not a standby; reading from the primary", REPLICA)
        return None
    if caught_up:
        return 0.0
    # Behind the primary: how old the newest transaction it has replayed is (None before the
    # first one is replayed).
    return None if seconds is None else max(0.0, float(seconds))


def fresh():
    """Whether reads may go to the replica now (cached for ``SERDH_REPLICA_CHECK_SECONDS``)."""
    now = time.monotonic()
    at = _last_check["at"]
    if at is not None and now - at < check_interval():
        return _last_check["fresh"]
    # One measurement at a time: the others read the primary meanwhile (a replica that hangs
    # must not hold every thread; its connection also times out, settings.py).
    with _measuring:
        if _last_check["at"] is not None and _last_check["at"] != at:
            return _last_check["fresh"]
        _last_check.update(at=now, fresh=False)
    measured = lag()
    is_fresh = measured is not None and measured <= max_lag()
    _last_check.update(at=now, fresh=is_fresh, lag=measured)
    return is_fresh


def forget():
    """Measure the lag again at the next read (tests; after changing the replica)."""
    _last_check.update(at=None, fresh=False, lag=None)


def alias_for_read():
    """The alias a read made now goes to."""
    scope = _scope.get()
    if scope is None or scope.wrote or not configured():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA if fresh() else DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Reads in a ``reading_from_replica()`` scope may go to the replica; writes never do."""

    def db_for_read(self, model, **hints):
        return alias_for_read()

    def db_for_write(self, model, **hints):
        scope = _scope.get()
        if scope is not None:
            scope.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read from one may point to an
        # object read from the other.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A standby is read-only: it follows the primary's migrations by replaying them.
        return False if db == REPLICA else None
