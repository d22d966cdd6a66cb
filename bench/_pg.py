"""The PostgreSQL database a benchmark runs in: created fresh on the server named by
BENCH_DATABASE_URL (or kept with ``reuse``), and Django set up on it."""

import os
from urllib.parse import urlparse


def fresh_database(default_name, *, reuse=False, env="BENCH_DATABASE_URL"):
    """Create (or keep, with ``reuse``) the bench database named by the ``env`` variable (or
    ``default_name`` on the local server); return its URL."""
    import psycopg

    url = os.environ.get(env, f"postgres://postgres@127.0.0.1:5432/{default_name}")
    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


def drop_database(url):
    """Drop the bench database (CI runs on the same server: leave nothing behind)."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url):
    os.environ.update(DATABASE_URL=url, SERDH_ENV="test", DJANGO_SETTINGS_MODULE="serdh.settings")
    import django

    django.setup()
