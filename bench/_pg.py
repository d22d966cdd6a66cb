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


def recreate_database(url, template=None):
    """Drop the database of ``url`` if it exists and create it again, empty or as a copy of
    ``template``."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"{copy}')


def half_in_one_service():
    """The registering services of the case benches: every active one, with CRAS Centro —
    Passos as many times as all the others together, so that it registers half the cases."""
    from serdh.demo.distributions import REGISTERING_KINDS
    from serdh.network.models import Organization

    cras = Organization.objects.get(name="CRAS Centro — Passos")
    others = list(
        Organization.objects.filter(
            municipality__adhesion__status="active", kind__in=REGISTERING_KINDS
        ).exclude(pk=cras.pk)
    )
    return [cras] * len(others) + others


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
