"""scripts/restore-drill (docs/operations.md, "Restore runbook"): database, media and keys
backed up together, restored into another folder and another database, and the restored audit
chain verified by `serdh audit verify`; a backup without its keys, or restored with the wrong
keys, fails loudly. The installation drilled is the test database itself (SQLite's online
backup, or pg_dump/pg_restore on the PostgreSQL pass) with the test keys in a key file: the
demo the script prepares by default is the same `serdh demo` tests/test_demo_command.py runs."""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from serdh.core import keys
from serdh.core.models import AuditEvent
from tests.conftest import serdh_env, shared_database_url

DRILL = Path(__file__).resolve().parents[2] / "scripts" / "restore-drill"


def _b64(data):
    return base64.b64encode(data).decode()


@pytest.fixture
def installation(db, tmp_path):
    """The test database as an installation: its key file (the test keys) and some media."""
    data_dir = tmp_path / "installation"
    (data_dir / "media" / "attachments").mkdir(parents=True)
    (data_dir / "media" / "attachments" / "a1.bin").write_bytes(os.urandom(2048))
    (data_dir / "media" / "documents").mkdir()
    (data_dir / "media" / "documents" / "guia.pdf").write_bytes(b"%PDF-1.4 guia")
    ring = keys._test_keyring()
    keys.write_key_file(
        data_dir / "keys.json",
        {
            "field_keys": {k: _b64(v) for k, v in ring.field_keys.items()},
            "current_field_key": ring.current_field_key_id,
            "blind_index_key": _b64(ring.blind_index_key),
            "audit_key": _b64(ring.audit_key),
        },
    )
    return data_dir


def restore_url(on_postgres):
    """A scratch database beside the test database (dropped by the drill)."""
    if not on_postgres:
        return None
    url = shared_database_url()
    return url.rsplit("/", 1)[0] + "/" + url.rsplit("/", 1)[1] + "_drill"


def drill(*args, data_dir, **env):
    environment = serdh_env(
        {
            "SERDH_DATA_DIR": str(data_dir),
            "DATABASE_URL": shared_database_url(),
            "SERDH_VENV": sys.prefix,
            **env,
        }
    )
    return subprocess.run(
        [str(DRILL), *args], env=environment, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def needs_pg_tools(on_postgres):
    if on_postgres and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore not installed (postgresql-client)")


def test_the_drill_restores_database_media_and_keys_and_the_chain_verifies(
    installation, tmp_path, on_postgres, needs_pg_tools
):
    events = AuditEvent.objects.count()
    assert events > 0
    # On PostgreSQL the drill restores into its own scratch database, serdh_drill.
    args = ["--installation", "--work", str(tmp_path / "drill")]
    result = drill(*args, data_dir=installation)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Backup em" in out and "2 arquivos de mídia" in out
    verified = re.search(r"concluído: (\d+) eventos verificados em ([\d.]+) s", out)
    assert verified, out
    assert int(verified.group(1)) == events
    restored = tmp_path / "drill" / "restaurada"
    assert (restored / "media" / "attachments" / "a1.bin").read_bytes() == (
        installation / "media" / "attachments" / "a1.bin"
    ).read_bytes()
    assert (restored / "keys.json").stat().st_mode & 0o077 == 0
    assert (tmp_path / "drill" / "backup" / "keys.json").stat().st_mode & 0o077 == 0
    if on_postgres:  # the scratch database is gone
        assert not database_exists("serdh_drill")
    else:
        assert (restored / "serdh.sqlite3").exists()


def database_exists(name):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def test_a_database_the_operator_names_is_never_dropped(
    installation, tmp_path, on_postgres, needs_pg_tools
):
    """The attack on the operator's data (review finding): a drill pointed at a database that
    already has tables (say, the copy restored during an incident) refuses it and keeps it."""
    if not on_postgres:
        pytest.skip("only PostgreSQL restores into a named database")
    import psycopg

    url = restore_url(on_postgres)
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE precious (n int)")
            conn.execute("INSERT INTO precious VALUES (42)")
        result = drill(
            "--installation",
            "--work",
            str(tmp_path / "drill"),
            "--restore-database-url",
            url,
            data_dir=installation,
        )
        assert result.returncode == 1 and "já existe e tem tabelas" in result.stderr
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT n FROM precious").fetchone() == (42,)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_password_never_reaches_a_command_line():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "restore_drill", DRILL.with_name("restore_drill.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    url, env = module.without_password("postgresql://serdh:s%40gr3do@db.local:5433/serdh")
    assert url == "postgresql://serdh@db.local:5433/serdh" and env["PGPASSWORD"] == "s@gr3do"
    assert module.without_password("postgres://postgres@127.0.0.1/test")[0] == (
        "postgres://postgres@127.0.0.1/test"
    )


def test_a_backup_without_its_keys_or_with_other_keys_fails_loudly(
    installation, tmp_path, on_postgres, needs_pg_tools
):
    backup = tmp_path / "backup"
    made = drill("backup", "--to", str(backup), data_dir=installation)
    assert made.returncode == 0, made.stdout + made.stderr
    manifest = json.loads((backup / "MANIFEST.json").read_text())
    assert set(manifest["files"]) == {
        "database.dump" if on_postgres else "database.sqlite3",
        "media.tar.gz",
        "keys.json",
    }
    target_db = ["--database-url", restore_url(on_postgres)] if on_postgres else []

    # The key file lost: refused before anything is restored, naming what is missing.
    keyless = tmp_path / "keyless"
    shutil.copytree(backup, keyless)
    (keyless / "keys.json").unlink()
    result = drill(
        "restore", str(keyless), "--into", str(tmp_path / "r1"), *target_db, data_dir=installation
    )
    assert result.returncode == 1
    assert result.stderr.startswith("ERRO:") and "keys.json ausente" in result.stderr
    assert "chaves" in result.stderr
    assert not (tmp_path / "r1").exists()

    # A changed database file: the manifest's sums refuse it.
    changed = tmp_path / "changed"
    shutil.copytree(backup, changed)
    database_file = next(iter(manifest["files"]))
    with open(changed / database_file, "r+b") as fh:
        fh.seek(200)
        fh.write(b"\x00\x01\x02")
    result = drill(
        "restore", str(changed), "--into", str(tmp_path / "r2"), *target_db, data_dir=installation
    )
    assert result.returncode == 1 and "SHA-256" in result.stderr

    # Keys from another installation (the wrong offline copy): the chain does not verify.
    other = tmp_path / "other-keys.json"
    keys.write_key_file(other, keys.new_key_file_data())
    result = drill(
        "restore",
        str(backup),
        "--into",
        str(tmp_path / "r3"),
        "--key-file",
        str(other),
        *target_db,
        data_dir=installation,
    )
    try:
        assert result.returncode == 1, result.stdout + result.stderr
        assert "ERRO: a cadeia de auditoria da cópia restaurada não confere" in result.stderr
        assert "conteúdo alterado" in result.stderr
    finally:
        if on_postgres:
            sys.path.insert(0, str(DRILL.parent))
            try:
                import restore_drill

                restore_drill.drop_database(restore_url(on_postgres))
            finally:
                sys.path.remove(str(DRILL.parent))
