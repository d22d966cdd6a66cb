"""``GET /healthz`` for monitoring tools (core.health): JSON with the database, the worker's
heartbeat, free disk and the webhook dead letters; 200 when ok or degraded, 503 when the
database does not answer; unauthenticated and never cached; counts and times only."""

import signal
import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import timezone

from serdh.core import health, periodic
from serdh.core.models import WorkerHeartbeat
from serdh.interop.models import Delivery, DeliveryStatus
from tests.cases.factories import open_case
from tests.conftest import serdh_process, shared_database_url
from tests.interop.factories import endpoint

ROOMY_DISK = override_settings(SERDH_HEALTH_MIN_FREE_RATIO=0.0)


def get():
    response = Client().get("/healthz")
    return response, response.json()


@pytest.fixture
def quiet(db):
    """No dead letter and a fresh heartbeat: what a healthy installation reports."""
    Delivery.objects.filter(status=DeliveryStatus.DEAD).delete()
    health.beat()


@ROOMY_DISK
def test_a_healthy_installation_reports_ok_with_every_figure(quiet):
    response, body = get()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert body["status"] == "ok"
    checks = body["checks"]
    assert set(checks) >= {"database", "worker", "disk", "webhook_dead_letters"}
    assert checks["database"]["ok"] and checks["database"]["latency_ms"] >= 0
    assert checks["worker"]["ok"] and 0 <= checks["worker"]["age_seconds"] < 5
    assert checks["worker"]["stale_after"] == 300
    assert checks["disk"]["free_bytes"] > 0 and 0 < checks["disk"]["free_ratio"] <= 1
    assert checks["webhook_dead_letters"] == {
        "ok": True,
        "count": 0,
        "last_24h": 0,
        "last_at": None,
    }


@ROOMY_DISK
def test_an_outside_address_learns_only_whether_it_is_up(quiet):
    """Disk sizes, the worker's last beat and dead-letter counts are for the operators'
    monitoring (SERDH_HEALTH_DETAIL_FROM), not for whoever asks (review finding)."""
    response = Client(REMOTE_ADDR="203.0.113.9").get("/healthz")
    assert response.status_code == 200
    assert set(response.json()) == {"status", "time"} and response.json()["status"] == "ok"
    with override_settings(SERDH_HEALTH_DETAIL_FROM=["203.0.113.9"]):
        assert "checks" in Client(REMOTE_ADDR="203.0.113.9").get("/healthz").json()


@ROOMY_DISK
@override_settings(SERDH_HEALTH_WORKER_STALE_SECONDS=120)
def test_a_stale_or_missing_heartbeat_is_degraded_not_down(quiet):
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=121))
    response, body = get()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["age_seconds"] >= 121

    WorkerHeartbeat.objects.all().delete()  # a worker that never ran
    response, body = get()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["checks"]["worker"] == {
        "ok": False,
        "last_beat": None,
        "age_seconds": None,
        "stale_after": 120,
    }


def test_a_full_disk_is_degraded(quiet):
    with override_settings(SERDH_HEALTH_MIN_FREE_RATIO=1.01):
        response, body = get()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["checks"]["disk"]["ok"] is False


@ROOMY_DISK
def test_a_delivery_dead_today_degrades_and_an_old_one_is_only_counted(quiet):
    hook, _secret = endpoint("http://127.0.0.1:9/hook")
    open_case(victim_name="Pessoa Saúde Sigilo")
    deliveries = Delivery.objects.filter(endpoint=hook)
    assert deliveries.exists()
    deliveries.update(status=DeliveryStatus.DEAD, last_attempt_at=timezone.now())
    response, body = get()
    dead = body["checks"]["webhook_dead_letters"]
    assert body["status"] == "degraded" and dead["ok"] is False
    assert dead["count"] == dead["last_24h"] == deliveries.count()
    assert "Pessoa" not in response.content.decode()  # counts and times, never a person

    deliveries.update(last_attempt_at=timezone.now() - timedelta(hours=25))
    _response, body = get()
    dead = body["checks"]["webhook_dead_letters"]
    assert body["status"] == "ok"
    assert dead["ok"] is True and dead["last_24h"] == 0 and dead["count"] == deliveries.count()


@ROOMY_DISK
def test_a_database_that_does_not_answer_fails_with_503(quiet, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_ping", refuse)
    response, body = get()
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    # What needs the database is not asked; the disk still answers.
    assert body["checks"]["worker"] == {"ok": False, "skipped": True}
    assert body["checks"]["webhook_dead_letters"] == {"ok": False, "skipped": True}
    assert body["checks"]["disk"]["ok"] is True


@ROOMY_DISK
def test_a_check_that_breaks_degrades_the_report_never_the_page(quiet, monkeypatch):
    def broken():
        raise RuntimeError("secret detail")

    monkeypatch.setitem(health._checks, "broken", health.Check("broken", broken, True))
    response, body = get()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["checks"]["broken"] == {"ok": False, "error": "RuntimeError"}
    assert "secret detail" not in response.content.decode()


def test_the_heartbeat_is_the_first_job_of_the_workers_schedule(db):
    schedule = next(t for t in periodic.threads(1.0) if isinstance(t, periodic.Schedule))
    first = schedule.repeaters[0]
    assert first.name == "heartbeat" and first.func is health.beat
    assert first.interval == health.HEARTBEAT_SECONDS < 300
    earlier = timezone.now() - timedelta(hours=1)
    health.beat(now=earlier)
    health.beat()  # one row per worker name, moved forward
    assert WorkerHeartbeat.objects.count() == 1
    assert WorkerHeartbeat.objects.get().beat_at > earlier


@pytest.mark.django_db(transaction=True)
@ROOMY_DISK
def test_a_running_worker_makes_the_heartbeat_fresh(tmp_path):
    WorkerHeartbeat.objects.all().delete()
    assert get()[1]["checks"]["worker"]["ok"] is False
    env = {
        "SERDH_ENV": "test",
        "DATABASE_URL": shared_database_url(),
        "SERDH_DATA_DIR": str(tmp_path),
    }
    worker = serdh_process("worker", "--interval", "0.5", env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not WorkerHeartbeat.objects.exists():
            time.sleep(0.2)
        assert WorkerHeartbeat.objects.exists(), "the worker wrote no heartbeat"
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(15)
        except Exception:
            worker.kill()
    worker_check = get()[1]["checks"]["worker"]
    assert worker_check["ok"] is True and worker_check["age_seconds"] < 60
