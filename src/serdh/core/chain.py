"""Append-only HMAC chains: the audit trail and the API message log are both one.

A chain is a table of rows with a gap-free ``seq``, each row's ``hash`` an HMAC-SHA256 (audit
key) over its listed fields and the previous row's hash, plus a single *head* row that
serializes appends and records the end of the chain. Appends update the head first: that
takes a row lock on PostgreSQL and the write lock on SQLite, so two transactions never link
to the same previous row.

A chain may be pruned from its start (retention): the head then keeps an *anchor*, the seq
and hash of the last deleted row, and verification starts from it. Rows deleted without
moving the anchor show as a gap, exactly as a deletion in the middle does.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F

from .keys import keyring

GENESIS = "0" * 64


def _canonical_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str = ""
    label: str = "eventos"
    # The last row verified (seq and hash): what a verified-through checkpoint records.
    last_seq: int | None = None
    last_hash: str = ""

    def describe(self):
        if self.ok:
            return f"Cadeia íntegra: {self.checked} {self.label} verificados."
        where = f"seq {self.broken_seq}" if self.broken_seq is not None else "fim da cadeia"
        row = f" (linha id={self.broken_id})" if self.broken_id is not None else ""
        return f"Cadeia rompida em {where}{row}: {self.problem}"


def head_mac(name, seq, last_hash, anchor_seq=0, anchor_hash=""):
    """The seal of a chain's head: rewinding or blanking the head without the audit key
    (which is never in the database) is detected."""
    message = json.dumps([name, seq, last_hash, anchor_seq, anchor_hash], separators=(",", ":"))
    return hmac.new(keyring().audit_key, message.encode(), hashlib.sha256).hexdigest()


class Chain:
    """One chain: ``model`` holds the rows, ``head_model`` the single head row (pk=1)."""

    def __init__(self, model, head_model, fields, label="eventos", name=""):
        self.model = model
        self.head_model = head_model
        self.fields = tuple(fields)  # hashed, in this order; must end with "prev_hash"
        self.label = label
        self.name = name or model._meta.label_lower

    def seal(self, head):
        return head_mac(
            self.name,
            head.seq,
            head.last_hash,
            getattr(head, "anchor_seq", 0) or 0,
            getattr(head, "anchor_hash", "") or "",
        )

    def canonical(self, row):
        values = [_canonical_value(getattr(row, name)) for name in self.fields]
        return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def compute_hash(self, row):
        return hmac.new(
            keyring().audit_key, self.canonical(row).encode(), hashlib.sha256
        ).hexdigest()

    def _lock_head(self):
        heads = self.head_model.objects
        if not heads.filter(pk=1).update(seq=F("seq") + 1):
            # First row of an empty chain: several writers may get here at once, so the head
            # is inserted "if absent" and then locked by the same update as usual.
            heads.bulk_create(
                [self.head_model(pk=1, seq=0, last_hash=GENESIS)], ignore_conflicts=True
            )
            heads.filter(pk=1).update(seq=F("seq") + 1)
        return heads.select_for_update().get(pk=1)

    def append(self, **values):
        """Insert one row at the end of the chain, in the caller's transaction."""
        with transaction.atomic():
            head = self._lock_head()
            row = self.model(seq=head.seq, prev_hash=head.last_hash or GENESIS, **values)
            row.hash = self.compute_hash(row)
            row.save(force_insert=True)
            head.last_hash = row.hash
            head.mac = self.seal(head)
            head.save(update_fields=["last_hash", "mac"])
        return row

    def anchor(self):
        head = self.head_model.objects.filter(pk=1).first()
        if head is None:
            return 0, GENESIS
        return getattr(head, "anchor_seq", 0) or 0, getattr(head, "anchor_hash", "") or GENESIS

    def prune_through(self, seq):
        """Delete rows up to ``seq`` (inclusive) and move the anchor: what verification of
        the kept rows needs. Returns (deleted, anchor_hash)."""
        with transaction.atomic():
            head = self._lock_head_without_append()
            anchor_seq, _anchor_hash = self.anchor()
            seq = min(seq, head.seq)
            if seq <= anchor_seq:
                return 0, head.anchor_hash
            last = self.model.objects.filter(seq=seq).only("hash").first()
            if last is None:
                raise ValueError(f"seq {seq} não existe: a cadeia já estava rompida")
            deleted, _ = self.model.objects.filter(seq__lte=seq).delete()
            head.anchor_seq = seq
            head.anchor_hash = last.hash
            head.mac = self.seal(head)
            head.save(update_fields=["anchor_seq", "anchor_hash", "mac"])
        return deleted, last.hash

    def _lock_head_without_append(self):
        heads = self.head_model.objects
        heads.bulk_create([self.head_model(pk=1, seq=0, last_hash=GENESIS)], ignore_conflicts=True)
        return heads.select_for_update().get(pk=1)

    def verify(self, progress=None, chunk_size=2000, max_rounds=20, start=None, stop=None):
        """Walk the chain in order from its anchor; stop at the first broken link.

        The walk reads the rows, then the head. Rows appended while it ran (the head moved on)
        are walked in another round, so a busy system is never reported broken; rows beyond
        the head, or a head beyond the last row, are. ``progress(done, total)`` is called
        every chunk.

        ``start=(seq, hash)`` walks only the rows after ``seq``, trusting ``hash`` as that
        row's (a verified-through checkpoint, core.audit); ``stop=seq`` ends the walk at that
        row without reading the head (a range).
        """
        model = self.model
        anchor_seq, prev_hash = self.anchor()
        expected_seq = anchor_seq + 1
        if start is not None and start[0] > anchor_seq:
            expected_seq, prev_hash = start[0] + 1, start[1]
        rows_left = model.objects.filter(seq__gte=expected_seq)
        if stop is not None:
            rows_left = rows_left.filter(seq__lte=stop)
        total = model.objects.count() if expected_seq == anchor_seq + 1 else rows_left.count()
        checked = 0
        fields = ("id", *self.fields, "hash")

        def broken(seq, row_id, problem):
            return VerifyResult(False, checked, seq, row_id, problem, self.label)

        stale = model.objects.filter(seq__lte=anchor_seq).order_by("seq").first()
        if stale is not None:
            return broken(stale.seq, stale.id, "linha anterior à âncora de retenção")
        for _round in range(max_rounds):
            rows = model.objects.filter(seq__gte=expected_seq)
            if stop is not None:
                rows = rows.filter(seq__lte=stop)
            rows = rows.order_by("seq").only(*fields).iterator(chunk_size=chunk_size)
            walked = 0
            for row in rows:
                if row.seq != expected_seq:
                    return broken(
                        expected_seq,
                        row.id,
                        f"esperado seq {expected_seq}, encontrado {row.seq} "
                        "(linhas apagadas ou inseridas)",
                    )
                if row.prev_hash != prev_hash:
                    return broken(
                        row.seq,
                        row.id,
                        "prev_hash não corresponde à linha anterior (linha anterior alterada, "
                        "apagada ou inserida)",
                    )
                if not hmac.compare_digest(self.compute_hash(row), row.hash):
                    return broken(row.seq, row.id, "conteúdo alterado (hash não confere)")
                prev_hash = row.hash
                expected_seq += 1
                checked += 1
                walked += 1
                if progress and checked % chunk_size == 0:
                    progress(checked, max(total, checked))
            if stop is not None:
                if expected_seq <= stop:
                    return broken(
                        expected_seq,
                        None,
                        f"esperado seq {expected_seq}, a linha não existe (linhas apagadas?)",
                    )
                if progress:
                    progress(checked, checked)
                return VerifyResult(
                    True, checked, label=self.label, last_seq=stop, last_hash=prev_hash
                )
            head = self.head_model.objects.filter(pk=1).first()
            if (
                head is not None
                and head.seq
                and not hmac.compare_digest(head.mac or "", self.seal(head))
            ):
                return broken(None, None, "a cabeça da cadeia foi alterada (selo não confere)")
            head_seq = head.seq if head else 0
            head_hash = head.last_hash if head and head.seq else GENESIS
            last_seq = expected_seq - 1
            if head_seq == last_seq:
                if head_hash != prev_hash:
                    return broken(None, None, "o hash da cabeça da cadeia não confere")
                if progress:
                    progress(checked, checked)
                return VerifyResult(
                    True, checked, label=self.label, last_seq=last_seq, last_hash=prev_hash
                )
            if head_seq < last_seq:
                return broken(
                    head_seq + 1,
                    None,
                    f"há linhas além da cabeça da cadeia (cabeça em {head_seq}, última linha "
                    f"{last_seq}): linhas inseridas",
                )
            # The head says more rows exist than we walked. Rows committed between our walk
            # and our read of the head are visible now; if none are, they were deleted.
            if walked == 0 and not model.objects.filter(seq__gte=expected_seq).exists():
                return broken(
                    None,
                    None,
                    f"a cabeça da cadeia indica seq {head_seq} e a última linha é {last_seq} "
                    "(últimas linhas apagadas?)",
                )
        return broken(None, None, "a cadeia não parou de crescer; tente de novo")
