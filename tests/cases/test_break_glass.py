"""Break-the-glass reads (issue 11, finding 3).

The attack reproduced: under an active grant, a manager downloaded an attachment, read
``GET /api/v1/cases/<id>/`` and ``GET /api/v1/persons/<id>/`` (the person in full, although
the web's person page answers 403 to managers), and the audit trail logged them as ordinary
reads, without the flag or the justification. Now every read under a grant carries both, with
the grant's id, persons are the services' alone on every channel, and a justification needs
a reason category and at least eight real words.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serdh.cases import attachments, breakglass
from serdh.core.models import AuditEvent
from tests.cases.factories import acting, open_case

REASON = "Risco de morte relatado pelo hospital regional sem resposta da rede local"


@pytest.fixture
def case(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = open_case(victim_name="Helena Quebra Vidro")
    attachments.add_attachment(
        acting("cras.passos"),
        case,
        SimpleUploadedFile("laudo.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    return case


def open_glass(client, case):
    response = client.post(
        reverse("cases:break_glass", args=[case.pk]),
        {"reason_category": "risk", "justification": REASON, "hours": 1},
    )
    assert response.status_code == 302
    return case.break_glass.get()


def test_every_read_under_a_grant_is_flagged_with_the_grant(client_for, case):
    manager = client_for("gestor.passos")
    grant = open_glass(manager, case)
    attachment = case.attachments.get()

    assert manager.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    download = manager.get(reverse("cases:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    api = manager.get(f"/api/v1/cases/{case.pk}/")
    assert api.status_code == 200 and api.json()["view"] == "full"

    reads = AuditEvent.objects.filter(
        actor_label="gestor.passos", action__in=["case.viewed", "attachment.downloaded"]
    )
    assert sorted(e.action for e in reads) == [
        "attachment.downloaded",
        "case.viewed",
        "case.viewed",
    ]
    for event in reads:
        assert event.flagged, event.action
        assert event.data["break_glass"] == grant.pk
        assert event.reason == REASON
    assert {e.data.get("channel") for e in reads if e.action == "case.viewed"} == {None, "api"}


def test_a_manager_never_reads_a_person_not_even_under_a_grant(client_for, case):
    manager = client_for("gestor.passos")
    open_glass(manager, case)
    person = case.parties.get(role="victim").person
    assert manager.get(reverse("cases:person_detail", args=[person.pk])).status_code == 403
    api = manager.get(f"/api/v1/persons/{person.pk}/")
    assert api.status_code == 403
    assert api["Content-Type"] == "application/problem+json"
    assert "Helena" not in api.content.decode()
    assert not AuditEvent.objects.filter(action="person.viewed").exists()
    # The service that registered the case still reads it, on both channels.
    worker = client_for("cras.passos")
    assert worker.get(f"/api/v1/persons/{person.pk}/").json()["full_name"] == (
        "Helena Quebra Vidro"
    )


def test_reads_without_a_grant_are_not_flagged(client_for, case):
    client_for("cras.passos").get(reverse("cases:case_detail", args=[case.pk]))
    event = AuditEvent.objects.get(action="case.viewed")
    assert not event.flagged and "break_glass" not in event.data


@pytest.mark.parametrize(
    "text",
    [
        "",
        "preciso ver",
        "a" * 80,
        "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa",
        "teste teste teste teste teste teste teste teste teste",
        "asdf qwer zxcv hjkl asdf qwer zxcv hjkl",
        "1234 5678 9012 3456 7890 1234 5678 9012",
        "caso caso caso caso urgente urgente urgente urgente",
    ],
)
def test_a_justification_without_substance_is_refused(client_for, case, text):
    response = client_for("gestor.passos").post(
        reverse("cases:break_glass", args=[case.pk]),
        {"reason_category": "risk", "justification": text, "hours": 1},
    )
    assert response.status_code == 200
    assert not case.break_glass.exists()


def test_a_justification_needs_a_reason_category(client_for, case):
    response = client_for("gestor.passos").post(
        reverse("cases:break_glass", args=[case.pk]), {"justification": REASON, "hours": 1}
    )
    assert response.status_code == 200 and "Este campo é obrigatório" in response.content.decode()
    assert not case.break_glass.exists()
    with pytest.raises(breakglass.ServiceError):
        breakglass.request_break_glass(
            acting("gestor.passos"), case, justification=REASON, hours=1, reason_category="x"
        )


def test_eight_real_words_are_enough():
    assert breakglass.justification_problem(
        "Ministério Público requisitou o relatório do caso hoje"
    )
    assert (
        breakglass.justification_problem(
            "O Ministério Público requisitou hoje o relatório completo deste caso grave"
        )
        is None
    )
