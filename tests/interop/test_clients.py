"""System clients: OAuth2 client credentials (RFC 6749 §4.4), scopes, rotation, suspension,
rate limits; the client acts through the same access policy as a worker of its service."""

import base64
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from serdh.accounts.models import User
from serdh.core.models import AuditEvent
from serdh.interop import clients
from serdh.interop.models import AccessToken, ClientStatus, SystemClient
from tests.cases.factories import open_case
from tests.interop.factories import admin, bearer, coordinator_of, org, system_client, token

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


def ask_token(client_id, secret, scope="", basic=False, **extra):
    data = {"grant_type": "client_credentials", "scope": scope, **extra}
    headers = {}
    if basic:
        raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        headers["HTTP_AUTHORIZATION"] = f"Basic {raw}"
    else:
        data.update(client_id=client_id, client_secret=secret)
    return Client().post("/oauth/token/", urlencode(data), FORM, **headers)


def test_a_registered_system_gets_a_token_by_basic_or_post_and_the_secret_is_stored_hashed():
    client, secret = system_client()
    stored = SystemClient.objects.get(pk=client.pk)
    assert secret not in (stored.secret_hash, stored.client_id) and len(stored.secret_hash) == 64
    for basic in (False, True):
        response = ask_token(client.client_id, secret, basic=basic)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
        assert response["Cache-Control"] == "no-store"
        assert AccessToken.objects.filter(token_hash=clients.digest(body["access_token"])).exists()
        assert not AccessToken.objects.filter(token_hash=body["access_token"]).exists()
    user = User.objects.get(pk=client.service_user_id)
    assert user.is_system and not user.has_usable_password()
    assert AuditEvent.objects.filter(action="api_client.registered", object_id=str(client.pk))


@pytest.mark.parametrize(
    "change, error, status",
    [
        ({"secret": "scs_errado"}, "invalid_client", 401),
        ({"client_id": "serdh-naoexiste"}, "invalid_client", 401),
        ({"grant_type": "password"}, "unsupported_grant_type", 400),
        ({"scope": "cases:read admin:all"}, "invalid_scope", 400),
    ],
)
def test_token_errors_follow_rfc_6749(change, error, status):
    client, secret = system_client(scopes=["cases:read", "referrals:read"])
    args = {"client_id": client.client_id, "secret": secret, "scope": ""}
    extra = {}
    if "grant_type" in change:
        extra["grant_type"] = change.pop("grant_type")
    args.update(change)
    response = ask_token(args["client_id"], args["secret"], args["scope"], **extra)
    assert response.status_code == status
    assert response.json()["error"] == error and response.json()["error_description"]
    if status == 401:
        assert response["WWW-Authenticate"].startswith("Basic")


def test_scopes_narrow_what_a_token_may_call():
    client, secret = system_client(scopes=["cases:read", "referrals:read", "directory:read"])
    reader = bearer(token(client, secret, scope="referrals:read"))
    assert reader.get("/api/v1/referrals/").status_code == 200
    refused = reader.get("/api/v1/cases/")
    assert refused.status_code == 403 and "cases:read" in refused.json()["detail"]
    full = bearer(token(client, secret))
    assert full.get("/api/v1/cases/").status_code == 200
    create = full.post("/api/v1/cases/", "{}", content_type="application/json")
    assert create.status_code == 403 and "cases:write" in create.json()["detail"]


def test_a_client_sees_what_a_worker_of_its_service_sees_and_nothing_else():
    ours = open_case(victim_name="Clara Token Passos")
    theirs = open_case("cras.bh", victim_name="Bruno Token BH")
    client, secret = system_client()
    api = bearer(token(client, secret))
    assert api.get(f"/api/v1/cases/{ours.pk}/").json()["protocol"] == ours.protocol
    assert api.get(f"/api/v1/cases/{theirs.pk}/").status_code == 404
    listed = [c["protocol"] for c in api.get("/api/v1/cases/?page_size=100").json()["results"]]
    assert ours.protocol in listed and theirs.protocol not in listed
    # Its reads are audited in its own name, on the api channel.
    viewed = AuditEvent.objects.filter(action="case.viewed", object_id=str(ours.pk)).last()
    assert viewed.actor_id == client.service_user_id and viewed.channel == "api"
    assert viewed.organization_id == client.organization_id


def test_rotation_with_a_grace_period_keeps_the_old_secret_until_it_ends():
    client, old = system_client()
    # A client with case scopes gets its secret from the approver's side (a coordinator).
    new = clients.rotate_secret(coordinator_of(org()), client, grace_hours=24)
    assert ask_token(client.client_id, new).status_code == 200
    assert ask_token(client.client_id, old).status_code == 200
    SystemClient.objects.filter(pk=client.pk).update(
        previous_valid_until=timezone.now() - timedelta(seconds=1)
    )
    assert ask_token(client.client_id, old).status_code == 401
    assert ask_token(client.client_id, new).status_code == 200


def test_immediate_rotation_revokes_the_tokens_already_issued():
    client, old = system_client()
    api = bearer(token(client, old))
    assert api.get("/api/v1/referrals/").status_code == 200
    new = clients.rotate_secret(coordinator_of(org()), client, grace_hours=0)
    assert api.get("/api/v1/referrals/").status_code == 401
    assert ask_token(client.client_id, old).status_code == 401
    assert bearer(token(client, new)).get("/api/v1/referrals/").status_code == 200


def test_suspension_stops_tokens_at_once_and_reactivation_needs_a_new_token():
    client, secret = system_client()
    api = bearer(token(client, secret))
    clients.set_status(admin(), client, ClientStatus.SUSPENDED, reason="Sistema comprometido")
    assert api.get("/api/v1/referrals/").status_code == 401
    assert ask_token(client.client_id, secret).status_code == 401
    clients.set_status(admin(), client, ClientStatus.ACTIVE)
    assert api.get("/api/v1/referrals/").status_code == 401  # revoked for good
    assert bearer(token(client, secret)).get("/api/v1/referrals/").status_code == 200


def test_an_expired_token_is_refused():
    client, secret = system_client()
    raw = token(client, secret)
    AccessToken.objects.filter(token_hash=clients.digest(raw)).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = bearer(raw).get("/api/v1/referrals/")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")


def test_the_rate_limit_is_per_client_and_answers_429_with_retry_after():
    slow, slow_secret = system_client(rate_limit=3)
    other, other_secret = system_client(rate_limit=3)
    api = bearer(token(slow, slow_secret))
    statuses = [api.get("/api/v1/referrals/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api.get("/api/v1/referrals/")
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    assert bearer(token(other, other_secret)).get("/api/v1/referrals/").status_code == 200


def test_a_municipal_admin_registers_only_for_services_of_its_municipality():
    with pytest.raises(clients.NotPermitted):
        clients.register_client(
            admin("admin.passos"),
            organization=org("CRAS Barreiro"),
            name="X",
            scopes=["cases:read"],
        )
    with pytest.raises(clients.ServiceError):
        clients.register_client(admin(), organization=org(), name="X", scopes=["nada:tudo"])


def test_the_admin_page_registers_shows_the_secret_once_and_it_works():
    page = Client()
    page.force_login(admin())
    # A directory-only client: public data, no approval, the secret goes to the admin.
    response = page.post(
        "/sima/integracao/sistemas/novo/",
        {
            "organization": org().pk,
            "name": "Prontuário SUAS Passos",
            "scopes": ["directory:read"],
            "rate_limit": 60,
        },
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    created = SystemClient.objects.get(name="Prontuário SUAS Passos")
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert ask_token(created.client_id, secret).status_code == 200
    detail = page.get(f"/sima/integracao/sistemas/{created.pk}/").content.decode()
    assert created.client_id in detail and secret not in detail
    invalid = page.post("/sima/integracao/sistemas/novo/", {"organization": org().pk, "name": ""})
    assert invalid.status_code == 200
    assert "Este campo é obrigatório." in invalid.content.decode()


def test_the_admin_page_suspends_and_rotates():
    # A directory-only client: its admin rotates the secret (a case client's secret comes from
    # its coordinator: test_the_coordinator_page_rotates_a_case_client_the_admin_page_cannot).
    client, secret = system_client(scopes=["directory:read"])
    page = Client()
    page.force_login(admin())
    url = f"/sima/integracao/sistemas/{client.pk}/situacao/"
    refused = page.post(url, {"reason": "", "target": "suspended"})
    assert refused.status_code == 302
    assert SystemClient.objects.get(pk=client.pk).status == ClientStatus.ACTIVE
    page.post(url, {"reason": "Teste de suspensão", "target": "suspended"})
    assert SystemClient.objects.get(pk=client.pk).status == ClientStatus.SUSPENDED
    # A second click on "suspend" (or a stale page) does not reactivate it.
    page.post(url, {"reason": "de novo", "target": "suspended"})
    assert SystemClient.objects.get(pk=client.pk).status == ClientStatus.SUSPENDED
    page.post(url, {"target": "active"})
    assert SystemClient.objects.get(pk=client.pk).status == ClientStatus.ACTIVE
    rotated = page.post(f"/sima/integracao/sistemas/{client.pk}/segredo/", {"grace_hours": "0"})
    new = rotated.context["secret"]
    assert new != secret and ask_token(client.client_id, secret).status_code == 401
    assert ask_token(client.client_id, new).status_code == 200


def test_the_coordinator_page_rotates_a_case_client_the_admin_page_cannot():
    client, secret = system_client()
    page = Client()
    page.force_login(admin())
    url = f"/sima/integracao/sistemas/{client.pk}/segredo/"
    refused = page.post(url, {"grace_hours": "0"}, follow=True)
    assert "só a coordenação de CRAS Centro — Passos troca o segredo" in refused.content.decode()
    assert ask_token(client.client_id, secret).status_code == 200
    coordinator = Client()
    coordinator.force_login(coordinator_of(org()))
    rotated = coordinator.post(url, {"grace_hours": "0"})
    new = rotated.context["secret"]
    assert new != secret and ask_token(client.client_id, new).status_code == 200
    assert ask_token(client.client_id, secret).status_code == 401


def test_a_system_account_cannot_be_managed_from_the_user_pages():
    from serdh.accounts.models import Membership

    client, _secret = system_client()
    membership = Membership.objects.get(user_id=client.service_user_id)
    page = Client()
    page.force_login(admin())
    assert page.post(f"/conta/vinculos/{membership.pk}/revogar/").status_code == 404
    page.post(
        f"/conta/usuarios/{client.service_user_id}/vinculos/",
        {"organization": org().pk, "role": "coordinator"},
    )
    assert list(Membership.objects.filter(user_id=client.service_user_id)) == [membership]
    assert Membership.objects.get(pk=membership.pk).is_active


def test_the_endpoint_page_disables_and_reenables_by_explicit_target():
    from serdh.interop.models import EndpointStatus, WebhookEndpoint
    from tests.interop.factories import endpoint

    hook, _secret = endpoint("https://sistema.passos.invalid/hook")
    page = Client()
    page.force_login(admin())
    url = f"/sima/integracao/webhooks/{hook.pk}/situacao/"
    page.post(url, {"target": "disabled", "reason": "Manutenção"})
    assert WebhookEndpoint.objects.get(pk=hook.pk).status == EndpointStatus.DISABLED
    again = page.post(url, {"target": "disabled"}, follow=True)
    assert "já está nesta situação" in again.content.decode()
    assert WebhookEndpoint.objects.get(pk=hook.pk).status == EndpointStatus.DISABLED
    page.post(url, {"target": "active"})
    assert WebhookEndpoint.objects.get(pk=hook.pk).status == EndpointStatus.ACTIVE
    rotated = page.post(f"/sima/integracao/webhooks/{hook.pk}/segredo/", {"grace_hours": "24"})
    assert rotated.context["secret"].startswith("whsec_")
