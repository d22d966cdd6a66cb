"""The production profile refuses missing or weak values and passes Django's deploy check."""

import base64

import pytest

from tests.conftest import serdh_command

STRONG = {
    "SERDH_ENV": "production",
    "SERDH_SECRET_KEY": "Qm9yZWFsLXRlc3Qta2V5LW5vdC1mb3ItdXNl-7f3a9c21e8b44d10a6c5e2f9b8d7a6c5e4",
    "SERDH_ALLOWED_HOSTS": "serdh.mg.example",
    "SERDH_FIELD_KEYS": "k1:" + base64.b64encode(bytes(range(1, 33))).decode(),
    "SERDH_BLIND_INDEX_KEY": base64.b64encode(bytes(range(33, 65))).decode(),
    "SERDH_AUDIT_KEY": base64.b64encode(bytes(range(65, 97))).decode(),
}


def serdh(*args, env_overrides, tmp_path):
    base = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "SERDH_DATA_DIR": str(tmp_path),
    }
    return serdh_command(*args, env={**base, **env_overrides}, timeout=120)


def test_check_deploy_reports_no_issue_with_production_settings(tmp_path):
    result = serdh(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=STRONG, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "variable,value,message",
    [
        ("SERDH_SECRET_KEY", None, "SERDH_SECRET_KEY"),
        ("SERDH_SECRET_KEY", "short", "SERDH_SECRET_KEY"),
        ("SERDH_SECRET_KEY", "a" * 60, "SERDH_SECRET_KEY"),
        ("SERDH_ALLOWED_HOSTS", None, "SERDH_ALLOWED_HOSTS"),
        ("SERDH_DEBUG", "true", "SERDH_DEBUG"),
        ("DATABASE_URL", "", "DATABASE_URL"),
        ("SERDH_ENV", "producao", "SERDH_ENV"),
    ],
)
def test_a_missing_or_weak_production_value_stops_with_its_name(tmp_path, variable, value, message):
    result = serdh("check", env_overrides={**STRONG, variable: value}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "variable,value",
    [
        ("SERDH_FIELD_KEYS", None),
        ("SERDH_AUDIT_KEY", None),
        ("SERDH_BLIND_INDEX_KEY", base64.b64encode(b"\x00" * 32).decode()),  # weak
        ("SERDH_AUDIT_KEY", STRONG["SERDH_BLIND_INDEX_KEY"]),  # reused
    ],
)
def test_production_refuses_to_start_without_good_keys(tmp_path, variable, value):
    result = serdh("check", env_overrides={**STRONG, variable: value}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "serdh.E001" in result.stderr


def test_keys_never_come_from_the_secret_key(tmp_path):
    env = {
        **STRONG,
        "SERDH_FIELD_KEYS": None,
        "SERDH_BLIND_INDEX_KEY": None,
        "SERDH_AUDIT_KEY": None,
    }
    result = serdh("check", env_overrides=env, tmp_path=tmp_path)
    assert "serdh.E001" in result.stderr


@pytest.mark.parametrize(
    "env, expected",
    [({}, "### DEBUG = False"), ({"SERDH_DEBUG": "1"}, "DEBUG = True")],
)
def test_the_demo_profile_keeps_debug_off_unless_a_developer_opts_in(tmp_path, env, expected):
    """The development profile (the demo) served Django's debug pages to anonymous visitors
    (issue 11); now only SERDH_DEBUG=1 turns them on."""
    result = serdh(
        "diffsettings",
        "--all",
        env_overrides={"SERDH_ENV": "development", **env},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    # diffsettings marks a value equal to Django's default with ###.
    assert expected in result.stdout.splitlines()


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit(on_postgres):
    """JIT compilation was most of the time of the task list at 200,000 cases (docs)."""
    if not on_postgres:
        pytest.skip("PostgreSQL only: SQLite has no JIT")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
