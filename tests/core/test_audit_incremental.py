"""Incremental verification of the audit chain from a verified-through checkpoint."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from serdh.core import audit
from serdh.core.models import AuditEvent


def _events(n):
    return [audit.record("test.event", object_type="test", object_id=str(i)) for i in range(n)]


def _verify(*args):
    out = StringIO()
    call_command("audit", "verify", *args, verbosity=0, stdout=out)
    return out.getvalue()


def _checked(output):
    return int(re.search(r"\[auditoria\] Cadeia íntegra: (\d+) eventos", output).group(1))


def _checkpoint():
    return AuditEvent.objects.filter(action=audit.VERIFIED_ACTION).order_by("-seq").first()


def test_without_a_checkpoint_the_incremental_run_is_a_full_one(db):
    output = _verify("--incremental")
    assert "Verificação completa: sem ponto de controle" in output
    assert _checkpoint().data["full"] is True
    assert _checked(output) == _checkpoint().data["through_seq"]


def test_the_incremental_run_walks_only_the_events_after_the_checkpoint(db):
    full = _verify()
    through = _checkpoint().data["through_seq"]
    assert _checked(full) == through == AuditEvent.objects.filter(seq__lte=through).count()
    _events(5)
    output = _verify("--incremental")
    assert f"ponto de controle seq {through}." in output
    # The five events, the checkpoint itself and what else the full run appended after it.
    after = AuditEvent.objects.filter(seq__gt=through).count() - 1  # minus this run's own
    assert _checked(output) == after < through
    assert after >= 6
    # It records its own checkpoint: the next run starts further on.
    assert _checkpoint().data["through_seq"] > through
    assert _checkpoint().data["full"] is False


def test_a_changed_new_event_is_found(db):
    _verify()
    target = _events(3)[1]
    AuditEvent.objects.filter(pk=target.pk).update(reason="editado")
    with pytest.raises(CommandError) as excinfo:
        _verify("--incremental")
    assert f"seq {target.seq} (linha id={target.pk})" in str(excinfo.value)


def test_a_forged_checkpoint_is_refused_and_the_whole_chain_walked(db):
    _verify()
    target = _events(3)[0]
    AuditEvent.objects.filter(pk=target.pk).update(object_id="999")
    # Moving the checkpoint past the changed event, with the old seal or a made-up one.
    last = _events(1)[0]
    checkpoint = _checkpoint()
    forged = dict(checkpoint.data, through_seq=last.seq, through_hash=last.hash)
    AuditEvent.objects.filter(pk=checkpoint.pk).update(data=forged)
    seq, _hash, problem = audit.verified_checkpoint()
    assert seq is None and "selo inválido" in problem
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify", "--incremental", verbosity=0, stdout=(out := StringIO()))
    assert "Verificação completa: o ponto de controle" in out.getvalue()
    # The full walk stops at the first break: the forged checkpoint event itself (its hash no
    # longer matches), which comes before the changed event it tried to hide.
    assert f"seq {checkpoint.seq} (linha id={checkpoint.pk})" in str(excinfo.value)
    assert checkpoint.seq < target.seq


def test_a_checkpoint_whose_event_was_changed_is_refused(db):
    _verify()
    through = _checkpoint().data["through_seq"]
    AuditEvent.objects.filter(seq=through).update(actor_label="alguem")
    seq, _hash, problem = audit.verified_checkpoint()
    assert seq is None and f"seq {through}" in problem
    with pytest.raises(CommandError):
        _verify("--incremental")


def test_an_old_change_escapes_the_incremental_run_and_the_full_one_finds_it(db):
    old = _events(3)[1]
    _verify()
    _events(2)
    AuditEvent.objects.filter(pk=old.pk).update(action="test.forged")
    assert "Cadeia íntegra" in _verify("--incremental")
    with pytest.raises(CommandError) as excinfo:
        _verify()
    assert f"seq {old.seq} (linha id={old.pk})" in str(excinfo.value)


def test_a_range_is_checked_alone_and_records_no_checkpoint(db):
    events = _events(6)
    first, last = events[1].seq, events[4].seq
    output = _verify("--from", str(first), "--to", str(last))
    assert _checked(output) == 4
    assert f"Intervalo seq {first}–{last}" in output
    assert _checkpoint() is None
    AuditEvent.objects.filter(pk=events[5].pk).update(reason="fora do intervalo")
    assert _checked(_verify("--from", str(first), "--to", str(last))) == 4
    AuditEvent.objects.filter(pk=events[0].pk).update(reason="antes do intervalo")
    with pytest.raises(CommandError, match=f"seq {events[0].seq}"):
        _verify("--from", str(first), "--to", str(last))
    with pytest.raises(CommandError, match="--from"):
        _verify("--to", "3")
