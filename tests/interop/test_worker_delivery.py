"""Issue 4's "done when": killing the worker in the middle of deliveries and starting it again
loses no event, and a receiver that was down for several attempts gets every event later, in
order per case. The worker is the real ``serdh worker`` process; the receiver a real HTTP
server on loopback."""

import os
import signal
import threading
import time
from collections import defaultdict

import pytest

from serdh.demo import network as demo_network
from serdh.interop.models import Delivery, DeliveryStatus, OutboxEvent
from tests.cases.factories import follow, open_case
from tests.conftest import serdh_process, shared_database_url
from tests.interop.factories import Receiver, endpoint

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_ENV = {
    "SERDH_ENV": "test",
    "SERDH_TASKS_BACKEND": "database",
    "SERDH_WEBHOOK_BACKOFF_BASE": "0.2",
    "SERDH_WEBHOOK_BACKOFF_CAP": "0.5",
    "SERDH_WEBHOOK_LEASE_SECONDS": "2",
    "SERDH_WEBHOOK_MAX_ATTEMPTS": "30",
}


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_killing_the_worker_mid_delivery_loses_nothing_and_keeps_order(tmp_path):
    demo_network.seed()
    in_flight = threading.Event()

    def slow_fifth(n):
        # The fifth request is in flight when the test kills the worker.
        if n == 5:
            in_flight.set()
            time.sleep(1.5)

    # Down for the first three attempts, then slow once, then fine.
    with Receiver(script=[503, 503, 503], on_request=slow_fifth) as receiver:
        endpoint(receiver.url)
        cases = [open_case(victim_name=f"Vítima Worker {i}") for i in range(2)]
        for case in cases:
            for _ in range(4):
                follow(case, "cras.passos")
        events = list(OutboxEvent.objects.order_by("pk"))
        assert len(events) == 10

        env = {
            **WORKER_ENV,
            "DATABASE_URL": shared_database_url(),
            "SERDH_DATA_DIR": str(tmp_path),
        }
        worker = serdh_process("worker", "--interval", "0.1", env=env)
        try:
            assert in_flight.wait(60), "the worker never reached the fifth request"
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
            stranded = Delivery.objects.filter(status=DeliveryStatus.PENDING).count()
            assert stranded > 0, "the kill came too late to test anything"
            worker = serdh_process("worker", "--interval", "0.1", env=env)
            assert wait_for(
                lambda: not Delivery.objects.filter(status=DeliveryStatus.PENDING).exists()
            ), [(d.pk, d.status, d.attempts, d.last_error) for d in Delivery.objects.all()]
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(15)
            except Exception:
                worker.kill()

    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    got = receiver.accepted()
    ids = [e["id"] for e in got]
    # Every event arrived; at least once (the one in flight at the kill may arrive twice).
    assert set(ids) == {str(e.event_id) for e in events}
    assert len(ids) - len(set(ids)) <= 1
    # In order per case, counting each event at its first arrival.
    first_seen = []
    for event in got:
        if event["id"] not in first_seen:
            first_seen.append(event["id"])
    by_case = defaultdict(list)
    sequence = {e["id"]: e["data"]["sequence"] for e in got}
    case_of = {e["id"]: e["data"]["case_id"] for e in got}
    for event_id in first_seen:
        by_case[case_of[event_id]].append(sequence[event_id])
    assert len(by_case) == 2
    for sequences in by_case.values():
        assert sequences == sorted(sequences) and len(sequences) == 5
