"""The restore drill behind ``scripts/restore-drill`` (docs/operations.md, "Restore runbook").

Backs up an installation (database, media and keys together), restores the backup into
another folder and another database, and runs ``serdh audit verify`` on the restored copy.
A backup that cannot be restored whole (a file missing or changed, keys that do not open the
chain) stops the drill with ``ERRO:`` and exit code 1.

    scripts/restore-drill                      # the demo in a temporary folder, then the drill
    scripts/restore-drill --cases 200          # a smaller demo
    scripts/restore-drill --installation       # this installation (SERDH_DATA_DIR, DATABASE_URL,
                                               # SERDH_KEY_FILE, SERDH_MEDIA_ROOT) instead
    scripts/restore-drill backup --to DIR      # only the backup, with its MANIFEST.json
    scripts/restore-drill restore DIR --into DIR2 [--database-url URL] [--key-file F]

SQLite is copied with SQLite's online backup (safe while SER-DH runs) and checked with
``PRAGMA integrity_check``; PostgreSQL with ``pg_dump --format=custom`` and ``pg_restore``
into a scratch database (``serdh_drill`` unless ``--restore-database-url``; a name with
"drill" in it is dropped first if a crashed drill left it), dropped at the end unless
``--keep``. Runs with the virtual environment's Python (the wrapper picks it).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

MANIFEST = "MANIFEST.json"
KEYS = "keys.json"
MEDIA = "media.tar.gz"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
KEY_VARIABLES = ("SERDH_FIELD_KEYS", "SERDH_BLIND_INDEX_KEY", "SERDH_AUDIT_KEY")


class DrillError(Exception):
    pass


def say(message):
    print(f"==> {message}", flush=True)


# --- the installation ----------------------------------------------------------------------


class Installation:
    """Where an installation keeps its three parts: database, media folder, keys."""

    def __init__(self, data_dir, database_url=None, media_root=None, key_file=None):
        self.data_dir = Path(data_dir).resolve()
        self.database_url = database_url or f"sqlite:///{self.data_dir / 'serdh.sqlite3'}"
        self.media_root = Path(media_root) if media_root else self.data_dir / "media"
        self.key_file = Path(key_file) if key_file else self.data_dir / KEYS

    @classmethod
    def from_environment(cls):
        data_dir = Path(os.environ.get("SERDH_DATA_DIR") or Path.cwd() / "var")
        return cls(
            data_dir,
            os.environ.get("DATABASE_URL") or None,
            os.environ.get("SERDH_MEDIA_ROOT") or None,
            os.environ.get("SERDH_KEY_FILE") or None,
        )

    @property
    def postgres(self):
        return self.database_url.startswith(("postgres://", "postgresql://"))

    def sqlite_path(self):
        return Path(unquote(urlsplit(self.database_url).path[1:]) or "/").resolve()


def serdh_env(installation, **extra):
    """The environment of a ``serdh`` command on ``installation``: nothing of the caller's
    SER-DH variables (the keys must come from the installation's key file, not from the
    shell the drill runs in)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SERDH_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        SERDH_ENV="development",
        SERDH_DATA_DIR=str(installation.data_dir),
        DATABASE_URL=installation.database_url,
        SERDH_MEDIA_ROOT=str(installation.media_root),
        SERDH_KEY_FILE=str(installation.key_file),
        **extra,
    )
    return env


def serdh(installation, *args, **extra_env):
    return subprocess.run(
        [sys.executable, "-m", "serdh.cli", *args],
        env=serdh_env(installation, **extra_env),
        capture_output=True,
        text=True,
    )


# --- PostgreSQL ----------------------------------------------------------------------------


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url):
    return unquote(urlsplit(url).path.lstrip("/"))


@contextmanager
def maintenance(url):
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        yield connection


def drop_database(url):
    from psycopg import sql

    with maintenance(url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(database_name(url))
            )
        )


def table_count(url):
    """Tables in the database at ``url``; None when it cannot be opened (absent)."""
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()[0]
    except psycopg.OperationalError:
        return None


def create_database(url):
    """A new database, or an existing one without tables (made beforehand by the server's
    administrator, e.g. ``sudo -u postgres createdb --owner=serdh serdh_restored``)."""
    import psycopg
    from psycopg import errors, sql

    name = database_name(url)
    try:
        with maintenance(url) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return
    except (errors.DuplicateDatabase, errors.InsufficientPrivilege, psycopg.OperationalError):
        pass  # there already, or not ours to create: it may exist, empty
    tables = table_count(url)
    if tables is None:
        raise DrillError(f"não foi possível criar nem abrir o banco {name}")
    if tables:
        raise DrillError(
            f"o banco {name} já existe e tem tabelas: restaure num banco novo (apague-o ou "
            "escolha outro nome com --database-url)"
        )


def without_password(url):
    """``url`` without its password, and the environment that passes it to libpq instead
    (PGPASSWORD): a password in a command line is visible to every local user in ``ps``."""
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password is None:
        return url, env
    env["PGPASSWORD"] = unquote(parts.password)
    netloc = parts.hostname or ""
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), env


def run_tool(*args, env=None):
    try:
        result = subprocess.run(args, capture_output=True, text=True, env=env)
    except FileNotFoundError as exc:
        raise DrillError(f"{args[0]} não encontrado: instale postgresql-client") from exc
    if result.returncode != 0:
        raise DrillError(f"{args[0]} falhou:\n{result.stderr.strip()}")
    return result


# --- backup --------------------------------------------------------------------------------


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def key_file_from_environment():
    """The key ring as a key file, when the keys come from SERDH_FIELD_KEYS and the others."""
    if not all(os.environ.get(name) for name in KEY_VARIABLES):
        return None
    field_keys = {}
    for item in os.environ["SERDH_FIELD_KEYS"].split(","):
        key_id, _, value = item.strip().partition(":")
        if key_id:
            field_keys[key_id] = value
    return {
        "field_keys": field_keys,
        "current_field_key": next(iter(field_keys)),
        "blind_index_key": os.environ["SERDH_BLIND_INDEX_KEY"],
        "audit_key": os.environ["SERDH_AUDIT_KEY"],
    }


def backup(installation, target, *, keys_from_environment=False):
    """Database, media and keys of ``installation`` into the new folder ``target``, with a
    manifest of SHA-256 sums. Returns the manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise DrillError(f"{target} não está vazia: o backup vai para uma pasta nova")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    started = time.monotonic()
    if installation.postgres:
        say(f"Banco (PostgreSQL, pg_dump) de {database_name(installation.database_url)}")
        url, env = without_password(installation.database_url)
        run_tool(
            "pg_dump",
            "--format=custom",
            f"--file={target / PG_FILE}",
            f"--dbname={url}",
            env=env,
        )
        database_file = PG_FILE
    else:
        source = installation.sqlite_path()
        if not source.exists():
            raise DrillError(f"banco SQLite não encontrado: {source}")
        say(f"Banco (SQLite, backup online) de {source}")
        with sqlite3.connect(source) as src, sqlite3.connect(target / SQLITE_FILE) as dst:
            src.backup(dst)
        database_file = SQLITE_FILE
    say(f"Arquivos (mídia) de {installation.media_root}")
    media_files = 0
    with tarfile.open(target / MEDIA, "w:gz") as tar:
        if installation.media_root.exists():
            for path in sorted(installation.media_root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(installation.media_root)))
                    media_files += 1
    say(f"Chaves de {installation.key_file}")
    keys_target = target / KEYS
    if installation.key_file.exists():
        shutil.copyfile(installation.key_file, keys_target)
    elif keys_from_environment and (ring := key_file_from_environment()):
        keys_target.write_text(json.dumps(ring, indent=2))
    else:
        raise DrillError(
            f"arquivo de chaves não encontrado: {installation.key_file} (sem as chaves o backup "
            "não pode ser lido nem verificado)"
        )
    keys_target.chmod(0o600)
    files = {name: sha256(target / name) for name in (database_file, MEDIA, KEYS)}
    manifest = {
        "format": 1,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "postgresql" if installation.postgres else "sqlite",
        "media_files": media_files,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    size = sum((target / name).stat().st_size for name in files)
    say(
        f"Backup em {target}: {size / 1e6:.1f} MB, {media_files} arquivos de mídia "
        f"({time.monotonic() - started:.1f} s)"
    )
    return manifest


# --- restore -------------------------------------------------------------------------------


def check_backup(source, key_file=None):
    """The manifest, after checking that every file is there and unchanged."""
    source = Path(source)
    if not (source / MANIFEST).exists():
        raise DrillError(f"{source / MANIFEST} ausente: isto não é um backup completo")
    manifest = json.loads((source / MANIFEST).read_text())
    for name, digest in manifest["files"].items():
        if name == KEYS and key_file is not None:
            continue  # the keys come from their own copy (key custody)
        path = source / name
        if not path.exists():
            what = "as chaves" if name == KEYS else name
            raise DrillError(
                f"{path} ausente: o backup está incompleto ({what} falta). Banco, mídia e "
                "chaves se restauram juntos"
            )
        if sha256(path) != digest:
            raise DrillError(f"{path} foi alterado depois do backup (soma SHA-256 não confere)")
    return manifest


def restore(source, target, *, database_url=None, key_file=None):
    """The backup in ``source`` into the new folder ``target`` (and, for PostgreSQL, the new
    database ``database_url``). Returns the restored installation."""
    source, target = Path(source), Path(target)
    manifest = check_backup(source, key_file)
    say(f"Backup {source} conferido ({len(manifest['files'])} arquivos, somas SHA-256)")
    if target.exists() and any(target.iterdir()):
        raise DrillError(f"{target} não está vazia: restaure numa pasta nova")
    postgres = manifest["database"] == "postgresql"
    if postgres:
        if not database_url or not database_url.startswith(("postgres://", "postgresql://")):
            raise DrillError("backup de PostgreSQL: indique o banco novo com --database-url")
        create_database(database_url)  # refused before anything is written
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    if postgres:
        say(f"Banco: pg_restore em {database_name(database_url)}")
        url, env = without_password(database_url)
        run_tool(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={url}",
            str(source / PG_FILE),
            env=env,
        )
        restored = Installation(target, database_url)
    else:
        say(f"Banco: cópia SQLite em {target / 'serdh.sqlite3'}")
        shutil.copyfile(source / SQLITE_FILE, target / "serdh.sqlite3")
        with sqlite3.connect(target / "serdh.sqlite3") as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise DrillError(f"PRAGMA integrity_check: {result}")
        restored = Installation(target)
    say(f"Mídia em {restored.media_root}")
    restored.media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as tar:
        tar.extractall(restored.media_root, filter="data")
    count = sum(1 for p in restored.media_root.rglob("*") if p.is_file())
    if count != manifest["media_files"]:
        raise DrillError(
            f"mídia: {count} arquivos restaurados, o backup tinha {manifest['media_files']}"
        )
    say(f"Chaves em {restored.key_file}")
    shutil.copyfile(Path(key_file) if key_file else source / KEYS, restored.key_file)
    restored.key_file.chmod(0o600)
    return restored


def verify(installation):
    """``serdh audit verify`` on the restored copy, with its own keys only. Returns the
    number of audit events verified."""
    say("serdh audit verify na cópia restaurada")
    result = serdh(installation, "audit", "-v", "0", "verify")
    output = (result.stdout + result.stderr).strip()
    for line in result.stdout.splitlines():
        print(f"    {line}")
    if result.returncode != 0:
        raise DrillError(f"a cadeia de auditoria da cópia restaurada não confere:\n{output}")
    counts = [int(n) for n in re.findall(r"(\d+) eventos verificados", result.stdout)]
    if not counts:
        raise DrillError(f"serdh audit verify não informou a contagem:\n{output}")
    return counts[0]


# --- the whole drill -----------------------------------------------------------------------


def prepare_demo(work, cases, database_url):
    source = Installation(work / "origem", database_url)
    say(f"Preparando a demo ({cases} casos) em {source.data_dir}")
    if source.postgres:
        drop_database(source.database_url)
        create_database(source.database_url)
    result = serdh(source, "demo", "--no-serve", "--cases", str(cases))
    if result.returncode != 0:
        raise DrillError(f"serdh demo falhou:\n{result.stderr.strip()}")
    return source


def drill(args):
    timings = {}
    started = time.monotonic()
    base = os.environ.get("DATABASE_URL", "")
    postgres = base.startswith(("postgres://", "postgresql://"))
    work = Path(args.work or tempfile.mkdtemp(prefix="serdh-drill-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    restore_url = args.restore_database_url or (
        with_database(base, "serdh_drill") if postgres else None
    )
    scratch = []  # PostgreSQL databases this drill made, dropped at the end
    try:
        if args.installation:
            source = Installation.from_environment()
            say(f"Instalação: {source.data_dir} ({'PostgreSQL' if source.postgres else 'SQLite'})")
            if source.postgres and not restore_url:
                restore_url = with_database(source.database_url, "serdh_drill")
        else:
            demo_url = with_database(base, "serdh_drill_src") if postgres else None
            if demo_url:
                scratch.append(demo_url)
            source = prepare_demo(work, args.cases, demo_url)
            timings["preparo"] = time.monotonic() - started
        if source.postgres:
            if database_name(restore_url) == database_name(source.database_url):
                raise DrillError("o banco restaurado deve ser outro, não o de origem")
            if not args.restore_database_url:
                # The drill's own scratch database (its default name): one left by a crash is
                # dropped, and it is dropped at the end. A database the operator named is
                # never dropped: if it has tables the restore refuses it and it stays as it was.
                if table_count(restore_url):
                    drop_database(restore_url)
                scratch.append(restore_url)
        step = time.monotonic()
        backup(source, work / "backup", keys_from_environment=args.installation)
        timings["backup"] = time.monotonic() - step
        step = time.monotonic()
        restored = restore(work / "backup", work / "restaurada", database_url=restore_url)
        timings["restauração"] = time.monotonic() - step
        step = time.monotonic()
        events = verify(restored)
        timings["verificação"] = time.monotonic() - step
    finally:
        if not args.keep:
            for url in scratch:
                try:
                    drop_database(url)
                except Exception as exc:  # reported, never hiding the drill's own outcome
                    print(f"aviso: {database_name(url)} não foi apagado ({exc})", file=sys.stderr)
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)
    total = time.monotonic() - started
    parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
    print(
        f"Ensaio de restauração concluído: {events} eventos verificados em {total:.1f} s "
        f"({parts}).",
        flush=True,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="restore-drill",
        description="Backs up database, media and keys together, restores them elsewhere and "
        "runs serdh audit verify on the copy.",
    )
    parser.add_argument("step", nargs="?", choices=["all", "backup", "restore"], default="all")
    parser.add_argument("source", nargs="?", help="restore: the backup folder")
    parser.add_argument("--cases", type=int, default=2000, help="demo cases (default 2000)")
    parser.add_argument(
        "--installation",
        action="store_true",
        help="back up the installation the environment describes instead of a demo",
    )
    parser.add_argument("--work", help="folder for the demo, backup and copy (default: temporary)")
    parser.add_argument("--keep", action="store_true", help="keep the folders and databases")
    parser.add_argument(
        "--restore-database-url", help="PostgreSQL: the database to restore into (made new)"
    )
    parser.add_argument("--to", help="backup: the new folder for the backup")
    parser.add_argument("--into", help="restore: the new folder for the restored installation")
    parser.add_argument("--database-url", help="restore: the new PostgreSQL database")
    parser.add_argument("--key-file", help="restore: the keys from their own copy")
    args = parser.parse_args(argv)
    os.umask(0o077)  # backups and copies hold personal data: readable by their owner only
    try:
        if args.step == "backup":
            if not args.to:
                parser.error("backup --to DIR")
            backup(Installation.from_environment(), args.to, keys_from_environment=True)
        elif args.step == "restore":
            if not (args.source and args.into):
                parser.error("restore DIR --into DIR2")
            started = time.monotonic()
            restored = restore(
                args.source, args.into, database_url=args.database_url, key_file=args.key_file
            )
            events = verify(restored)
            print(
                f"Restauração conferida: {events} eventos verificados em "
                f"{time.monotonic() - started:.1f} s.",
                flush=True,
            )
        else:
            drill(args)
    except DrillError as exc:
        print(f"ERRO: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
