"""Safety flags (issue 13): who flagged, why and when removed; shown on every page of the case
and in the summary a receiving service sees before accepting; the reason only in full."""

import pytest
from django.urls import reverse

from serdh.core.errors import NotPermitted, ServiceError
from serdh.workflow import flags
from serdh.workflow.models import SafetyFlag
from tests.api.test_api import api_client, post
from tests.cases.factories import acting, open_case, refer

pytestmark = pytest.mark.django_db
WHY = "Ameaçou a vítima com revólver na última visita."


@pytest.fixture
def flagged(db):
    case = open_case(victim_name="Alerta Teste Silva")
    flag = flags.add_flag(acting("cras.passos"), case, kind="author_armed", note=WHY)
    return case, flag


def test_the_flag_is_on_every_page_of_the_case_with_the_reason_only_in_full(flagged, client_for):
    case, flag = flagged
    cras = client_for("cras.passos")
    detail = cras.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Autor(a) tem arma" in detail and WHY in detail
    for name in ("cases:party_add", "cases:followup_add", "cases:referral_create"):
        page = cras.get(reverse(name, args=[case.pk])).content.decode()
        assert "Alertas de segurança" in page and "Autor(a) tem arma" in page, name
    assert case.events.filter(kind="flag_added").exists()
    assert WHY not in case.events.get(kind="flag_added").summary


def test_a_receiving_service_sees_the_flag_before_accepting_but_not_why(flagged, client_for):
    case, _flag = flagged
    referral = refer(case)
    page = client_for("ct.passos").get(reverse("cases:referral_detail", args=[referral.pk]))
    body = page.content.decode()
    assert "Autor(a) tem arma" in body
    assert WHY not in body and "Alerta Teste Silva" not in body
    listing = api_client("ct.passos").get(f"/api/v1/safety-flags/?case={case.pk}").json()
    assert [(f["kind"], f["note"]) for f in listing["results"]] == [("author_armed", None)]
    # ...and managers see it on the pseudonymized case.
    manager = client_for("gestor.passos").get(reverse("cases:case_detail", args=[case.pk]))
    assert "Autor(a) tem arma" in manager.content.decode()
    assert WHY not in manager.content.decode()


def test_flags_need_a_known_kind_and_removal_needs_a_reason(flagged, client_for):
    case, flag = flagged
    cras = client_for("cras.passos")
    response = cras.post(reverse("workflow:flag_add", args=[case.pk]), {"kind": "other"})
    assert response.status_code == 200 and "ao menos 10 caracteres" in response.content.decode()
    response = cras.post(reverse("workflow:flag_add", args=[case.pk]), {"kind": "author_armed"})
    assert "já está ativo" in response.content.decode()
    with pytest.raises(ServiceError):
        flags.remove_flag(acting("cras.passos"), flag, reason="curto")
    response = cras.post(
        reverse("workflow:flag_remove", args=[flag.pk]),
        {"reason": "O autor entregou a arma à polícia."},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.removed_at and flag.removed_by.username == "cras.passos"
    page = cras.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Nenhum alerta de segurança." in page


def test_only_the_services_of_the_case_set_or_remove_flags(flagged, client_for):
    case, flag = flagged
    with pytest.raises(NotPermitted):
        flags.add_flag(acting("cras.bh"), case, kind="protective_measure")
    with pytest.raises(NotPermitted):
        flags.remove_flag(acting("cras.bh"), flag, reason="Tentativa de outro município.")
    assert (
        client_for("cras.bh").get(reverse("workflow:flag_add", args=[case.pk])).status_code == 404
    )
    assert (
        client_for("gestor.passos").get(reverse("workflow:flag_add", args=[case.pk])).status_code
        == 403
    )
    response = post(
        api_client("cras.bh"), "/api/v1/safety-flags/", {"case": case.pk, "kind": "other"}
    )
    assert response.status_code == 404
    assert SafetyFlag.objects.count() == 1


def test_the_api_sets_and_removes_flags(flagged):
    case, _flag = flagged
    cras = api_client("cras.passos")
    made = post(
        cras, "/api/v1/safety-flags/", {"case": case.pk, "kind": "protective_measure", "note": ""}
    )
    assert made.status_code == 201, made.content
    assert made.json()["kind"] == "protective_measure"
    bad = post(cras, f"/api/v1/safety-flags/{made.json()['id']}/remove/", {"reason": "x"})
    assert bad.status_code == 422
    ok = post(
        cras, f"/api/v1/safety-flags/{made.json()['id']}/remove/", {"reason": "Medida revogada."}
    )
    assert ok.status_code == 200
