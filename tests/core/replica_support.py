"""For the replica tests: a ``replica`` database alias added while a test runs, and a real
PostgreSQL streaming replica of the test server started on loopback (``pg_basebackup -R``
from the machine's PostgreSQL binaries, its own port and data folder, stopped and removed
at the end).

The primary must accept a replication connection from 127.0.0.1 (pg_hba.conf: ``host
replication postgres 127.0.0.1/32 trust``, then ``SELECT pg_reload_conf()``). No replication
slot is created, so a test that dies leaves nothing behind on the shared server."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

from serdh.core import replica

PG_BIN = Path(os.environ.get("SERDH_PG_BIN", "/usr/lib/postgresql/15/bin"))
BINARIES = ("initdb", "pg_basebackup", "pg_ctl", "postgres")
SAME_AS_PRIMARY = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def add_alias(**changes):
    """Add the ``replica`` alias: the test database's settings with ``changes``. Django's test
    case forbids connecting to an alias it was not set up with; this one connects for real."""
    settings_dict = {
        **connections.settings[DEFAULT_DB_ALIAS],
        "TEST": {"MIRROR": DEFAULT_DB_ALIAS},
        **changes,
    }
    connections.settings[replica.REPLICA] = settings_dict
    wrapper = connections[replica.REPLICA]

    def ensure_connection():
        if wrapper.connection is None:
            with wrapper.wrap_database_errors:
                wrapper.connect()

    wrapper.ensure_connection = ensure_connection
    replica.forget()
    return wrapper


def remove_alias():
    if replica.REPLICA in connections.settings:
        connections[replica.REPLICA].close()
        del connections[replica.REPLICA]
        del connections.settings[replica.REPLICA]
    replica.forget()


def missing_binaries():
    return [name for name in BINARIES if not (PG_BIN / name).exists()]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamingReplica:
    """A hot standby of the primary described by ``primary`` (a Django settings dict)."""

    def __init__(self, primary):
        self.primary = primary
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="serdh-replica-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.started = False
        # PostgreSQL refuses to run as root: as root, run it as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres", "postgres")
        self.folder.chmod(0o700)

    def _run(self, *args, timeout=300):
        result = subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stderr or result.stdout}")
        return result

    def start(self, primary_cursor):
        """Copy the primary with pg_basebackup (-R writes standby.signal and primary_conninfo)
        and start the standby; returns once it accepts connections. A hot standby needs at
        least the primary's values of a few settings: they are read with ``primary_cursor``."""
        same = []
        for name in SAME_AS_PRIMARY:
            primary_cursor.execute(f"SHOW {name}")
            same.append(f"{name} = {primary_cursor.fetchone()[0]}")
        host = self.primary.get("HOST") or "127.0.0.1"
        port = str(self.primary.get("PORT") or 5432)
        user = self.primary.get("USER") or "postgres"
        self._run(
            str(PG_BIN / "pg_basebackup"),
            f"--pgdata={self.data}",
            f"--host={host}",
            f"--port={port}",
            f"--username={user}",
            "--wal-method=stream",
            "--checkpoint=fast",
            "--write-recovery-conf",
            "--no-sync",
        )
        # A Debian cluster keeps its configuration in /etc: give the copy its own.
        (self.data / "postgresql.conf").write_text(
            "\n".join(
                [
                    "listen_addresses = '127.0.0.1'",
                    f"port = {self.port}",
                    f"unix_socket_directories = '{self.folder}'",
                    "hot_standby = on",
                    "shared_buffers = 16MB",
                    "fsync = off",
                    "max_standby_streaming_delay = 5s",
                    "hot_standby_feedback = off",
                    "logging_collector = off",
                    *same,
                    "",
                ]
            )
        )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        (self.data / "pg_ident.conf").write_text("")
        for path in (self.data / "postgresql.conf", self.data / "pg_hba.conf"):
            if self.as_user:
                shutil.chown(path, "postgres", "postgres")
        (self.data / "pg_ident.conf").chmod(0o600)
        if self.as_user:
            shutil.chown(self.data / "pg_ident.conf", "postgres", "postgres")
        self.started = True
        self._run(
            str(PG_BIN / "pg_ctl"),
            f"--pgdata={self.data}",
            f"--log={self.log}",
            "--wait",
            "--timeout=120",
            "start",
        )
        return self

    def settings(self):
        """The changes to the test database's settings that point at the standby."""
        return {"HOST": "127.0.0.1", "PORT": str(self.port)}

    def wait_for(self, lsn, cursor, timeout=60):
        """Wait until the standby has replayed the primary's WAL up to ``lsn``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
        raise TimeoutError(f"the replica did not replay up to {lsn} in {timeout} s")

    def log_text(self):
        try:
            return self.log.read_text()[-3000:]
        except OSError:
            return ""

    def stop(self):
        """Stop the standby (immediately: it is thrown away) and remove its folder."""
        try:
            if self.started and (self.data / "postmaster.pid").exists():
                subprocess.run(
                    [
                        *self.as_user,
                        str(PG_BIN / "pg_ctl"),
                        f"--pgdata={self.data}",
                        "--mode=immediate",
                        "--wait",
                        "stop",
                    ],
                    capture_output=True,
                    timeout=60,
                )
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
