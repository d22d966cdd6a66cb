"""What ``GET /healthz`` reports, for monitoring tools: the database, the worker's heartbeat,
free disk, and what the apps register in their ``AppConfig.ready`` (the kernel knows no
feature):

    health.register("webhook_dead_letters", webhooks_health.dead_letters)

A check is a function returning a dict with ``ok`` (bool) and counts or times only (never a
name or a case): the page is unauthenticated. A check that raises is reported as not ok with
the exception's class name. The overall status is ``fail`` when the database does not answer
(HTTP 503), ``degraded`` when another check is not ok, otherwise ``ok``.
"""

import os
import shutil
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

OK, DEGRADED, FAIL = "ok", "degraded", "fail"
WORKER = "worker"
HEARTBEAT_SECONDS = 60  # how often `serdh worker` beats (core.periodic.threads)


@dataclass(frozen=True)
class Check:
    name: str
    func: object
    database: bool  # needs the database: skipped when the database does not answer


_checks = {}


def register(name, func, *, database=True):
    _checks[name] = Check(name, func, database)


def checks():
    return list(_checks.values())


def beat(name=WORKER, now=None):
    """Record that the worker named ``name`` is alive (one row per name)."""
    from .models import WorkerHeartbeat

    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(name=name).update(beat_at=now):
        WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})


def _ping():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def database():
    started = time.perf_counter()
    _ping()
    return {"ok": True, "latency_ms": round((time.perf_counter() - started) * 1000, 1)}


def worker(now=None):
    from .models import WorkerHeartbeat

    now = now or timezone.now()
    stale = settings.SERDH_HEALTH_WORKER_STALE_SECONDS
    last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if last is None:
        return {"ok": False, "last_beat": None, "age_seconds": None, "stale_after": stale}
    age = max(0, int((now - last).total_seconds()))
    return {
        "ok": age < stale,
        "last_beat": last.isoformat(timespec="seconds"),
        "age_seconds": age,
        "stale_after": stale,
    }


def disk(path=None):
    """Free space where the data folder lives (database file for SQLite, media, keys)."""
    path = str(path or settings.DATA_DIR)
    while not os.path.exists(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)  # not made yet: the disk it will be on
    usage = shutil.disk_usage(path)
    ratio = usage.free / usage.total if usage.total else 0.0
    return {
        "ok": ratio >= settings.SERDH_HEALTH_MIN_FREE_RATIO,
        "free_bytes": usage.free,
        "total_bytes": usage.total,
        "free_ratio": round(ratio, 4),
        "min_free_ratio": settings.SERDH_HEALTH_MIN_FREE_RATIO,
    }


def _run(func):
    try:
        result = dict(func())
    except Exception as exc:  # a broken check degrades the report, never the page
        return {"ok": False, "error": type(exc).__name__}
    result["ok"] = bool(result.get("ok"))
    return result


def report(now=None):
    """``(status, report)``: the database first, then the worker, the disk and the apps'
    checks (those that need the database are skipped when it does not answer)."""
    now = now or timezone.now()
    results = {"database": _run(database)}
    database_ok = results["database"]["ok"]
    builtin = [
        Check("worker", lambda: worker(now), True),
        Check("disk", disk, False),
    ]
    for check in [*builtin, *checks()]:
        if check.database and not database_ok:
            results[check.name] = {"ok": False, "skipped": True}
        else:
            results[check.name] = _run(check.func)
    if not database_ok:
        status = FAIL
    elif all(result["ok"] for result in results.values()):
        status = OK
    else:
        status = DEGRADED
    return status, {
        "status": status,
        "time": now.isoformat(timespec="seconds"),
        "checks": results,
    }
