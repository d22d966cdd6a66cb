"""Events and webhooks: the outbox is written with the change it announces; deliveries are
signed (checked with the reference ``standardwebhooks`` library), ordered per case, retried
with backoff, dead-lettered, replayed, and a 410 disables the endpoint. Receivers are real
HTTP servers on loopback."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from serdh.cases import referrals
from serdh.core.errors import ServiceError
from serdh.interop import endpoints, webhooks
from serdh.interop.models import (
    Delivery,
    DeliveryStatus,
    EndpointStatus,
    OutboxEvent,
    WebhookEndpoint,
)
from tests.cases.factories import acting, follow, open_case, refer
from tests.interop.factories import Receiver, admin, endpoint, org

pytestmark = pytest.mark.django_db
FAST = override_settings(SERDH_WEBHOOK_BACKOFF_BASE=0.01, SERDH_WEBHOOK_BACKOFF_CAP=0.05)


def deliver_until(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        webhooks.deliver_due()
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_a_registered_case_is_announced_signed_and_without_content():
    with Receiver() as receiver:
        hook, secret = endpoint(receiver.url)
        case = open_case(victim_name="Helena Evento Sigilo")
        assert webhooks.deliver_due() == 1
        (sent,) = receiver.received
        headers, body = sent["headers"], sent["body"]
        # The reference implementation of Standard Webhooks accepts the signature...
        payload = Webhook(secret).verify(body, headers)
        # ...and refuses a changed body.
        with pytest.raises(WebhookVerificationError):
            Webhook(secret).verify(body.replace(b"registered", b"closed"), headers)
        assert headers["content-type"].startswith("application/cloudevents+json")
        assert payload["specversion"] == "1.0" and payload["type"] == "br.serdh.case.registered"
        assert payload["subject"] == f"cases/{case.pk}" and payload["id"]
        assert payload["data"]["protocol"] == case.protocol
        assert payload["data"]["links"]["case"].endswith(f"/api/v1/cases/{case.pk}/")
        text = body.decode()
        assert "Helena" not in text and "Relato" not in text and "sexual" not in text
        delivery = Delivery.objects.get(endpoint=hook)
        assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1


def test_the_event_rolls_back_with_the_change():
    endpoint("https://sistema.invalid/hook")
    case = open_case()
    before = OutboxEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        follow(case, "cras.passos")
        assert OutboxEvent.objects.count() == before + 1
        raise RuntimeError("the service failed after writing")
    assert OutboxEvent.objects.count() == before
    with pytest.raises(ServiceError):
        referrals.transition_referral(acting("ct.passos"), refer(case), "decline", reason="")
    assert not OutboxEvent.objects.filter(type="referral.declined").exists()


def test_each_organization_hears_only_of_its_cases_and_a_referral_reaches_the_receiver():
    with Receiver() as ours, Receiver() as ct, Receiver() as bh:
        endpoint(ours.url)
        endpoint(ct.url, org("Conselho Tutelar de Passos"))
        endpoint(bh.url, org("CRAS Barreiro"), by="admin.bh")
        case = open_case()
        referral = refer(case)
        webhooks.deliver_due()
        assert [e["type"] for e in ours.accepted()] == [
            "br.serdh.case.registered",
            "br.serdh.referral.sent",
        ]
        (sent,) = ct.accepted()
        assert sent["type"] == "br.serdh.referral.sent"
        assert sent["data"]["referral_id"] == referral.pk
        assert sent["data"]["links"]["fhir"].endswith(f"/api/v1/referrals/{referral.pk}/fhir/")
        assert bh.received == []


@FAST
def test_a_receiver_down_for_several_attempts_gets_every_event_later_in_order():
    with Receiver(script=[503, 500, 502]) as receiver:
        endpoint(receiver.url)
        case = open_case()
        for _ in range(3):
            follow(case, "cras.passos")
        assert deliver_until(lambda: len(receiver.accepted()) == 4)
        got = receiver.accepted()
        assert [e["type"] for e in got] == ["br.serdh.case.registered"] + [
            "br.serdh.followup.recorded"
        ] * 3
        sequences = [e["data"]["sequence"] for e in got]
        assert sequences == sorted(sequences)
        first = Delivery.objects.filter(event__type="case.registered").get()
        assert first.attempts == 4 and first.status == DeliveryStatus.DELIVERED
        # Every attempt of an event carries the same webhook-id (receivers de-duplicate).
        ids = [r["headers"]["webhook-id"] for r in receiver.received[:4]]
        assert len(set(ids)) == 1


@FAST
@override_settings(SERDH_WEBHOOK_MAX_ATTEMPTS=2)
def test_after_the_last_attempt_the_delivery_is_dead_and_can_be_replayed():
    with Receiver(script=[500, 500]) as receiver:
        hook, _secret = endpoint(receiver.url)
        open_case()
        assert deliver_until(
            lambda: Delivery.objects.filter(endpoint=hook, status=DeliveryStatus.DEAD).exists()
        )
        dead = Delivery.objects.get(endpoint=hook)
        assert dead.attempts == 2 and dead.last_status_code == 500
        webhooks.replay(admin(), dead)
        assert deliver_until(lambda: len(receiver.accepted()) == 1)
        assert Delivery.objects.get(pk=dead.pk).status == DeliveryStatus.DELIVERED
        with pytest.raises(ServiceError):
            webhooks.replay(admin(), dead)  # delivered: nothing to replay


def test_410_gone_disables_the_endpoint_and_cancels_what_was_pending():
    with Receiver(script=[410]) as receiver:
        hook, _secret = endpoint(receiver.url)
        case = open_case()
        follow(case, "cras.passos")
        webhooks.deliver_due()
        hook.refresh_from_db()
        assert hook.status == EndpointStatus.DISABLED and "410" in hook.status_reason
        assert set(Delivery.objects.filter(endpoint=hook).values_list("status", flat=True)) == {
            DeliveryStatus.CANCELLED
        }
        assert len(receiver.received) == 1
        follow(case, "cras.passos")
        assert not Delivery.objects.filter(endpoint=hook, status=DeliveryStatus.PENDING).exists()


def test_during_a_rotation_both_secrets_sign():
    with Receiver() as receiver:
        hook, old = endpoint(receiver.url)
        new = endpoints.rotate_secret(admin(), hook, grace_hours=24)
        open_case()
        webhooks.deliver_due()
        (sent,) = receiver.received
        assert len(sent["headers"]["webhook-signature"].split()) == 2
        for secret in (old, new):
            Webhook(secret).verify(sent["body"], sent["headers"])
        WebhookEndpoint.objects.filter(pk=hook.pk).update(
            previous_valid_until=timezone.now() - timedelta(seconds=1)
        )
        open_case()
        webhooks.deliver_due()
        last = receiver.received[-1]
        assert len(last["headers"]["webhook-signature"].split()) == 1
        Webhook(new).verify(last["body"], last["headers"])
        with pytest.raises(WebhookVerificationError):
            Webhook(old).verify(last["body"], last["headers"])


def test_a_leased_delivery_waits_for_its_lease_to_end():
    with Receiver() as receiver:
        hook, _secret = endpoint(receiver.url)
        open_case()
        delivery = Delivery.objects.get(endpoint=hook)
        # As if a worker had claimed it and died mid-request.
        Delivery.objects.filter(pk=delivery.pk).update(
            locked_until=timezone.now() + timedelta(seconds=30)
        )
        assert webhooks.deliver_due() == 0 and receiver.received == []
        Delivery.objects.filter(pk=delivery.pk).update(
            locked_until=timezone.now() - timedelta(seconds=1)
        )
        assert webhooks.deliver_due() == 1 and len(receiver.accepted()) == 1


@pytest.mark.parametrize("url", ["ftp://x.invalid/h", "https://user:pw@x.invalid/h", "x.invalid"])
def test_endpoint_urls_are_checked(url):
    with pytest.raises(ServiceError):
        endpoint(url)


@override_settings(SERDH_WEBHOOK_ALLOW_HTTP=False)
def test_production_accepts_only_https():
    with pytest.raises(ServiceError):
        endpoint("http://sistema.invalid/hook")
    assert endpoint("https://sistema.invalid/hook")[0].pk


def test_an_unreachable_endpoint_is_retried_later_not_lost():
    hook, _secret = endpoint("http://127.0.0.1:9/nada")
    open_case()
    webhooks.deliver_due()
    delivery = Delivery.objects.get(endpoint=hook)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_status_code is None and delivery.last_error
    assert delivery.next_attempt_at > timezone.now()


def test_a_redirect_is_a_failure_not_a_new_destination():
    with Receiver(script=[307]) as receiver:
        hook, _secret = endpoint(receiver.url)
        open_case()
        webhooks.deliver_due()
        delivery = Delivery.objects.get(endpoint=hook)
        assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 307
        assert len(receiver.received) == 1


def test_a_malformed_answer_is_recorded_as_a_failed_attempt():
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def garbage():
        conn, _ = server.accept()
        conn.recv(65536)
        conn.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        conn.close()

    threading.Thread(target=garbage, daemon=True).start()
    hook, _secret = endpoint(f"http://127.0.0.1:{server.getsockname()[1]}/hook")
    open_case()
    assert webhooks.deliver_due() == 1
    delivery = Delivery.objects.get(endpoint=hook)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_error and delivery.locked_until is None
    server.close()


def test_a_worker_that_lost_its_lease_does_not_overwrite_the_outcome():
    with Receiver() as receiver:
        hook, _secret = endpoint(receiver.url)
        open_case()
        delivery = Delivery.objects.get(endpoint=hook)
        stale = webhooks._claim(delivery.pk, timezone.now())
        # The lease ran out and another worker delivered it...
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.DELIVERED, locked_until=None
        )
        # ...then the first worker finishes: its outcome is discarded.
        assert webhooks.attempt(delivery, stale) is None
        assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELIVERED


@override_settings(SERDH_WEBHOOK_ALLOW_INTERNAL=False)
def test_production_does_not_deliver_to_internal_addresses():
    with Receiver() as receiver:
        hook, _secret = endpoint(receiver.url)  # 127.0.0.1
        open_case()
        webhooks.deliver_due()
        delivery = Delivery.objects.get(endpoint=hook)
        assert receiver.received == []
        assert "endereço interno" in delivery.last_error and delivery.status == "pending"
