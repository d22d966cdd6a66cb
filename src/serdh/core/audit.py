"""The audit chain: append (``record``) and check (``verify``).

Appends are serialized by updating the single ``AuditChainHead`` row first: that takes a row
lock on PostgreSQL and the write lock on SQLite, so two transactions never link to the same
previous row. Call ``record`` inside the service's transaction: the event commits or rolls back
with the change it describes.
"""

import hashlib
import hmac
import json

from django.db import transaction
from django.utils import timezone

from . import context
from .chain import GENESIS, Chain, VerifyResult  # noqa: F401 (re-exported)
from .keys import keyring
from .models import AuditChainHead, AuditEvent

AUDIT_KEY_ID = "a1"

CHAIN = Chain(
    AuditEvent,
    AuditChainHead,
    (
        "seq",
        "occurred_at",
        "actor_id",
        "actor_label",
        "organization_id",
        "action",
        "object_type",
        "object_id",
        "request_id",
        "ip",
        "channel",
        "reason",
        "flagged",
        "data",
        "key_id",
        "prev_hash",
    ),
    name="audit",
)
# Called with (event, obj) after each append, in the same transaction: how the interop
# outbox learns of state changes without the feature apps importing it.
_listeners = []


# Other chains checked by ``serdh audit verify`` beside this one: label -> verify(progress),
# and their checkpoints (recorded here after a successful check, so that a later wipe of
# that chain cannot pass for an empty one).
_chains = {}
_checkpoints = {}


def register_chain(label, verify_func, checkpoint=None):
    _chains[label] = verify_func
    if checkpoint is not None:
        _checkpoints[label] = checkpoint


def chains():
    return {"auditoria": verify, **_chains}


def checkpoint_chains():
    with transaction.atomic():
        for checkpoint in _checkpoints.values():
            checkpoint()


def add_listener(func):
    if func not in _listeners:
        _listeners.append(func)


def compute_hash(event):
    return CHAIN.compute_hash(event)


def object_ref(obj):
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def record(
    action,
    obj=None,
    *,
    object_type="",
    object_id="",
    reason="",
    flagged=False,
    data=None,
    organization_id=None,
    actor=None,
):
    """Append one event to the chain, in the caller's transaction.

    ``data`` holds identifiers and non-sensitive before/after values only: never names,
    narratives or identifiers of persons.
    """
    ctx = context.current()
    if obj is not None:
        object_type, object_id = object_ref(obj)
    with transaction.atomic():
        event = CHAIN.append(
            occurred_at=timezone.now(),
            actor_id=actor.pk if actor is not None else ctx.actor_id,
            actor_label=actor.get_username() if actor is not None else ctx.actor_label,
            organization_id=(
                organization_id if organization_id is not None else ctx.organization_id
            ),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            request_id=ctx.request_id,
            ip=ctx.ip,
            channel=ctx.channel,
            reason=reason,
            flagged=flagged,
            data=json.loads(json.dumps(data or {}, default=str)),
            key_id=AUDIT_KEY_ID,
        )
        for listener in _listeners:
            listener(event, obj)
    return event


def verify(progress=None, chunk_size=2000, max_rounds=20, start=None, stop=None):
    """Walk the whole audit chain in order; stop at the first broken link (``start`` and
    ``stop``: see ``Chain.verify``)."""
    return CHAIN.verify(
        progress=progress, chunk_size=chunk_size, max_rounds=max_rounds, start=start, stop=stop
    )


# The verified-through checkpoint: after a clean check, an ``audit.verified`` event records
# the last event verified (seq and hash) with an HMAC under the audit key, so that the next
# ``serdh audit verify --incremental`` walks only the events after it, starting from that hash.
# Without the key, a checkpoint cannot be forged or moved forward over tampered events; an
# older genuine one only makes the walk longer. Events before the checkpoint are checked by
# the next full verification only.
VERIFIED_ACTION = "audit.verified"


def checkpoint_mac(seq, last_hash):
    message = json.dumps([VERIFIED_ACTION, CHAIN.name, seq, last_hash], separators=(",", ":"))
    return hmac.new(keyring().audit_key, message.encode(), hashlib.sha256).hexdigest()


def record_verified(result, full):
    """Record a successful verification's end as the checkpoint for the next incremental one."""
    if not result.ok or not result.last_seq:
        return None
    return record(
        VERIFIED_ACTION,
        object_type="core.auditevent",
        data={
            "through_seq": result.last_seq,
            "through_hash": result.last_hash,
            "checked": result.checked,
            "full": full,
            "mac": checkpoint_mac(result.last_seq, result.last_hash),
        },
    )


def verified_checkpoint():
    """The last checkpoint: ``(seq, hash, None)``; ``(None, None, problem)`` when there is none
    or it does not hold (the caller then verifies the whole chain)."""
    event = (
        AuditEvent.objects.filter(action=VERIFIED_ACTION)
        .order_by("-seq")
        .only("seq", "data")
        .first()
    )
    if event is None:
        return None, None, "sem ponto de controle"
    data = event.data or {}
    seq, last_hash, mac = data.get("through_seq"), data.get("through_hash"), data.get("mac")
    if not (
        isinstance(seq, int)
        and isinstance(last_hash, str)
        and isinstance(mac, str)
        and seq < event.seq
        and hmac.compare_digest(mac, checkpoint_mac(seq, last_hash))
    ):
        return None, None, f"o ponto de controle (seq {event.seq}) não confere (selo inválido)"
    # The event it names must still be there, unchanged: one row, read in full.
    row = AuditEvent.objects.filter(seq=seq).first()
    if row is None or not hmac.compare_digest(row.hash, last_hash):
        return None, None, f"o evento seq {seq} do ponto de controle foi apagado ou alterado"
    if not hmac.compare_digest(compute_hash(row), row.hash):
        return None, None, f"o evento seq {seq} do ponto de controle foi alterado"
    return seq, last_hash, None


def verify_incremental(progress=None):
    """Verify the events after the last valid checkpoint. Returns ``(result, start_seq,
    problem)``: ``start_seq`` is None when the whole chain was walked, ``problem`` says why."""
    seq, last_hash, problem = verified_checkpoint()
    if seq is None:
        return verify(progress=progress), None, problem
    return verify(progress=progress, start=(seq, last_hash)), seq, None


def verify_range(first, last=None, progress=None):
    """Verify events ``first``..``last`` (seq) among themselves, from the stored hash of the
    event before ``first`` (itself re-hashed): a spot check, no checkpoint is recorded."""
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq = head.seq if head else 0
    last = head_seq if last is None else min(last, head_seq)
    first = max(first, 1)
    if first == 1:
        start = (0, GENESIS)
    else:
        before = AuditEvent.objects.filter(seq=first - 1).first()
        if before is None:
            return VerifyResult(
                False, 0, first - 1, None, "o evento anterior ao intervalo não existe"
            )
        if not hmac.compare_digest(compute_hash(before), before.hash):
            return VerifyResult(
                False, 0, before.seq, before.id, "conteúdo alterado (hash não confere)"
            )
        start = (before.seq, before.hash)
    if last < first:
        return VerifyResult(True, 0, last_seq=start[0], last_hash=start[1])
    return verify(progress=progress, start=start, stop=last)
