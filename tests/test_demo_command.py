"""The demo as a new user runs it: a fresh data folder, `serdh demo --no-serve`, then the
audit chain, the worker and key rotation on that database, all through the `serdh` command."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from serdh.core import keys
from tests.conftest import serdh_command

# The demo runs on its embedded SQLite database whatever DATABASE_URL says (its subprocesses
# get a clean environment), so these tests belong to the SQLite pass of .ci/run; repeating
# them in the PostgreSQL pass would test the same thing twice.
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the demo always uses the embedded SQLite; covered by the SQLite pass",
)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo")
    result = run(path, "demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    assert "cras.passos" in result.stdout and "gestor.mg" in result.stdout
    # The demo has a caseload: CREAS Passos's coordinator assigned cases (demo/workflow.py).
    import re

    assigned = re.search(r"Supervisão: (\d+) casos", result.stdout)
    assert assigned and int(assigned.group(1)) > 0, result.stdout
    # ... and families with linked cases, a plan, flags, tasks and a transfer (demo/workflow).
    assert "Famílias acompanhadas: 1." in result.stdout, result.stdout
    return path


def run(data_dir, *args):
    return serdh_command(*args, env={"SERDH_ENV": "development", "SERDH_DATA_DIR": str(data_dir)})


def test_the_demo_prints_every_login_and_the_password(demo_dir):
    again = run(demo_dir, "demo", "--no-serve")  # idempotent
    assert again.returncode == 0
    for username in (
        "cras.passos",
        "creas.passos",
        "ct.passos",
        "gestor.passos",
        "admin.passos",
        "cras.bh",
        "ct.bh",
        "gestor.bh",
        "gestor.mg",
        "admin.mg",
        "auditor.mg",
        "editor.mg",
    ):
        assert username in again.stdout
    assert "Acesso@Demo2026" in again.stdout
    assert (demo_dir / "keys.json").stat().st_mode & 0o077 == 0


def test_audit_verify_passes_on_the_demo_and_names_a_row_changed_by_sql(demo_dir, tmp_path):
    ok = run(demo_dir, "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert "Cadeia íntegra" in ok.stdout
    copy = tmp_path / "serdh.sqlite3"
    with sqlite3.connect(demo_dir / "serdh.sqlite3") as source, sqlite3.connect(copy) as target:
        source.backup(target)
    (tmp_path / "keys.json").write_text((demo_dir / "keys.json").read_text())
    (tmp_path / "secret_key").write_text((demo_dir / "secret_key").read_text())
    with sqlite3.connect(copy) as db:
        row_id, seq = db.execute(
            "SELECT id, seq FROM core_auditevent ORDER BY seq LIMIT 1 OFFSET 4"
        ).fetchone()
        db.execute("UPDATE core_auditevent SET actor_label = 'alguem' WHERE id = ?", (row_id,))
    broken = run(tmp_path, "audit", "verify")
    assert broken.returncode != 0
    assert f"seq {seq}" in broken.stderr and f"id={row_id}" in broken.stderr


def test_key_rotation_runs_in_the_worker_and_leaves_the_chain_intact(demo_dir):
    key_file = demo_dir / "keys.json"
    data = json.loads(key_file.read_text())
    data["field_keys"]["k2026b"] = keys.new_key_b64()
    data["current_field_key"] = "k2026b"
    key_file.write_text(json.dumps(data))
    status = run(demo_dir, "keys", "status")
    assert "accounts.user.cpf: 16 valores com chave antiga" in status.stdout, status.stderr
    queued = run(demo_dir, "keys", "rotate", "--background")
    assert "enfileirada" in queued.stdout, queued.stderr
    worker = run(demo_dir, "worker", "--batch")
    assert worker.returncode == 0, worker.stderr
    status = run(demo_dir, "keys", "status")
    assert "accounts.user.cpf: 0 valores com chave antiga" in status.stdout
    verified = run(demo_dir, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    with sqlite3.connect(demo_dir / "serdh.sqlite3") as db:
        channels = db.execute(
            "SELECT channel FROM core_auditevent WHERE action = 'keys.rotated'"
        ).fetchall()
    assert channels == [("task",)]  # the task ran under the context it was queued with


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid):
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(proc.name))
    return found


def test_the_demo_serves_over_http_with_a_worker_beside_it(demo_dir):
    """What a new user sees: the login page over real HTTP, styles, a working login."""
    import http.cookiejar
    import re
    import signal
    import time
    import urllib.parse
    import urllib.request

    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SERDH_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(SERDH_ENV="development", SERDH_DATA_DIR=str(demo_dir))
    server = subprocess.Popen(
        [sys.executable, "-m", "serdh.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        deadline = time.monotonic() + 90
        while True:
            try:
                page = opener.open(f"{base}/conta/entrar/", timeout=5).read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the demo did not start serving"
                time.sleep(0.5)
        assert "Entrar no SER-DH" in page
        assert opener.open(f"{base}/static/serdh/css/serdh.css", timeout=5).status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "ct.passos", "password": "Acesso@Demo2026"}
        ).encode()
        home = opener.open(
            urllib.request.Request(
                f"{base}/conta/entrar/", data=form, headers={"Referer": f"{base}/conta/entrar/"}
            ),
            timeout=10,
        )
        assert home.geturl() == f"{base}/sima/"
        assert "Conselho Tutelar de Passos" in home.read().decode()
        workers = [
            pid
            for pid in _children(server.pid)
            if b"worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert len(workers) == 1
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    assert (
        not Path(f"/proc/{workers[0]}").exists()
        or b"Z" in Path(f"/proc/{workers[0]}/stat").read_bytes().split(b")")[1][:3]
    )


def test_the_demo_has_two_thousand_cases_shaped_like_sinan(demo_dir):
    with sqlite3.connect(demo_dir / "serdh.sqlite3") as db:
        cases = db.execute("SELECT count(*) FROM cases_case").fetchone()[0]
        statuses = {s for (s,) in db.execute("SELECT DISTINCT status FROM cases_referral")}
        years = db.execute(
            "SELECT count(DISTINCT substr(protocol, 4, 4)) FROM cases_case"
        ).fetchone()[0]
        victims = dict(
            db.execute("SELECT sex, count(*) FROM cases_party WHERE role = 'victim' GROUP BY sex")
        )
        sexual = db.execute(
            "SELECT count(*) FROM cases_violation v JOIN vocabularies_term t ON t.id = v.type_id "
            "WHERE t.code = 'sexual'"
        ).fetchone()[0]
        violations = db.execute("SELECT count(*) FROM cases_violation").fetchone()[0]
        gaps = db.execute(
            "SELECT substr(protocol, 4, 4) y, count(*), max(cast(substr(protocol, 9) AS int)) "
            "FROM cases_case GROUP BY y"
        ).fetchall()
    assert cases == 2000
    assert statuses == {
        "sent",
        "received",
        "accepted",
        "declined",
        "in_progress",
        "completed",
        "cancelled",
    }
    assert years >= 3
    assert victims["F"] > victims["M"]  # most notified victims are women and girls
    assert 0.08 < sexual / violations < 0.25
    assert all(count == last for _year, count, last in gaps)  # numbered without gaps


def test_sigterm_stops_the_server_and_its_worker(demo_dir):
    import signal
    import time
    import urllib.request

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERDH_")}
    env.update(SERDH_ENV="development", SERDH_DATA_DIR=str(demo_dir))
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "serdh.cli", "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        workers = _children(server.pid)
        assert workers
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
    time.sleep(1)
    alive = [
        pid
        for pid in workers
        if Path(f"/proc/{pid}").exists() and b") Z" not in Path(f"/proc/{pid}/stat").read_bytes()
    ]
    assert alive == []


def test_the_demo_has_the_units_rma_with_one_sent_on_time_and_one_late(demo_dir):
    with sqlite3.connect(demo_dir / "serdh.sqlite3") as db:
        reports = db.execute("SELECT count(*) FROM rma_monthlyreport").fetchone()[0]
        units = db.execute(
            "SELECT count(*) FROM network_organization o JOIN network_adhesion a "
            "ON a.municipality_id = o.municipality_id "
            "WHERE o.kind IN ('cras', 'creas') AND a.status = 'active'"
        ).fetchone()[0]
        sent = db.execute(
            "SELECT r.month, r.first_submitted_at FROM rma_monthlyreport r "
            "JOIN network_organization o ON o.id = r.organization_id "
            "WHERE o.name = 'CREAS Passos' AND r.status = 'submitted' ORDER BY r.month"
        ).fetchall()
        counted = db.execute(
            "SELECT sum(f.value) FROM rma_figure f JOIN rma_monthlyreport r ON r.id = f.report_id "
            "WHERE f.code = 'A1'"
        ).fetchone()[0]
    assert units > 0 and reports == 3 * units
    assert len(sent) == 2 and counted > 0
