"""The API message log: every exchange on /api/v1/ and /oauth/, chained like the audit trail.

Recorded per request: time, system client, user, organization, request id, the case protocol
it concerns (``X-SERDH-Protocol`` sent by the caller or set by SER-DH on the response), method,
path (without the query string, which could carry search terms), status, latency, and SHA-256
digests of the request and response bodies; never the bodies. The response carries
``X-SERDH-Request-Hash`` so the caller can prove what SER-DH received (X-Road's
``X-Road-Request-Hash``).

Retention: ``prune`` deletes rows older than ``SERDH_MESSAGE_LOG_RETENTION_DAYS`` from the
start of the chain and moves its anchor; the pruning itself is an audit event.
"""

import hashlib
import logging
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone

from serdh.core import audit, context
from serdh.core.chain import Chain

from .models import MessageLogEntry, MessageLogHead

log = logging.getLogger("serdh.messagelog")

CHAIN = Chain(
    MessageLogEntry,
    MessageLogHead,
    (
        "seq",
        "occurred_at",
        "client_id",
        "user_id",
        "user_label",
        "organization_id",
        "request_id",
        "protocol",
        "method",
        "path",
        "status",
        "latency_ms",
        "request_sha256",
        "response_sha256",
        "prev_hash",
    ),
    label="mensagens",
    name="messagelog",
)

LOGGED_PREFIXES = ("/api/v1/", "/oauth/")
PROTOCOL_HEADER = "X-SERDH-Protocol"
_PROTOCOL_RE = re.compile(r"^[A-Z]{2}-\d{4}-\d{6}$")


def clean_protocol(value):
    value = (value or "").strip().upper()
    return value if _PROTOCOL_RE.match(value) else ""


def _sha256(data):
    return hashlib.sha256(data or b"").hexdigest()


class MessageLogMiddleware:
    """Place after authentication: it reads who called once the view has run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(LOGGED_PREFIXES):
            return self.get_response(request)
        started = time.perf_counter()
        try:
            request_hash = _sha256(request.body)
        except RequestDataTooBig:
            request_hash = ""
            response = JsonResponse(
                {"type": "about:blank", "title": "Corpo grande demais", "status": 413},
                status=413,
                content_type="application/problem+json",
            )
        else:
            response = self.get_response(request)
        latency = int((time.perf_counter() - started) * 1000)
        response["X-SERDH-Request-Hash"] = request_hash
        # API answers may carry names: no browser or proxy keeps them.
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        protocol = clean_protocol(response.get(PROTOCOL_HEADER, "")) or clean_protocol(
            request.headers.get(PROTOCOL_HEADER, "")
        )
        if protocol and PROTOCOL_HEADER not in response:
            response[PROTOCOL_HEADER] = protocol
        body = b"" if response.streaming else response.content
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        ctx = context.current()
        try:
            CHAIN.append(
                occurred_at=timezone.now(),
                client_id=getattr(request, "serdh_client_id", "") or "",
                user_id=user.pk if authenticated else None,
                user_label=user.get_username() if authenticated else "",
                organization_id=ctx.organization_id,
                request_id=getattr(request, "request_id", "") or ctx.request_id,
                protocol=protocol,
                method=request.method[:10],
                path=request.path[:300],
                status=response.status_code,
                latency_ms=latency,
                request_sha256=request_hash,
                response_sha256=_sha256(body),
            )
        except Exception:  # the answer was produced (and committed); say so loudly
            log.exception("message log append failed for request %s", request.request_id)
        return response


CHECKED_ACTIONS = ("messagelog.pruned", "messagelog.checkpoint")


def verify(progress=None):
    """The chain from its anchor, and the chain against the audit trail: the anchor must be
    the one the last pruning recorded, and the head must not be behind the last checkpoint,
    so rows cannot be dropped from either end (nor the whole log wiped) unnoticed."""
    from serdh.core.chain import VerifyResult
    from serdh.core.models import AuditEvent

    def broken(problem):
        return VerifyResult(False, 0, None, None, problem, CHAIN.label)

    anchor_seq, anchor_hash = CHAIN.anchor()
    pruned = AuditEvent.objects.filter(action="messagelog.pruned").order_by("-seq").first()
    if pruned is not None or anchor_seq:
        recorded = (pruned.data or {}) if pruned else {}
        if recorded.get("through_seq") != anchor_seq or recorded.get("anchor_hash") != anchor_hash:
            return broken(
                "a âncora de retenção não corresponde ao último expurgo registrado na auditoria"
            )
    last = AuditEvent.objects.filter(action__in=CHECKED_ACTIONS).order_by("-seq").first()
    if last is not None:
        floor = (last.data or {}).get("head_seq", (last.data or {}).get("through_seq", 0))
        head = MessageLogHead.objects.filter(pk=1).first()
        if (head.seq if head else 0) < floor:
            return broken(
                f"a cabeça está em {head.seq if head else 0}, atrás do ponto de controle {floor} "
                "registrado na auditoria (mensagens apagadas?)"
            )
    return CHAIN.verify(progress=progress)


def checkpoint():
    """Record the head in the audit trail (``serdh audit verify`` does it after a clean check)."""
    head = MessageLogHead.objects.filter(pk=1).first()
    if head is None:
        return None
    return audit.record(
        "messagelog.checkpoint",
        object_type="interop.messagelogentry",
        data={"head_seq": head.seq, "head_hash": head.last_hash},
    )


def prune(now=None, days=None):
    """Delete entries older than the retention period. Returns how many were deleted."""
    days = settings.SERDH_MESSAGE_LOG_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    last = (
        MessageLogEntry.objects.filter(occurred_at__lt=cutoff)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    if last is None:
        return 0
    with transaction.atomic():
        deleted, anchor_hash = CHAIN.prune_through(last)
        if deleted:
            audit.record(
                "messagelog.pruned",
                object_type="interop.messagelogentry",
                data={"through_seq": last, "anchor_hash": anchor_hash, "deleted": deleted},
            )
    return deleted
