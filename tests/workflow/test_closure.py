"""Closure review (issue 13): in a service with a coordinator, a worker's closure becomes a
request; the coordinator approves it (the case closes) or refuses it with a reason; both are on
the timeline. A service without a coordinator closes as before."""

import pytest
from django.urls import reverse

from serdh.cases import lifecycle
from serdh.cases.models import Case
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.workflow import closure
from serdh.workflow.models import ClosureRequest, Notification
from tests.cases.factories import acting, open_case, term
from tests.workflow.factories import second_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    return open_case("creas.passos", victim_name="Renata Encerramento Teste")


def reason():
    return term("closure_reason")


def test_a_worker_cannot_close_alone_where_the_service_has_a_coordinator(case):
    with pytest.raises(closure.ClosureNeedsApproval):
        lifecycle.close_case(acting("creas.passos"), case, reason=reason())
    assert Case.objects.get(pk=case.pk).status != "closed"


def test_the_close_button_leads_the_worker_to_the_request_and_the_case_stays_open(case, client_for):
    worker = client_for("creas.passos")
    response = worker.get(reverse("cases:case_close", args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:closure_request", args=[case.pk])
    response = worker.post(
        reverse("workflow:closure_request", args=[case.pk]),
        {"reason": reason().pk, "note": "Família acompanhada pela rede; objetivos cumpridos."},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "registered"
    request = ClosureRequest.objects.get(case=case)
    assert request.status == "pending"
    told = Notification.objects.get(user__username="coord.creas.passos", kind="closure_requested")
    assert "Renata" not in told.message and case.protocol not in told.message
    page = worker.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "aguarda a coordenação" in page
    # A second request while one waits is refused with a message.
    with pytest.raises(ServiceError):
        closure.request_closure(acting("creas.passos"), case, reason=reason())


def test_a_request_without_a_reason_shows_the_field_error_and_keeps_the_note(case, client_for):
    response = client_for("creas.passos").post(
        reverse("workflow:closure_request", args=[case.pk]), {"note": "Texto digitado"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "has-error" in body and "Texto digitado" in body
    assert not ClosureRequest.objects.exists()


def test_the_coordinator_approves_and_the_case_closes_with_the_workers_reason(case, client_for):
    request = closure.request_closure(acting("creas.passos"), case, reason=reason(), note="ok")
    coordinator = client_for("coord.creas.passos")
    assert coordinator.get(reverse("workflow:closure_decide", args=[request.pk])).status_code == 200
    response = coordinator.post(
        reverse("workflow:closure_decide", args=[request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "closed" and case.closure_reason == reason()
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[-3:] == ["closure_requested", "closed", "closure_approved"]
    assert AuditEvent.objects.filter(action="case.closure_approved").exists()
    assert Notification.objects.filter(user__username="creas.passos", kind="closure_decided")


def test_a_refusal_needs_a_reason_and_keeps_the_case_open(case, client_for):
    request = closure.request_closure(acting("creas.passos"), case, reason=reason())
    url = reverse("workflow:closure_decide", args=[request.pk])
    coordinator = client_for("coord.creas.passos")
    response = coordinator.post(url, {"decision": "refuse", "reason": "curto"})
    assert response.status_code == 200 and "ao menos 10 caracteres" in response.content.decode()
    response = coordinator.post(
        url, {"decision": "refuse", "reason": "A visita domiciliar ainda não foi feita."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "refused"
    assert Case.objects.get(pk=case.pk).status == "registered"
    assert case.events.filter(kind="closure_refused").exists()


def test_nobody_but_the_coordinator_decides_and_the_requester_may_withdraw(case, client_for):
    second_worker()
    request = closure.request_closure(acting("creas.passos"), case, reason=reason())
    with pytest.raises(NotPermitted):
        closure.approve(acting("creas.passos"), request)
    with pytest.raises(NotPermitted):
        closure.approve(acting("creas2.passos"), request)
    url = reverse("workflow:closure_decide", args=[request.pk])
    # Another worker of the service may see it with the case, not decide it.
    other = client_for("creas2.passos")
    page = other.get(url).content.decode()
    assert "Aprovar e encerrar" not in page
    other.post(url, {"decision": "approve"})
    assert ClosureRequest.objects.get(pk=request.pk).status == "pending"
    for outsider in ("cras.passos", "ct.passos", "cras.bh", "gestor.passos", "auditor.mg"):
        assert client_for(outsider).get(url).status_code in (403, 404), outsider
    client_for("creas.passos").post(url, {"decision": "withdraw"})
    assert ClosureRequest.objects.get(pk=request.pk).status == "withdrawn"


def test_the_coordinator_does_not_approve_a_request_of_their_own():
    case = open_case("coord.creas.passos", victim_name="Caso Da Coordenacao")
    # The coordinator closes directly: there is nobody above them in the service.
    lifecycle.close_case(acting("coord.creas.passos"), case, reason=reason())
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_a_service_without_a_coordinator_closes_as_before():
    case = open_case("cras.passos")
    lifecycle.close_case(acting("cras.passos"), case, reason=reason())
    assert Case.objects.get(pk=case.pk).status == "closed"
    assert not ClosureRequest.objects.exists()


def test_the_approvals_page_lists_the_closures_for_the_coordinator(case, client_for):
    closure.request_closure(acting("creas.passos"), case, reason=reason())
    page = client_for("coord.creas.passos").get(reverse("web:approvals")).content.decode()
    assert "Encerramentos de caso aguardando aprovação" in page
    assert case.protocol in page
