"""The audit chain: append (``record``) and check (``verify``).

Appends are serialized by updating the single ``AuditChainHead`` row first: that takes a row
lock on PostgreSQL and the write lock on SQLite, so two transactions never link to the same
previous row. Call ``record`` inside the service's transaction: the event commits or rolls back
with the change it describes.
"""

import json

from django.db import transaction
from django.utils import timezone

from . import context
from .chain import GENESIS, Chain, VerifyResult  # noqa: F401 (re-exported)
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


def verify(progress=None, chunk_size=2000, max_rounds=20):
    """Walk the whole audit chain in order; stop at the first broken link."""
    return CHAIN.verify(progress=progress, chunk_size=chunk_size, max_rounds=max_rounds)
