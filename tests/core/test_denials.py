"""Denied reads are audit events, summarized so a crawler cannot flood the chain (issue 11,
ASVS 5.0 16.3.2); the auditor's review page shows them per user."""

import pytest
from django.urls import reverse

from serdh.core.models import AuditEvent, DeniedAccess
from tests.cases.factories import open_case


@pytest.fixture
def case(db):
    return open_case(victim_name="Caso Negado Teste")


def test_a_denied_case_read_is_an_audit_event(client_for, case):
    assert (
        client_for("cras.bh").get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    )
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor_label == "cras.bh"
    assert (event.object_type, event.object_id) == ("cases.case", str(case.pk))
    assert event.data == {"status": 404}


def test_denied_api_reads_person_and_attachment_reads_are_counted(client_for, case):
    client = client_for("cras.bh")
    person = case.parties.get(role="victim").person
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert client.get(f"/api/v1/persons/{person.pk}/").status_code == 404
    assert client.get(reverse("cases:person_detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("cases:attachment_download", args=[999999])).status_code == 404
    kinds = set(DeniedAccess.objects.values_list("object_type", flat=True))
    assert kinds == {"api.case", "api.person", "people.person", "cases.attachment"}


def test_a_crawler_leaves_a_few_chain_events_and_exact_counts(client_for, case, monkeypatch):
    # One window for the whole crawl: 120 requests on a loaded machine may cross a 10-minute
    # boundary, and a new window starts its own counts (CI saw it with two passes at once).
    from django.utils import timezone

    from serdh.core import denials

    start = denials._window_start(timezone.now())
    monkeypatch.setattr(denials, "_window_start", lambda now: start)
    client = client_for("cras.bh")
    before = AuditEvent.objects.count()
    for pk in range(case.pk, case.pk + 120):
        client.get(reverse("cases:case_detail", args=[pk]))
    chain = AuditEvent.objects.filter(action__startswith="access.denied")
    assert [e.action for e in chain.order_by("seq")] == [
        "access.denied",
        "access.denied_summary",
        "access.denied_summary",
    ]
    assert [e.data.get("count") for e in chain.order_by("seq")][1:] == [10, 100]
    assert AuditEvent.objects.count() - before == 3
    assert DeniedAccess.objects.get(actor_label="cras.bh").count == 120


def test_the_auditor_sees_denied_reads_per_user(client_for, case):
    for _ in range(3):
        client_for("ct.bh").get(reverse("cases:case_detail", args=[case.pk]))
    html = client_for("auditor.mg").get(reverse("web:access_review")).content.decode()
    assert "Acessos negados por usuário" in html
    assert "ct.bh" in html and ">3<" in html
    assert AuditEvent.objects.filter(action="access_review.viewed").exists()
    # Nobody else reads the counts.
    assert client_for("admin.mg").get(reverse("web:access_review")).status_code == 403


def test_an_anonymous_request_is_not_counted(client, case):
    client.get(f"/api/v1/cases/{case.pk}/")
    assert not DeniedAccess.objects.exists()
