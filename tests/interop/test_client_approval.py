"""System clients that reach case data need a coordinator's approval (issue 11, finding 2).

The attack reproduced: an administrator registered a system client with ``cases:read`` for a
CRAS at /sima/integracao/sistemas/novo/, took the secret from the page, asked /oauth/token/ and
read every case of the CRAS through /api/v1/cases/. Now such a client is registered pending and
without a secret; a coordinator of the CRAS (not the admin) approves it, and the secret reaches
only the approver's side: shown once to the coordinator, or collected once by a person the
coordinator designates, through a one-time link.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client

from serdh.accounts.models import Membership, User
from serdh.core.models import AuditEvent
from serdh.interop import approvals, clients
from serdh.interop.models import ClientStatus, SecretHandoff, SystemClient
from tests.cases.factories import open_case
from tests.interop.factories import admin, bearer, coordinator_of, org

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"
NEW = "/sima/integracao/sistemas/novo/"


def ask_token(client_id, secret):
    body = urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    )
    return Client().post("/oauth/token/", body, FORM)


def logged_in(user):
    page = Client()
    page.force_login(user)
    return page


def register_through_the_page(scopes=("cases:read",)):
    page = logged_in(admin())
    response = page.post(
        NEW,
        {
            "organization": org().pk,
            "name": "Sistema pedido",
            "scopes": list(scopes),
            "rate_limit": 60,
        },
        follow=True,
    )
    return page, response, SystemClient.objects.get(name="Sistema pedido")


def test_an_admin_gets_no_secret_and_no_token_for_a_case_client():
    case = open_case(victim_name="Caso Que O Admin Quer Ler")
    page, response, client = register_through_the_page()
    html = response.content.decode()
    assert "a coordenação de CRAS Centro — Passos precisa aprovar" in html
    assert "scs_" not in html  # no secret on the page
    assert client.status == ClientStatus.PENDING and client.secret_hash == ""
    assert client.scopes == "" and client.pending_scopes == "cases:read"
    # Whatever the admin tries as a secret, the token endpoint refuses the client.
    assert ask_token(client.client_id, "").status_code == 401
    assert ask_token(client.client_id, "scs_adivinhado").status_code == 401
    # Nor can the admin turn it on: not by reactivating, not by rotating the secret.
    page.post(f"/sima/integracao/sistemas/{client.pk}/situacao/", {"target": "active"})
    assert SystemClient.objects.get(pk=client.pk).status == ClientStatus.PENDING
    rotated = page.post(f"/sima/integracao/sistemas/{client.pk}/segredo/", {"grace_hours": "0"})
    assert rotated.status_code == 302 and "secret" not in (rotated.context or {})
    assert SystemClient.objects.get(pk=client.pk).secret_hash == ""
    # And the admin cannot approve its own request.
    assert page.post(f"/sima/integracao/sistemas/{client.pk}/aprovar/").status_code == 403
    assert AuditEvent.objects.get(action="api_client.registered", object_id=str(client.pk)).flagged
    assert case.protocol  # the case exists, and no token ever reached it


def test_the_coordinator_approves_and_alone_sees_the_secret_once():
    case = open_case(victim_name="Caso Do Sistema Aprovado")
    _page, _response, client = register_through_the_page()
    coordinator = logged_in(coordinator_of(org()))
    listed = coordinator.get("/sima/aprovacoes/").content.decode()
    assert "Sistema pedido" in listed and "cases:read" in listed
    response = coordinator.post(f"/sima/integracao/sistemas/{client.pk}/aprovar/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    secret = response.context["secret"]
    client.refresh_from_db()
    assert client.status == ClientStatus.ACTIVE and client.scopes == "cases:read"
    assert client.approved_by.username.startswith("coord.teste")
    token = ask_token(client.client_id, secret).json()["access_token"]
    assert bearer(token).get(f"/api/v1/cases/{case.pk}/").status_code == 200
    # The secret is not on any page afterwards.
    detail = coordinator.get(f"/sima/integracao/sistemas/{client.pk}/").content.decode()
    assert secret not in detail
    approved = AuditEvent.objects.get(action="api_client.approved", object_id=str(client.pk))
    assert approved.flagged and approved.data["requested_by"] == admin().pk


def test_a_coordinator_of_another_service_cannot_approve():
    _page, _response, client = register_through_the_page()
    other = logged_in(coordinator_of(org("CREAS Passos")))
    assert other.post(f"/sima/integracao/sistemas/{client.pk}/aprovar/").status_code == 404
    assert other.get(f"/sima/integracao/sistemas/{client.pk}/").status_code == 404
    assert SystemClient.objects.get(pk=client.pk).status == ClientStatus.PENDING


def test_the_designee_collects_the_secret_once_through_the_link():
    _page, _response, client = register_through_the_page()
    coordinator = logged_in(coordinator_of(org()))
    response = coordinator.post(
        f"/sima/integracao/sistemas/{client.pk}/aprovar/", {"designee": "cras.passos"}
    )
    link = response.context["link"]
    assert "secret" not in response.context
    path = link.split("testserver", 1)[1]
    # Nobody else opens it: not anonymous, not the admin who asked, not another worker.
    assert Client().get(path).status_code == 302
    assert logged_in(admin()).get(path).status_code == 404
    assert logged_in(User.objects.get(username="ct.passos")).get(path).status_code == 404
    designee = logged_in(User.objects.get(username="cras.passos"))
    confirm = designee.get(path)
    assert confirm.status_code == 200 and "Mostrar o segredo" in confirm.content.decode()
    assert SystemClient.objects.get(pk=client.pk).secret_hash == ""  # not made yet
    shown = designee.post(path)
    secret = shown.context["secret"]
    assert ask_token(client.client_id, secret).status_code == 200
    assert designee.post(path).status_code == 404  # once
    assert SecretHandoff.objects.get().used_at is not None
    assert AuditEvent.objects.filter(action="api_client.secret_collected", flagged=True).exists()


def test_the_admin_who_asked_cannot_be_the_designee():
    _page, _response, client = register_through_the_page()
    coordinator = logged_in(coordinator_of(org()))
    html = coordinator.post(
        f"/sima/integracao/sistemas/{client.pk}/aprovar/",
        {"designee": "admin.passos"},
        follow=True,
    ).content.decode()
    assert "O segredo não pode ir para quem pediu o sistema" in html
    assert SystemClient.objects.get(pk=client.pk).status == ClientStatus.PENDING


def test_widening_a_directory_client_to_cases_waits_and_then_replaces_the_secret():
    page = logged_in(admin())
    response = page.post(
        NEW,
        {
            "organization": org().pk,
            "name": "Diretório",
            "scopes": ["directory:read"],
            "rate_limit": 60,
        },
    )
    old = response.context["secret"]
    client = SystemClient.objects.get(name="Diretório")
    page.post(
        f"/sima/integracao/sistemas/{client.pk}/editar/",
        {"name": "Diretório", "scopes": ["directory:read", "cases:read"], "rate_limit": 60},
    )
    client.refresh_from_db()
    assert client.scopes == "directory:read" and client.pending_scopes
    # Meanwhile the old secret still reads the directory, and only the directory.
    issued = ask_token(client.client_id, old).json()
    assert issued["scope"] == "directory:read"
    secret, _handoff = approvals.approve_client(coordinator_of(org()), client)
    # The secret the admin knew stops at once; the new one carries the case scope.
    assert ask_token(client.client_id, old).status_code == 401
    assert "cases:read" in ask_token(client.client_id, secret).json()["scope"]


def test_a_refused_client_stays_unusable():
    _page, _response, client = register_through_the_page()
    coordinator = logged_in(coordinator_of(org()))
    coordinator.post(
        f"/sima/integracao/sistemas/{client.pk}/recusar/", {"reason": "Sistema desconhecido."}
    )
    client.refresh_from_db()
    assert client.status == ClientStatus.REFUSED and not client.pending_scopes
    with pytest.raises(clients.ServiceError):
        clients.set_status(admin(), client, ClientStatus.ACTIVE)
    assert AuditEvent.objects.get(action="api_client.refused").reason == "Sistema desconhecido."
    assert not Membership.objects.get(user=client.service_user).is_active


def test_the_auditor_sees_every_client_that_reaches_cases():
    _page, _response, client = register_through_the_page()
    auditor = logged_in(User.objects.get(username="auditor.mg"))
    html = auditor.get("/sima/auditoria/revisao/").content.decode()
    assert client.client_id in html and "Aguardando aprovação" in html
