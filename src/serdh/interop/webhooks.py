"""Webhook delivery (Standard Webhooks) by the worker's dispatcher.

- Signing: ``webhook-signature`` is ``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` with
  each valid secret of the endpoint (two during a rotation), space-separated.
- ``webhook-id`` is the event id: the same on every retry, so receivers de-duplicate by it.
- A delivery is claimed with a lease (``locked_until``): a worker killed mid-delivery leaves
  it pending, and it is attempted again when the lease ends. Delivery is at least once.
- Order: a delivery waits while an earlier delivery of the same case to the same endpoint is
  pending (including one waiting for its retry).
- Failure: exponential backoff with jitter; after ``SERDH_WEBHOOK_MAX_ATTEMPTS`` the delivery
  is dead (dead letter), shown on the endpoint page, and may be replayed. ``410 Gone``
  disables the endpoint and cancels its pending deliveries.
"""

import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import random
import secrets
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from serdh.core import audit, context

from .events import cloudevent
from .models import Delivery, DeliveryStatus, EndpointStatus, WebhookEndpoint

log = logging.getLogger("serdh.webhooks")

SECRET_PREFIX = "whsec_"
USER_AGENT = "SER-DH-Webhooks/1"


def new_secret():
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret):
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secrets_, msg_id, timestamp, body):
    """The ``webhook-signature`` header value for ``body`` (bytes)."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1," + base64.b64encode(hmac.new(_key(s), signed, hashlib.sha256).digest()).decode()
        for s in secrets_
    )


def valid_secrets(endpoint, now=None):
    now = now or timezone.now()
    found = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_valid_until
        and (endpoint.previous_valid_until > now)
    ):
        found.append(endpoint.previous_secret)
    return found


def backoff_seconds(attempts):
    """Delay before attempt ``attempts + 1``: base × 2^(n-1), capped, with "equal jitter"
    (half fixed, half random) so that many failing deliveries do not retry in lockstep."""
    base = settings.SERDH_WEBHOOK_BACKOFF_BASE
    delay = min(settings.SERDH_WEBHOOK_BACKOFF_CAP, base * 2 ** max(attempts - 1, 0))
    return delay / 2 + random.uniform(0, delay / 2)


def due(now=None, limit=50):
    """Pending deliveries whose time has come, not leased, and first of their case."""
    now = now or timezone.now()
    earlier = Delivery.objects.filter(
        endpoint_id=OuterRef("endpoint_id"),
        case_key=OuterRef("case_key"),
        status=DeliveryStatus.PENDING,
        pk__lt=OuterRef("pk"),
    )
    return (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .exclude(Exists(earlier))
        .order_by("pk")[:limit]
    )


def _claim(delivery_id, now):
    """The lease (its end time) if this worker got the delivery, else None. The lease is the
    fencing token: the outcome is written only while it is still ours."""
    lease = now + timedelta(seconds=settings.SERDH_WEBHOOK_LEASE_SECONDS)
    got = (
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=lease)
    )
    return lease if got == 1 else None


def _internal_address(host):
    """True if ``host`` resolves to a loopback, private, link-local or reserved address."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return False  # unresolvable: the request itself will fail and be retried
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            return True
    return False


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a new destination: following it would send the event
    (or a bodiless GET) to an address nobody registered. 3xx counts as a failure."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post(url, body, headers):
    """(status code or None, error text). Never raises: whatever an endpoint answers (or
    fails to), the attempt is recorded."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if not settings.SERDH_WEBHOOK_ALLOW_INTERNAL and _internal_address(host):
        return None, "endereço interno recusado (SERDH_WEBHOOK_ALLOW_INTERNAL)"
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with _opener.open(  # the scheme is checked at registration
            request, timeout=settings.SERDH_WEBHOOK_TIMEOUT
        ) as response:
            response.read(1024)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, str(reason)[:300]
    except Exception as exc:  # http.client.HTTPException and kin: a malformed answer
        return None, f"{type(exc).__name__}: {exc}"[:300]


def attempt(delivery, lease=None):
    """Send one delivery now and record the outcome. Returns the new status, or None when the
    lease was lost meanwhile (another worker took over; its outcome stands)."""
    endpoint = delivery.endpoint
    event = delivery.event
    body = json.dumps(cloudevent(event), separators=(",", ":"), ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    msg_id = f"msg_{event.event_id.hex}"
    headers = {
        "content-type": "application/cloudevents+json; charset=utf-8",
        "user-agent": USER_AGENT,
        "webhook-id": msg_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": sign(valid_secrets(endpoint), msg_id, timestamp, body),
    }
    status_code, error = _post(endpoint.url, body, headers)
    now = timezone.now()
    attempts = delivery.attempts + 1
    outcome = {
        "attempts": attempts,
        "last_attempt_at": now,
        "last_status_code": status_code,
        "last_error": error,
        "locked_until": None,
    }
    if status_code is not None and 200 <= status_code < 300:
        outcome.update(status=DeliveryStatus.DELIVERED, delivered_at=now)
    elif status_code == 410:
        outcome.update(status=DeliveryStatus.CANCELLED)
    elif attempts >= settings.SERDH_WEBHOOK_MAX_ATTEMPTS:
        outcome.update(status=DeliveryStatus.DEAD)
    else:
        outcome.update(next_attempt_at=now + timedelta(seconds=backoff_seconds(attempts)))
    with transaction.atomic():
        mine = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING)
        if lease is not None:
            mine = mine.filter(locked_until=lease)
        if not mine.update(**outcome):
            return None
        if status_code == 410:
            _disable(endpoint, "410 Gone")
    return outcome.get("status", DeliveryStatus.PENDING)


def _disable(endpoint, reason):
    updated = WebhookEndpoint.objects.filter(pk=endpoint.pk, status=EndpointStatus.ACTIVE).update(
        status=EndpointStatus.DISABLED, status_reason=reason
    )
    Delivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CANCELLED, locked_until=None
    )
    if updated:
        audit.record(
            "webhook.disabled",
            endpoint,
            organization_id=endpoint.organization_id,
            reason=reason,
        )


def deliver_due(limit=50):
    """Attempt every due delivery once (in order per case and endpoint). Returns how many
    were attempted. Each delivery is claimed just before its attempt, so its lease covers
    that one request however long the batch takes."""
    done = 0
    while True:
        batch = list(due(timezone.now(), limit).values_list("pk", flat=True))
        attempted = 0
        for pk in batch:
            lease = _claim(pk, timezone.now())
            if lease is None:
                continue  # another worker has it
            delivery = Delivery.objects.select_related("endpoint", "event").get(pk=pk)
            active = WebhookEndpoint.objects.filter(
                pk=delivery.endpoint_id, status=EndpointStatus.ACTIVE
            ).exists()
            if not active:
                Delivery.objects.filter(pk=pk).update(
                    status=DeliveryStatus.CANCELLED, locked_until=None
                )
                continue
            with context.use_context(context.for_task(None)):
                attempt(delivery, lease)
            attempted += 1
        done += attempted
        if not attempted:
            return done


def replay(user, delivery):
    """Put a dead (or cancelled) delivery back in the queue, from the endpoint page."""
    from serdh.core import access
    from serdh.core.errors import NotPermitted, ServiceError

    with transaction.atomic():
        locked = (
            Delivery.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=delivery.pk)
            .select_related("endpoint")
            .first()
        )
        if locked is None:
            raise NotPermitted
        if locked.status not in (DeliveryStatus.DEAD, DeliveryStatus.CANCELLED):
            raise ServiceError("Só entregas que falharam ou foram canceladas podem ser reenviadas.")
        if locked.endpoint.status != EndpointStatus.ACTIVE:
            raise ServiceError("Reative o destino antes de reenviar.")
        locked.status = DeliveryStatus.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.locked_until = None
        locked.save()
        audit.record(
            "webhook.replayed",
            locked,
            organization_id=locked.endpoint.organization_id,
            data={"event": str(locked.event.event_id)},
        )
    return locked


class Dispatcher(threading.Thread):
    """The worker's delivery loop: polls for due deliveries every ``interval`` seconds (one
    indexed query when idle), so nothing depends on a queued task surviving a crash."""

    def __init__(self, interval=1.0):
        super().__init__(name="serdh-webhooks", daemon=True)
        self.interval = interval
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            try:
                close_old_connections()
                attempted = deliver_due()
            except Exception:  # a broken endpoint or a database hiccup must not stop the loop
                log.exception("webhook dispatcher")
                attempted = 0
            if not attempted:
                self.stopping.wait(self.interval)
        close_old_connections()

    def stop(self):
        self.stopping.set()
