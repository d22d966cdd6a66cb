"""The audit chain: every change by SQL is found and the first broken row is named."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from serdh.core import audit
from serdh.core.context import RequestContext, use_context
from serdh.core.models import AuditChainHead, AuditEvent

TABLE = AuditEvent._meta.db_table
HEAD = AuditChainHead._meta.db_table


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _events(n):
    return [audit.record("test.event", object_type="test", object_id=str(i)) for i in range(n)]


def test_the_demo_chain_verifies(db):
    result = audit.verify()
    assert result.ok, result.describe()
    assert result.checked == AuditEvent.objects.count() > 10


def test_each_event_links_to_the_previous_one(db):
    first, second = _events(2)
    assert second.prev_hash == first.hash
    assert second.seq == first.seq + 1


def test_an_event_carries_the_request_context(db):
    ctx = RequestContext(
        request_id="req-abc-123",
        actor_id=7,
        actor_label="ana",
        organization_id=3,
        ip="10.1.2.3",
        channel="web",
    )
    with use_context(ctx):
        event = audit.record("test.context", object_type="x", object_id="1", reason="porque")
    event.refresh_from_db()
    assert (
        event.request_id,
        event.actor_id,
        event.actor_label,
        event.organization_id,
        event.ip,
        event.channel,
        event.reason,
    ) == ("req-abc-123", 7, "ana", 3, "10.1.2.3", "web", "porque")


def test_changing_a_field_by_sql_breaks_the_chain_at_that_row(db):
    events = _events(3)
    target = events[1]
    _sql(f"UPDATE {TABLE} SET action = %s WHERE id = %s", ["test.forged", target.pk])
    result = audit.verify()
    assert not result.ok
    assert result.broken_seq == target.seq
    assert result.broken_id == target.pk
    assert "alterado" in result.problem


@pytest.mark.parametrize(
    "column,value",
    [
        ("actor_label", "outra.pessoa"),
        ("reason", "editado"),
        ("object_id", "999"),
        ("ip", "1.1.1.1"),
        ("flagged", True),
    ],
)
def test_any_hashed_column_changed_by_sql_is_found(db, column, value):
    target = _events(2)[0]
    _sql(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, target.pk])
    assert audit.verify().broken_seq == target.seq


def test_recomputing_a_plain_sha256_does_not_help_a_forger(db):
    """The seal is an HMAC with the audit key: without the key a consistent row cannot be made."""
    import hashlib

    target = _events(2)[0]
    fake = hashlib.sha256(b"forged").hexdigest()
    _sql(f"UPDATE {TABLE} SET reason = %s, hash = %s WHERE id = %s", ["x", fake, target.pk])
    result = audit.verify()
    assert result.broken_seq == target.seq


def test_deleting_a_middle_row_is_found_at_the_gap(db):
    events = _events(3)
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [events[1].pk])
    result = audit.verify()
    assert not result.ok
    assert result.broken_seq == events[1].seq
    assert result.broken_id == events[2].pk


def test_deleting_the_last_rows_is_found_through_the_head(db):
    events = _events(2)
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [events[-1].pk])
    result = audit.verify()
    assert not result.ok
    assert "cabeça" in result.problem


def test_inserting_a_row_by_sql_is_found(db):
    last = _events(1)[0]
    _sql(
        f"INSERT INTO {TABLE} (seq, occurred_at, actor_label, action, object_type, object_id, "
        "request_id, ip, channel, reason, flagged, data, key_id, prev_hash, hash) "
        "VALUES (%s, %s, '', 'test.inserted', '', '', '', '', '', '', %s, '{}', 'a1', %s, %s)",
        [last.seq + 1, last.occurred_at, False, last.hash, "f" * 64],
    )
    result = audit.verify()
    assert not result.ok
    assert result.broken_seq == last.seq + 1


def test_the_command_names_the_broken_row(db, capsys):
    target = _events(2)[0]
    call_command("audit", "verify", verbosity=0)
    _sql(f"UPDATE {TABLE} SET object_type = %s WHERE id = %s", ["outro", target.pk])
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify", verbosity=0)
    message = str(excinfo.value)
    assert f"seq {target.seq}" in message
    assert f"id={target.pk}" in message


def test_an_event_rolls_back_with_the_change_it_describes(db):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record("test.rolled_back")
        raise RuntimeError("the service failed")
    assert AuditEvent.objects.count() == before
    assert audit.verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(on_postgres):
    if not on_postgres:
        pytest.skip("SQLite serializes writers by itself; the race matters on PostgreSQL")
    # Start from an empty chain: the writers also race to create its head row.
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    errors = []

    def writer(n):
        try:
            for i in range(15):
                with transaction.atomic():
                    audit.record("test.concurrent", object_type="t", object_id=f"{n}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    verdicts = []

    def verifier():
        try:
            for _ in range(5):
                verdicts.append(audit.verify())
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    threads.append(threading.Thread(target=verifier))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    # A verification running beside the writers never reports a healthy chain as broken.
    assert [v.describe() for v in verdicts if not v.ok] == []
    result = audit.verify()
    assert result.ok, result.describe()
    assert AuditEvent.objects.filter(action="test.concurrent").count() == 90


def test_a_rewound_head_is_found_by_its_seal(db):
    events = _events(3)
    assert audit.verify().ok
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [events[-1].pk])
    _sql(f"UPDATE {HEAD} SET seq = seq - 1, last_hash = %s", [events[-2].hash])
    result = audit.verify()
    assert not result.ok and "selo" in result.problem
