from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from serdh.cases import attachments, breakglass, referrals, selectors
from serdh.cases.models import Case, Referral
from serdh.core import access
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.network.models import Organization
from tests.cases.factories import acting, follow, open_case, refer, term

pytestmark = pytest.mark.django_db


def test_before_accepting_the_receiver_sees_only_what_it_needs_to_decide(client_for):
    case = open_case(victim_name="Mariana Teixeira Gomes")
    referral = refer(case)
    ct = client_for("ct.passos")
    response = ct.get(reverse("cases:referral_detail", args=[referral.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "criança (0–11)" in html and "Passos" in html
    assert "Mariana" not in html and "professora" not in html
    referral.refresh_from_db()
    assert referral.status == "received"  # opening it is the acknowledgement
    assert ct.get(reverse("cases:case_detail", args=[case.pk])).status_code == 302
    assert not Case.objects.restrict(acting("ct.passos"), access.VIEW).filter(pk=case.pk).exists()


def test_after_accepting_the_receiver_follows_the_whole_case(client_for):
    case = open_case(victim_name="Mariana Teixeira Gomes")
    referral = refer(case)
    ct = client_for("ct.passos")
    ct.post(reverse("cases:referral_action", args=[referral.pk, "accept"]))
    html = ct.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Mariana Teixeira Gomes" in html and "professora" in html
    case.refresh_from_db()
    assert case.status == "in_follow_up"


def test_the_full_referral_cycle_appears_on_the_senders_timeline(client_for):
    case = open_case()
    referral = refer(case)
    ct = acting("ct.passos")
    referrals.transition_referral(ct, referral, "accept")
    referrals.transition_referral(ct, referral, "start")
    follow(case, "ct.passos")
    with pytest.raises(ServiceError, match="contrarreferência"):
        referrals.transition_referral(ct, referral, "complete")
    referrals.transition_referral(
        ct, referral, "complete", note="Medida aplicada; família em acompanhamento."
    )
    html = (
        client_for("cras.passos").get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    )
    for text in (
        "aceitou o encaminhamento",
        "iniciou o atendimento",
        "registrado por Conselho Tutelar",
        "concluiu o atendimento",
        "Medida aplicada; família em acompanhamento.",
    ):
        assert text in html


def test_decline_needs_a_reason_and_cancel_belongs_to_the_sender():
    case = open_case()
    referral = refer(case)
    with pytest.raises(ServiceError, match="motivo da recusa"):
        referrals.transition_referral(acting("ct.passos"), referral, "decline")
    with pytest.raises(NotPermitted):
        referrals.transition_referral(acting("ct.passos"), referral, "cancel", reason="x")
    with pytest.raises(NotPermitted):
        referrals.transition_referral(acting("cras.passos"), referral, "accept")
    referrals.transition_referral(acting("ct.passos"), referral, "decline", reason="Fora da área")
    with pytest.raises(ServiceError, match="Recusado"):
        referrals.transition_referral(acting("ct.passos"), referral, "accept")


def test_a_referral_cannot_go_to_a_municipality_without_adhesion():
    case = open_case()
    with pytest.raises(ServiceError, match="não tem adesão ativa"):
        refer(case, to="Conselho Tutelar de Juiz de Fora")


def test_the_due_date_follows_the_urgency_and_overdue_ones_are_flagged(client_for):
    case = open_case(urgency="critical")
    referral = refer(case)
    assert referral.due_date == timezone.localdate() + timedelta(days=1)
    Referral.objects.filter(pk=referral.pk).update(
        due_date=timezone.localdate() - timedelta(days=2)
    )
    html = client_for("ct.passos").get(reverse("cases:inbox")).content.decode()
    assert "vencido" in html
    assert "1 encaminhamento com prazo vencido" in html


def test_another_municipality_cannot_find_the_case_by_protocol_or_name(client_for):
    case = open_case(victim_name="Helena Quaresma Duarte")
    bh = client_for("cras.bh")
    assert bh.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    html = bh.get(reverse("cases:case_list"), {"protocol": case.protocol}).content.decode()
    assert f">{case.protocol}<" not in html
    html = bh.post(
        reverse("cases:case_list"), {"name": "Helena Quaresma"}, follow=True
    ).content.decode()
    assert "Helena Quaresma Duarte" not in html and "Nenhum caso encontrado" in html
    own = client_for("cras.passos").post(
        reverse("cases:case_list"), {"name": "quaresma helena"}, follow=True
    )
    assert case.protocol in own.content.decode()


def test_managers_see_their_territory_without_names(client_for):
    case = open_case(victim_name="Helena Quaresma Duarte")
    url = reverse("cases:case_detail", args=[case.pk])
    html = client_for("gestor.passos").get(url).content.decode()
    assert case.protocol in html and "Vítima 1" in html
    assert "Helena" not in html and "professora" not in html and "Carlos" not in html
    assert client_for("gestor.bh").get(url).status_code == 404
    assert "Vítima 1" in client_for("gestor.mg").get(url).content.decode()
    listing = client_for("gestor.passos").get(reverse("cases:case_list")).content.decode()
    assert case.protocol in listing and "Helena" not in listing
    assert AuditEvent.objects.filter(action="case.viewed_pseudonymized").exists()


def test_break_the_glass_is_justified_time_limited_flagged_and_reviewed(client_for, persona):
    case = open_case(victim_name="Helena Quaresma Duarte")
    manager = client_for("gestor.passos")
    url = reverse("cases:break_glass", args=[case.pk])
    html = manager.post(
        url, {"reason_category": "risk", "justification": "curta", "hours": 1}
    ).content.decode()
    assert "pelo menos 8 palavras" in html
    manager.post(
        url,
        {
            "reason_category": "risk",
            "justification": "Risco de morte relatado pelo hospital sem resposta da rede",
            "hours": 1,
        },
    )
    html = manager.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Helena Quaresma Duarte" in html and "Acesso excepcional ativo" in html
    event = AuditEvent.objects.filter(action="case.viewed").first()
    assert event.flagged and "Risco de morte" in event.reason
    granted = breakglass.active_grant(persona("gestor.passos"), case)
    assert event.data["break_glass"] == granted.pk and granted.reason_category == "risk"
    grant = breakglass.active_grant(persona("gestor.passos"), case)
    grant.expires_at = timezone.now() - timedelta(minutes=1)
    grant.save()
    assert (
        "Helena" not in manager.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    )
    auditor = client_for("auditor.mg")
    assert "Risco de morte" in auditor.get(reverse("cases:break_glass_review")).content.decode()
    auditor.post(reverse("cases:break_glass_decide", args=[grant.pk]), {"outcome": "justified"})
    grant.refresh_from_db()
    assert grant.review_outcome == "justified" and grant.reviewed_by.username == "auditor.mg"


def test_admins_and_the_auditor_never_read_cases(client_for):
    case = open_case()
    for username in ("admin.passos", "admin.mg", "auditor.mg", "editor.mg"):
        assert (
            client_for(username).get(reverse("cases:case_detail", args=[case.pk])).status_code
            == 404
        )


def pdf(name="relatorio.pdf", content=b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"):
    return SimpleUploadedFile(name, content, "application/pdf")


def test_an_attachment_is_stored_encrypted_and_every_download_is_audited(
    client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = open_case()
    attachment = attachments.add_attachment(acting("cras.passos"), case, pdf())
    stored = attachments.storage_path(attachment).read_bytes()
    assert b"%PDF" not in stored
    response = client_for("cras.passos").get(
        reverse("cases:attachment_download", args=[attachment.pk])
    )
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="attachment.downloaded", object_id=str(attachment.pk)
    ).exists()
    assert (
        client_for("cras.bh")
        .get(reverse("cases:attachment_download", args=[attachment.pk]))
        .status_code
        == 404
    )


def test_an_executable_renamed_pdf_and_an_oversized_file_are_refused(
    client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.SERDH_MAX_UPLOAD_BYTES = 2048
    case = open_case()
    client = client_for("cras.passos")
    url = reverse("cases:attachment_add", args=[case.pk])
    html = client.post(
        url, {"file": pdf(content=b"MZ\x90\x00" + b"\x00" * 100), "description": "laudo"}
    ).content.decode()
    assert "não é de um tipo aceito" in html and 'value="laudo"' in html
    html = client.post(url, {"file": pdf(content=b"%PDF-1.4" + b"0" * 4096)}).content.decode()
    assert "o limite é" in html
    assert case.attachments.count() == 0


def test_a_person_known_by_cpf_is_offered_for_reuse(client_for):
    first = open_case(victim_name="Rita de Cássia Moura", cpf="529.982.247-25")
    second = open_case(victim_name="Outra Vítima")
    client = client_for("cras.passos")
    url = reverse("cases:party_add", args=[second.pk])
    form = {
        "role": "guardian",
        "full_name": "Rita Moura",
        "cpf": "52998224725",
        "birth_precision": "day",
    }
    html = client.post(url, form).content.decode()
    assert "Esta pessoa já é conhecida da rede" in html and "Rita de Cássia Moura" in html
    person = first.parties.get(role="victim").person
    client.post(url, {**form, "reuse": str(person.pk)})
    assert second.parties.get(role="guardian").person_id == person.pk
    # Someone who cannot see the first case is not offered the person.
    from serdh.people.selectors import known_persons

    assert not known_persons(acting("cras.bh"), {"cpf": "52998224725"}).exists()


def test_case_and_person_reads_are_audited(client_for):
    case = open_case()
    client = client_for("cras.passos")
    client.get(reverse("cases:case_detail", args=[case.pk]))
    person = case.parties.get(role="victim").person
    client.get(reverse("cases:person_detail", args=[person.pk]))
    viewed = AuditEvent.objects.filter(action="case.viewed", object_id=str(case.pk)).first()
    assert person.pk in viewed.data["persons"]
    assert AuditEvent.objects.filter(action="person.viewed", object_id=str(person.pk)).exists()


def test_the_case_list_pages_with_a_cursor_and_a_fixed_number_of_queries(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(30):
        open_case(victim_name=f"Pessoa Lista {i}")
    client = client_for("cras.passos")
    with CaptureQueriesContext(connection) as first:
        page = client.get(reverse("cases:case_list"))
    assert page.status_code == 200
    page_obj = page.context["page"]
    assert len(page_obj.rows) == 25 and page_obj.next_cursor
    second = client.get(reverse("cases:case_list"), {"antes": page_obj.next_cursor})
    assert len(second.context["page"].rows) >= 5
    for i in range(10):
        open_case(victim_name=f"Mais Pessoa {i}")
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("cases:case_list"))
    assert len(again.captured_queries) == len(first.captured_queries)


def test_the_inbox_does_not_query_per_referral(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    refer(open_case())
    client = client_for("ct.passos")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("cases:inbox"))
    for _ in range(8):
        refer(open_case())
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases:inbox"))
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_deadlines_are_configured_by_the_state_manager(client_for):
    response = client_for("gestor.mg").post(
        reverse("cases:deadlines"), {"critical": 2, "high": 5, "medium": 15, "low": 30}
    )
    assert response.status_code == 302
    assert referrals.deadline_days("high") == 5
    case = open_case(urgency="high")
    assert refer(case).due_date == timezone.localdate() + timedelta(days=5)


def test_the_registering_form_keeps_input_on_error(client_for):
    client = client_for("cras.passos")
    response = client.post(
        reverse("cases:case_create"),
        {
            "reported_on": "2026-03-10",
            "occurred_on": "2026-03-20",
            "reported_precision": "day",
            "occurred_precision": "day",
            "urgency": "high",
            "municipality": 3147907,
            "victim-full_name": "Nome Mantido",
            "victim-cpf": "111.111.111-11",
            "narrative": "Texto que não pode se perder",
            "register": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "não pode ser posterior à notificação" in html
    assert "CPF inválido" in html
    assert 'value="Nome Mantido"' in html and "Texto que não pode se perder" in html


def test_selectors_return_nothing_for_roles_without_cases(persona):
    assert selectors.case_list(acting("admin.mg")).rows == []
    assert Organization.objects.exists()
    assert term("closure_reason")


def test_a_service_without_adhesion_sees_why_it_cannot_register(client_for):
    html = client_for("cras.jf").get(reverse("cases:case_create")).content.decode()
    assert "ainda não tem adesão ativa" in html and "Registrar caso" not in html


def test_a_long_inbox_shows_the_most_urgent_a_page_at_a_time_with_the_true_totals(
    client_for, monkeypatch
):
    from serdh.cases import selectors as case_selectors

    monkeypatch.setattr(case_selectors, "INBOX_LIMIT", 3)
    for urgency in ("low", "critical", "medium", "high", "low"):
        refer(open_case(urgency=urgency))
    ct = client_for("ct.passos")
    response = ct.get(reverse("cases:inbox"))
    assert response.context["awaiting_total"] == 5
    assert [r.urgency for r in response.context["awaiting"]] == ["critical", "high", "medium"]
    html = response.content.decode()
    assert "1–3 de 5, do mais urgente ao menos urgente" in html
    assert "?aguardando=2#aguardando" in html
    second = ct.get(reverse("cases:inbox"), {"aguardando": "2"})
    assert [r.urgency for r in second.context["awaiting"]] == ["low", "low"]
    assert "4–5 de 5" in second.content.decode()
    # A page number that is not one shows the first page; past the end, an empty page.
    for odd in ("²", "-1", "abc", "99999999"):
        again = ct.get(reverse("cases:inbox"), {"aguardando": odd})
        assert again.status_code == 200, odd
    assert ct.get(reverse("cases:inbox"), {"aguardando": "9"}).context["awaiting"] == []


def test_a_new_critical_referral_comes_before_months_old_overdue_ones(client_for):
    """The issue's Conselho Tutelar: a new critical referral for a 9-year-old sat 11th under
    ten old overdue ones, because the inbox was ordered by deadline alone."""
    old = [refer(open_case(urgency="medium", victim_name=f"Antiga {i}")) for i in range(10)]
    Referral.objects.filter(pk__in=[r.pk for r in old]).update(
        due_date=timezone.localdate() - timedelta(days=90)
    )
    new = refer(open_case(urgency="critical", age=9, victim_name="Nova Critica"))
    response = client_for("ct.passos").get(reverse("cases:inbox"))
    shown = response.context["awaiting"]
    assert shown[0].pk == new.pk
    assert [r.pk for r in shown[1:]] == sorted(r.pk for r in old)  # then by deadline, id
    html = response.content.decode()
    # Each row is a link to the referral with the case's summary, not a status word.
    first_row = html[html.index("<tbody>") :].split("</tr>")[0]
    assert reverse("cases:referral_detail", args=[new.pk]) in first_row
    assert "criança (0–11)" in first_row and "Crítica" in first_row
    assert "Nova Critica" not in html


def test_the_sent_list_is_paginated_like_the_inbox(client_for, monkeypatch):
    from serdh.cases import selectors as case_selectors

    monkeypatch.setattr(case_selectors, "PAGE_SIZE", 2)
    sent = [refer(open_case(victim_name=f"Enviado {i}")) for i in range(3)]
    cras = client_for("cras.passos")
    first = cras.get(reverse("cases:inbox"))
    assert [r.pk for r in first.context["sent"].rows] == [sent[2].pk, sent[1].pk]
    html = first.content.decode()
    assert f"enviados_antes={sent[1].pk}" in html
    second = cras.get(reverse("cases:inbox"), {"enviados_antes": sent[1].pk})
    assert [r.pk for r in second.context["sent"].rows] == [sent[0].pk]


def test_the_state_managers_list_does_not_query_per_municipality(client_for):
    """853 municipalities in the filter: one query for all of them, not one each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_case()
    with CaptureQueriesContext(connection) as queries:
        assert client_for("gestor.mg").get(reverse("cases:case_list")).status_code == 200
    assert len(queries.captured_queries) < 60  # was 880 with a query per municipality


def test_a_retired_type_and_its_subtypes_are_not_offered(client_for):
    from serdh.cases.forms import CaseFilterForm, FirstViolationForm
    from serdh.network.models import Municipality
    from serdh.vocabularies.models import Term

    sexual = Term.objects.get(vocabulary__key="violation_type", code="sexual")
    sexual.is_active = False
    sexual.save()
    form = FirstViolationForm()
    assert sexual not in form.fields["type"].queryset
    offered = str(form["subtype"])
    assert "Estupro" not in offered and "Maus-tratos" in offered
    filters = CaseFilterForm(municipalities=Municipality.objects.none())
    assert sexual not in filters.fields["type"].queryset
