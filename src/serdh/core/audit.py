"""The audit chain: append (``record``) and check (``verify``).

Appends are serialized by updating the single ``AuditChainHead`` row first: that takes a row
lock on PostgreSQL and the write lock on SQLite, so two transactions never link to the same
previous row. Call ``record`` inside the service's transaction: the event commits or rolls back
with the change it describes.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import context
from .keys import keyring
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
AUDIT_KEY_ID = "a1"

_HASHED_FIELDS = (
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
)


def _canonical(event):
    values = []
    for name in _HASHED_FIELDS:
        value = getattr(event, name)
        if name == "occurred_at":
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        values.append(value)
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(event):
    return hmac.new(keyring().audit_key, _canonical(event).encode(), hashlib.sha256).hexdigest()


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
        updated = AuditChainHead.objects.filter(pk=1).update(seq=F("seq") + 1)
        if not updated:
            # First event of an empty chain: several writers may get here at once, so the
            # head is inserted "if absent" and then locked by the same update as usual.
            AuditChainHead.objects.bulk_create(
                [AuditChainHead(pk=1, seq=0, last_hash=GENESIS)], ignore_conflicts=True
            )
            AuditChainHead.objects.filter(pk=1).update(seq=F("seq") + 1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            seq=head.seq,
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
            prev_hash=head.last_hash or GENESIS,
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str = ""

    def describe(self):
        if self.ok:
            return f"Cadeia íntegra: {self.checked} eventos verificados."
        where = f"seq {self.broken_seq}" if self.broken_seq is not None else "fim da cadeia"
        row = f" (linha id={self.broken_id})" if self.broken_id is not None else ""
        return f"Cadeia rompida em {where}{row}: {self.problem}"


def verify(progress=None, chunk_size=2000, max_rounds=20):
    """Walk the whole chain in order; stop at the first broken link.

    The walk reads the rows, then the head. Rows appended while it ran (the head moved on)
    are walked in another round, so a busy system is never reported broken; rows beyond the
    head, or a head beyond the last row, are. ``progress(done, total)`` is called every chunk.
    """
    total = AuditEvent.objects.count()
    expected_seq = 1
    prev_hash = GENESIS
    checked = 0
    fields = ("id", *_HASHED_FIELDS, "hash")
    for _round in range(max_rounds):
        rows = (
            AuditEvent.objects.filter(seq__gte=expected_seq)
            .order_by("seq")
            .only(*fields)
            .iterator(chunk_size=chunk_size)
        )
        walked = 0
        for event in rows:
            if event.seq != expected_seq:
                problem = (
                    f"esperado seq {expected_seq}, encontrado {event.seq} "
                    "(eventos apagados ou inseridos)"
                )
                return VerifyResult(False, checked, expected_seq, event.id, problem)
            if event.prev_hash != prev_hash:
                return VerifyResult(
                    False,
                    checked,
                    event.seq,
                    event.id,
                    "prev_hash não corresponde ao evento anterior (evento anterior alterado, "
                    "apagado ou inserido)",
                )
            if not hmac.compare_digest(compute_hash(event), event.hash):
                return VerifyResult(
                    False, checked, event.seq, event.id, "conteúdo alterado (hash não confere)"
                )
            prev_hash = event.hash
            expected_seq += 1
            checked += 1
            walked += 1
            if progress and checked % chunk_size == 0:
                progress(checked, max(total, checked))
        head = AuditChainHead.objects.filter(pk=1).first()
        head_seq = head.seq if head else 0
        head_hash = head.last_hash if head and head.seq else GENESIS
        if head_seq == checked:
            if head_hash != prev_hash:
                return VerifyResult(
                    False, checked, None, None, "o hash da cabeça da cadeia não confere"
                )
            if progress:
                progress(checked, checked)
            return VerifyResult(True, checked)
        if head_seq < checked:
            return VerifyResult(
                False,
                checked,
                head_seq + 1,
                None,
                f"há eventos além da cabeça da cadeia (cabeça em {head_seq}, {checked} "
                "encontrados): linhas inseridas",
            )
        # The head says more rows exist than we walked. Rows committed between our walk and
        # our read of the head are visible now; if none are, they were deleted.
        if walked == 0 and not AuditEvent.objects.filter(seq__gte=expected_seq).exists():
            return VerifyResult(
                False,
                checked,
                None,
                None,
                f"a cabeça da cadeia indica {head_seq} eventos e só {checked} existem "
                "(últimos eventos apagados?)",
            )
        # The head moved on while we walked: new events were appended. Walk them too.
    return VerifyResult(False, checked, None, None, "a cadeia não parou de crescer; tente de novo")
