"""Issue 17, where the network fails: declines and cancellations carry coded reasons (service,
web form, API), the facts keep them, and the managers' page says where demand is not met,
through disclosure control and within each manager's territory."""

from datetime import date

import pytest
from django.urls import reverse

from serdh.cases import referrals
from serdh.core.errors import ServiceError
from serdh.monitoring import indicators, network_gaps
from serdh.monitoring.models import ReferralFact
from tests.cases.factories import acting, open_case, refer

pytestmark = pytest.mark.django_db

CT_PASSOS = "Conselho Tutelar de Passos"


def test_a_decline_takes_a_coded_reason_and_other_needs_words():
    referral = refer(open_case())
    with pytest.raises(ServiceError, match="Escolha um motivo da lista"):
        referrals.transition_referral(acting("ct.passos"), referral, "decline", code="nonsense")
    with pytest.raises(ServiceError, match="Descreva o motivo"):
        referrals.transition_referral(acting("ct.passos"), referral, "decline", code="other")
    referrals.transition_referral(acting("ct.passos"), referral, "decline", code="no_vacancy")
    referral.refresh_from_db()
    assert referral.status == "declined" and referral.refusal.code == "no_vacancy"
    fact = ReferralFact.objects.get(referral_id=referral.pk)
    assert fact.refusal_id == referral.refusal_id and fact.to_kind == "conselho_tutelar"


def test_a_cancellation_takes_its_own_vocabulary():
    referral = refer(open_case())
    with pytest.raises(ServiceError, match="Escolha um motivo da lista"):
        referrals.transition_referral(acting("cras.passos"), referral, "cancel", code="no_vacancy")
    referrals.transition_referral(
        acting("cras.passos"), referral, "cancel", code="sent_in_error", reason="Serviço errado"
    )
    referral.refresh_from_db()
    assert referral.cancellation.code == "sent_in_error" and referral.cancel_reason
    assert ReferralFact.objects.get(referral_id=referral.pk).cancellation_id


def test_the_web_form_asks_for_the_coded_reason(client_for):
    referral = refer(open_case())
    client = client_for("ct.passos")
    page = client.get(reverse("cases:referral_detail", args=[referral.pk])).content.decode()
    assert 'name="code" required' in page and "Sem vaga ou sem capacidade" in page
    url = reverse("cases:referral_action", args=[referral.pk, "decline"])
    client.post(url, {"reason": "Só texto"})
    referral.refresh_from_db()
    assert referral.status != "declined"  # refused: the page asks for the code
    client.post(url, {"code": "outside_territory", "reason": ""})
    referral.refresh_from_db()
    assert referral.status == "declined" and referral.refusal.code == "outside_territory"
    detail = client_for("cras.passos").get(reverse("cases:referral_detail", args=[referral.pk]))
    assert "Fora do território de abrangência" in detail.content.decode()


def test_the_api_takes_and_returns_the_reason_code(client_for):
    referral = refer(open_case())
    client = client_for("ct.passos")
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/decline/",
        {"reason_code": "no_staff"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["refusal_code"] == "no_staff"
    bad = refer(open_case())
    response = client.post(
        f"/api/v1/referrals/{bad.pk}/decline/",
        {"reason_code": "invented"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "Escolha um motivo" in response.json()["detail"]


def many_declines(n, code, to=CT_PASSOS):
    for _ in range(n):
        referrals.transition_referral(
            acting("ct.passos"), refer(open_case(), to=to), "decline", code=code
        )


def test_the_page_finds_where_demand_is_not_met(client_for):
    many_declines(12, "no_vacancy")
    for _ in range(4):
        referrals.transition_referral(acting("ct.passos"), refer(open_case()), "accept")
    today = date.today().replace(day=1)
    report = network_gaps.report(indicators.Query(31, today, today))
    gap = next(g for g in report.gaps if g.kind == "conselho_tutelar" and g.territory == "Passos")
    assert 14 <= gap.sent <= 18 and gap.main_refusal[0].startswith("Sem vaga")
    assert any("Conselho Tutelar — Passos" in f and "Sem vaga" in f for f in report.findings)
    page = client_for("gestor.mg").get(reverse("monitoring:network_gaps"))
    html = page.content.decode()
    assert page.status_code == 200 and "Conselho Tutelar — Passos" in html
    assert "No estado, por tipo de serviço" in html
    # The municipal manager of another municipality sees none of Passos.
    bh = client_for("gestor.bh").get(reverse("monitoring:network_gaps")).content.decode()
    assert "Passos" not in bh.split("<main", 1)[-1]


def test_small_counts_on_the_page_are_perturbed_not_shown():
    many_declines(2, "no_vacancy")
    today = date.today().replace(day=1)
    for gap in network_gaps.report(indicators.Query(31, today, today)).gaps:
        assert gap.sent in (0, 5) or gap.sent >= 5
        for _label, n in gap.refusal_reasons:
            assert n not in (1, 2, 3, 4)


def test_a_municipality_without_adhesion_is_an_empty_page_not_an_error(client_for):
    page = client_for("gestor.mg").get(
        reverse("monitoring:network_gaps"), {"municipality": 3100104}
    )
    assert page.status_code == 200 and page.context["where"] == "Abadia dos Dourados"


def test_declines_late_and_cancelled_are_counted_for_the_receiving_service():
    many_declines(6, "outside_mandate")
    for _ in range(6):
        referrals.transition_referral(
            acting("cras.passos"), refer(open_case()), "cancel", code="need_resolved"
        )
    today = date.today().replace(day=1)
    gap = next(
        g
        for g in network_gaps.report(indicators.Query(31, today, today)).gaps
        if g.kind == "conselho_tutelar" and g.territory == "Passos"
    )
    assert 10 <= gap.sent <= 14 and 4 <= gap.declined <= 8 and 4 <= gap.cancelled <= 8
    assert gap.main_refusal[0] == "Fora da competência do serviço"
    assert gap.cancellation_reasons[0][0] == "Necessidade já resolvida"
