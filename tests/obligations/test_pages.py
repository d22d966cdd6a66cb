"""The obligations on the case page, the forms that record them, the service's task list and
the managers' compliance indicators (issue 14)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from serdh.monitoring import indicators
from serdh.monitoring.measures import Query
from serdh.obligations import services
from serdh.obligations.models import Obligation
from tests.cases.factories import acting, refer
from tests.obligations.factories import case_with

pytestmark = pytest.mark.django_db

CT = "Conselho Tutelar de Passos"


def test_the_case_page_lists_what_the_law_requires_with_its_article_and_a_link_to_record_it(
    client_for,
):
    case = case_with("cras.passos", age=9)
    obligation = Obligation.objects.get(case=case, kind="ct_communication")
    html = client_for("cras.passos").get(reverse("cases:case_detail", args=[case.pk])).content
    html = html.decode()
    assert "Obrigações legais" in html
    assert "Comunicação ao Conselho Tutelar" in html
    assert "ECA (Lei 8.069/1990), arts. 13 e 245" in html
    assert reverse("obligations:fulfil", args=[obligation.pk]) in html


def test_a_service_that_follows_the_case_sees_the_obligation_but_not_the_link_to_record_it(
    client_for,
):
    case = case_with("cras.passos", age=9)
    referral = refer(case, to="CREAS Passos", sharing_basis="child")
    from serdh.cases import referrals

    creas = acting("creas.passos")
    referrals.transition_referral(creas, referral, "receive")
    referrals.transition_referral(creas, referral, "accept")
    obligation = Obligation.objects.get(case=case, kind="ct_communication")
    html = client_for("creas.passos").get(reverse("cases:case_detail", args=[case.pk]))
    html = html.content.decode()
    assert "Comunicação ao Conselho Tutelar" in html
    assert reverse("obligations:fulfil", args=[obligation.pk]) not in html


def test_the_form_refuses_a_missing_recipient_in_portuguese_and_keeps_what_was_typed(client_for):
    case = case_with("cras.passos", age=9)
    obligation = Obligation.objects.get(case=case, kind="ct_communication")
    url = reverse("obligations:fulfil", args=[obligation.pk])
    response = client_for("cras.passos").post(
        url,
        {
            "done_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "phone",
            "recipient": "",
            "protocol": "Protocolo digitado 99",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Este campo é obrigatório." in html
    assert "Protocolo digitado 99" in html
    obligation.refresh_from_db()
    assert obligation.status == "due"


def test_recording_a_communication_fulfils_the_obligation_and_shows_how(client_for):
    case = case_with("cras.passos", age=9)
    obligation = Obligation.objects.get(case=case, kind="ct_communication")
    client = client_for("cras.passos")
    response = client.post(
        reverse("obligations:fulfil", args=[obligation.pk]),
        {
            "done_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "channel": "letter",
            "recipient": "Conselho Tutelar de Passos",
            "protocol": "Ofício 7/2026",
        },
    )
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == "done" and obligation.protocol == "Ofício 7/2026"
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "cumprida no prazo" in html
    assert "Ofício 7/2026" in html


def test_the_hearing_form_names_who_already_heard_the_child_without_the_content(client_for):
    case = case_with("cras.passos", age=9)
    refer(case, to=CT, sharing_basis="child")
    victim = case.parties.get(role="victim")
    services.record_hearing(
        acting("cras.passos"),
        case,
        party_id=victim.pk,
        kind="specialized_listening",
        held_on=date.today() - timedelta(days=1),
        justification="",
    )
    html = client_for("cras.passos").get(reverse("obligations:hearing_add", args=[case.pk]))
    html = html.content.decode()
    assert "já houve oitiva qualificada" in html
    assert "CRAS Centro — Passos" in html
    assert "Escuta especializada" in html


def test_the_responsible_service_sees_the_obligation_among_its_tasks(client_for):
    case = case_with("cras.passos", age=9)
    obligation = Obligation.objects.get(case=case, kind="ct_communication")
    html = client_for("cras.passos").get(reverse("workflow:my_tasks")).content.decode()
    assert "Obrigação legal: Comunicação ao Conselho Tutelar" in html
    assert reverse("obligations:fulfil", args=[obligation.pk]) in html
    other = client_for("creas.passos").get(reverse("workflow:my_tasks")).content.decode()
    assert reverse("obligations:fulfil", args=[obligation.pk]) not in other


def test_the_compliance_indicators_count_on_time_and_late_by_service():
    on_time = []
    for n in range(6):
        case = case_with("cras.passos", age=9, victim_name=f"Criança Prazo {n} Teste")
        refer(case, to=CT, sharing_basis="child")
        on_time.append(case)
    late = case_with("cras.passos", age=9, victim_name="Criança Atraso Teste")
    obligation = Obligation.objects.get(case=late, kind="ct_communication")
    Obligation.objects.filter(pk=obligation.pk).update(due_at=timezone.now() - timedelta(days=3))
    today = timezone.localdate()
    start = (today - timedelta(days=40)).replace(day=1)
    end = (today + timedelta(days=62)).replace(day=1)
    query = Query(state_code=31, start=start, end=end)
    share = indicators.REGISTRY["obrigacoes_no_prazo"](query)
    # 6 CT communications on time; the 7th late; the specialized listenings still due.
    every = Obligation.objects.exclude(status="void").count()
    assert every == 14
    assert share.total_numerator == 6
    assert share.total == pytest.approx(600 / every)
    delay = indicators.REGISTRY["atraso_obrigacoes"](
        Query(state_code=31, start=query.start, end=query.end, breakdown="organization")
    )
    assert delay.total == pytest.approx(3, abs=0.01)


def test_the_dashboard_shows_the_law_section_to_a_manager(client_for):
    html = client_for("gestor.passos").get(reverse("monitoring:dashboard")).content.decode()
    assert "Obrigações legais cumpridas no prazo (%)" in html
    assert "Oitivas por criança ou adolescente ouvido(a)" in html
