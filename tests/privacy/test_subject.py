"""The data subject's report (issue 12; LGPD arts. 18-19): found by CPF, CNS or NIS; what is
held, which services hold it and why, who read it and when, as a page and a PDF; audited with
a reason; never narratives, other parties or professionals' names. Rectification requests go
to the registering service, whose coordinator answers."""

import base64
import re
import zlib

from django.urls import reverse
from faker import Faker

from serdh.cases.models import Party
from serdh.core.models import AuditEvent
from serdh.privacy import subject
from serdh.privacy.models import Rectification, SubjectRequest
from tests.cases.factories import open_case, refer

fake = Faker("pt_BR")
AUTHOR = "Carlos Eduardo Lima"  # the alleged author in tests.cases.factories


def pdf_text(data):
    """The text drawn in a PDF made by ReportLab (page streams: ASCII85, then Flate)."""
    chunks = []
    for stream in re.findall(rb"\bstream\r?\n(.*?)endstream", data, re.S):
        raw = stream.strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        try:
            chunks.append(zlib.decompress(raw))
        except zlib.error:
            chunks.append(raw)
    return b"".join(chunks).decode("latin-1")


def a_victim(username="creas.passos", name="Luana Teixeira Prado"):
    cpf = fake.cpf()
    case = open_case(username, victim_name=name, cpf=cpf.replace(".", "").replace("-", ""))
    return case, cpf


def ask(client, kind, number, reason="Pedido de acesso do próprio titular pela ouvidoria"):
    return client.post(
        reverse("privacy:subject_search"),
        {"kind": kind, "number": number, "reason": reason, "reference": "OUV-2026-0042"},
    )


def test_the_auditor_finds_the_person_and_sees_who_holds_and_who_read(client_for):
    case, cpf = a_victim()
    refer(case, from_user="creas.passos", to="Conselho Tutelar de Passos")
    client_for("creas.passos").get(reverse("cases:case_detail", args=[case.pk]))
    auditor = client_for("auditor.mg")
    found = ask(auditor, "cpf", cpf)  # formatted with dots and dash
    assert found.status_code == 302
    page = auditor.get(found["Location"])
    html = page.content.decode()
    assert case.protocol in html and "CREAS Passos" in html
    assert "Conselho Tutelar de Passos" in html  # referred to: holds the data too
    assert "leitura do caso" in html and "art. 11, II, b" in html
    assert "Luana Teixeira Prado" in html  # the subject's own identification
    for never in (AUTHOR, "Relato de teste", "creas.passos", "cras.passos"):
        assert never not in html, never
    made = SubjectRequest.objects.get()
    assert made.reference == "OUV-2026-0042"
    events = AuditEvent.objects.filter(action__startswith="privacy.subject")
    assert {e.action for e in events} == {
        "privacy.subject_search",
        "privacy.subject_request",
        "privacy.subject_report",
    }
    assert all(e.flagged for e in events)
    assert events.get(action="privacy.subject_request").reason.startswith("Pedido de acesso")


def test_the_pdf_has_the_same_facts_and_nothing_more(client_for):
    case, cpf = a_victim(name="Ana D'Ávila Souza")
    auditor = client_for("auditor.mg")
    location = ask(auditor, "cpf", cpf)["Location"]
    pk = SubjectRequest.objects.get().pk
    response = auditor.get(reverse("privacy:subject_pdf", args=[pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"].startswith("no-store")
    data = response.content
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert case.protocol in text and "CREAS Passos" in text
    assert AUTHOR not in text and "Relato de teste" not in text
    assert location.endswith(f"/{pk}/")
    # Handing the PDF over answers the request (LGPD art. 19, II: within 15 days).
    made = SubjectRequest.objects.get()
    assert made.answered_at is not None
    from django.utils import timezone

    assert (made.answer_due - timezone.localdate(made.created_at)).days == 15
    listing = auditor.get(reverse("privacy:subject_search")).content.decode()
    assert "OUV-2026-0042" in listing and "respondido em" in listing


def test_cns_and_nis_find_the_person_too(client_for):
    case, _cpf = a_victim()
    person = Party.objects.get(case=case, role="victim").person
    from serdh.core.crypto import blind_index

    person.cns, person.cns_index = "898001160360007", blind_index("898001160360007", "cns")
    person.save()
    assert ask(client_for("auditor.mg"), "cns", "898 0011 6036 0007").status_code == 302


def test_an_unknown_number_and_a_thin_reason_are_explained(client_for):
    _case, cpf = a_victim()
    auditor = client_for("auditor.mg")
    missing = ask(auditor, "cpf", "111.444.777-35")
    assert "Nenhuma pessoa com este identificador" in missing.content.decode()
    thin = ask(auditor, "cpf", cpf, reason="porque sim")
    assert "ao menos 4 palavras" in thin.content.decode()
    assert not SubjectRequest.objects.exists()
    assert AuditEvent.objects.filter(action="privacy.subject_search").count() == 2


def test_another_state_s_person_is_not_found(client_for, db):
    _case, cpf = a_victim()
    from serdh.cases.models import Case
    from serdh.network.models import Municipality

    Case.objects.update(municipality=Municipality.objects.get(code=3550308))  # São Paulo
    assert "Nenhuma pessoa" in ask(client_for("auditor.mg"), "cpf", cpf).content.decode()


def test_a_rectification_goes_to_the_registering_service_and_its_coordinator_answers(
    client_for,
):
    case, cpf = a_victim("creas.passos")
    auditor = client_for("auditor.mg")
    report = ask(auditor, "cpf", cpf)["Location"]
    made = SubjectRequest.objects.get()
    done = auditor.post(
        reverse("privacy:rectification_create", args=[made.pk]),
        {"what": "A data de nascimento está errada: nasceu em 2015."},
        follow=True,
    )
    assert "encaminhado a: CREAS Passos" in done.content.decode()
    rectification = Rectification.objects.get()
    assert rectification.organization.name == "CREAS Passos"
    # The coordinator of another service cannot answer it.
    assert list(subject.pending_rectifications(_user("cras.passos"))) == []
    coordinator = client_for("coord.creas.passos")
    listed = coordinator.get(reverse("web:approvals")).content.decode()
    assert "Pedidos de retificação (LGPD)" in listed and "nasceu em 2015" in listed
    coordinator.post(
        reverse("privacy:rectification_decide", args=[rectification.pk]),
        {"outcome": "done", "note": "Data corrigida no cadastro da pessoa."},
    )
    rectification.refresh_from_db()
    assert rectification.status == "done"
    assert rectification.decided_by.username == "coord.creas.passos"
    assert AuditEvent.objects.filter(action="rectification.done").get().flagged
    assert "Data corrigida" in auditor.get(report).content.decode()


def _user(username):
    from serdh.accounts.models import User

    return User.objects.get(username=username)
