"""The API message log: every exchange recorded with who, what, digests and timing; chained
and checked by ``serdh audit verify``; pruned by retention without breaking verification."""

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from serdh.core.models import AuditEvent
from serdh.interop import messagelog
from serdh.interop.models import MessageLogEntry, MessageLogHead
from tests.cases.factories import open_case
from tests.interop.factories import bearer, system_client, token

pytestmark = pytest.mark.django_db
TABLE = MessageLogEntry._meta.db_table


def sha(data):
    return hashlib.sha256(data).hexdigest()


def last():
    return MessageLogEntry.objects.order_by("-seq").first()


def test_an_api_exchange_is_recorded_with_digests_not_bodies():
    case = open_case(victim_name="Marta Registro Log")
    client, secret = system_client()
    api = bearer(token(client, secret))
    response = api.get(f"/api/v1/cases/{case.pk}/", HTTP_X_REQUEST_ID="sistema-xyz-0001")
    entry = last()
    assert entry.client_id == client.client_id
    assert (
        entry.user_id == client.service_user_id and entry.organization_id == client.organization_id
    )
    assert entry.request_id == "sistema-xyz-0001" == response["X-Request-ID"]
    assert (entry.method, entry.path, entry.status) == ("GET", f"/api/v1/cases/{case.pk}/", 200)
    # SER-DH names the case it answered about; the caller can correlate by it.
    assert entry.protocol == case.protocol == response["X-SERDH-Protocol"]
    assert entry.response_sha256 == sha(response.content)
    assert entry.request_sha256 == sha(b"") == response["X-SERDH-Request-Hash"]
    stored = " ".join(str(v) for v in MessageLogEntry.objects.values_list().get(pk=entry.pk))
    assert "Marta" not in stored and "Relato" not in stored


def test_the_caller_names_the_case_with_x_serdh_protocol_and_bodies_are_hashed():
    client, secret = system_client()
    api = bearer(token(client, secret))
    body = b'{"intake_channel": "nao-existe"}'
    response = api.post(
        "/api/v1/cases/",
        body,
        content_type="application/json",
        HTTP_X_SERDH_PROTOCOL="mg-2026-000042",
    )
    assert response.status_code == 400
    entry = last()
    assert entry.protocol == "MG-2026-000042" == response["X-SERDH-Protocol"]
    assert entry.request_sha256 == sha(body) == response["X-SERDH-Request-Hash"]
    assert entry.response_sha256 == sha(response.content) and entry.status == 400
    # A malformed header is not recorded as a protocol.
    api.get("/api/v1/referrals/", HTTP_X_SERDH_PROTOCOL="'; drop table")
    assert last().protocol == ""


def test_token_requests_are_logged_with_the_client_even_when_refused():
    client, _secret = system_client()
    Client().post(
        "/oauth/token/",
        f"grant_type=client_credentials&client_id={client.client_id}&client_secret=errado",
        "application/x-www-form-urlencoded",
    )
    entry = last()
    assert (entry.path, entry.status, entry.client_id) == ("/oauth/token/", 401, client.client_id)
    assert entry.user_id is None


def test_web_pages_are_not_in_the_message_log():
    before = MessageLogEntry.objects.count()
    Client().get("/conta/entrar/")
    Client().get("/api/schema/")
    assert MessageLogEntry.objects.count() == before


def _entries(n):
    client, secret = system_client()
    api = bearer(token(client, secret))
    for _ in range(n):
        api.get("/api/v1/referrals/")
    return list(MessageLogEntry.objects.order_by("seq"))


def test_the_chain_verifies_and_a_changed_row_is_named():
    rows = _entries(4)
    assert messagelog.verify().ok
    target = rows[-2]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET status = 500 WHERE id = %s", [target.pk])
    result = messagelog.verify()
    assert not result.ok and result.broken_seq == target.seq
    with pytest.raises(CommandError, match="mensagens da API"):
        call_command("audit", "verify", verbosity=0)


def test_a_deleted_row_breaks_the_chain():
    rows = _entries(4)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [rows[1].pk])
    assert messagelog.verify().broken_seq == rows[1].seq


def test_retention_prunes_old_rows_and_the_rest_still_verifies():
    rows = _entries(6)
    old = timezone.now() - timedelta(days=800)
    MessageLogEntry.objects.filter(seq__lte=rows[2].seq).update(occurred_at=old)
    # occurred_at is hashed: re-seal the rows the test aged, as if they had been written then.
    _reseal()
    assert messagelog.verify().ok
    deleted = messagelog.prune(days=730)
    assert deleted == 3
    assert not MessageLogEntry.objects.filter(occurred_at__lt=timezone.now() - timedelta(days=730))
    head = MessageLogHead.objects.get(pk=1)
    assert head.anchor_seq == rows[2].seq
    assert messagelog.verify().ok
    pruned = AuditEvent.objects.filter(action="messagelog.pruned").last()
    assert pruned.data["through_seq"] == rows[2].seq
    # Moving the anchor further without an audit event is found.
    MessageLogEntry.objects.filter(seq=rows[3].seq).delete()
    MessageLogHead.objects.filter(pk=1).update(anchor_seq=rows[3].seq, anchor_hash=rows[3].hash)
    assert not messagelog.verify().ok


def _reseal():
    """Recompute the chain after the test changed hashed fields (test set-up only)."""
    from serdh.core.chain import GENESIS

    prev = messagelog.CHAIN.anchor()[1] or GENESIS
    for row in MessageLogEntry.objects.order_by("seq"):
        row.prev_hash = prev
        row.hash = messagelog.CHAIN.compute_hash(row)
        MessageLogEntry.objects.filter(pk=row.pk).update(prev_hash=row.prev_hash, hash=row.hash)
        prev = row.hash
    head = MessageLogHead.objects.get(pk=1)
    head.last_hash = prev
    MessageLogHead.objects.filter(pk=1).update(last_hash=prev, mac=messagelog.CHAIN.seal(head))


def test_the_auditor_searches_the_log_and_the_search_is_audited():
    case = open_case(victim_name="Rita Busca Log")
    client, secret = system_client()
    api = bearer(token(client, secret))
    api.get(f"/api/v1/cases/{case.pk}/")
    page = Client()
    from serdh.accounts.models import User

    page.force_login(User.objects.get(username="auditor.mg"))
    found = page.get("/sima/integracao/mensagens/", {"protocol": case.protocol})
    assert found.status_code == 200
    rows = found.context["rows"]
    assert rows and all(r.protocol == case.protocol for r in rows)
    assert client.client_id in found.content.decode()
    none = page.get("/sima/integracao/mensagens/", {"client_id": "serdh-ninguem"})
    assert list(none.context["rows"]) == []
    assert AuditEvent.objects.filter(action="messagelog.viewed").count() >= 2
    bad = page.get("/sima/integracao/mensagens/", {"status": "abc"})
    assert bad.status_code == 200 and "Informe um número inteiro." in bad.content.decode()


def test_the_prune_command_keeps_the_chain_verifiable(capsys):
    rows = _entries(3)
    MessageLogEntry.objects.filter(seq=rows[0].seq).update(
        occurred_at=timezone.now() - timedelta(days=40)
    )
    _reseal()
    call_command("messagelog", "prune", "--days", "30")
    assert "1 mensagens expurgadas." in capsys.readouterr().out
    assert not MessageLogEntry.objects.filter(seq=rows[0].seq).exists()
    call_command("messagelog", "verify", verbosity=0)
    call_command("audit", "verify", verbosity=0)
    with pytest.raises(CommandError):
        call_command("messagelog", "prune", "--days", "0")


def test_an_oversized_body_is_refused_and_still_logged():
    client, secret = system_client()
    api = bearer(token(client, secret))
    response = api.post("/api/v1/cases/", b"x" * (6 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert (last().status, last().path) == (413, "/api/v1/cases/")


def test_rewinding_the_head_or_wiping_the_log_after_a_checkpoint_is_found():
    rows = _entries(4)
    assert messagelog.verify().ok
    # Drop the last row and rewind the head to the row before: the seal gives it away.
    MessageLogEntry.objects.filter(seq=rows[-1].seq).delete()
    MessageLogHead.objects.filter(pk=1).update(seq=rows[-2].seq, last_hash=rows[-2].hash)
    assert "selo" in messagelog.verify().problem
    # After `serdh audit verify` recorded a checkpoint, wiping everything is found too.
    _reseal()
    MessageLogHead.objects.filter(pk=1).update(seq=rows[-2].seq)
    head = MessageLogHead.objects.get(pk=1)
    MessageLogHead.objects.filter(pk=1).update(mac=messagelog.CHAIN.seal(head))
    assert messagelog.verify().ok
    call_command("audit", "verify", verbosity=0)
    assert AuditEvent.objects.filter(action="messagelog.checkpoint").exists()
    MessageLogEntry.objects.all().delete()
    MessageLogHead.objects.all().delete()
    assert "ponto de controle" in messagelog.verify().problem


def test_api_answers_are_not_cached():
    client, secret = system_client()
    response = bearer(token(client, secret)).get("/api/v1/referrals/")
    assert response["Cache-Control"] == "no-store, private"
