"""Login gov.br end to end (issue 12) against a local OpenID Connect provider on loopback
(tests/oidc_provider.py): authorization code with PKCE, state and nonce; linking by CPF after
password and second factor; the reliability level per role; and the attacks: a state that is
not the session's, a replayed code, a forged ID token, another person's CPF."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.test import Client
from django.urls import reverse

from serdh.accounts.models import User
from serdh.core.models import AuditEvent
from tests.accounts.twofactor_support import enrol, sign_in
from tests.oidc_provider import Provider


@pytest.fixture
def gov(settings, db):
    provider = Provider().start()
    settings.SERDH_GOVBR_ISSUER = provider.url
    settings.SERDH_GOVBR_CLIENT_ID = provider.client_id
    settings.SERDH_GOVBR_CLIENT_SECRET = provider.client_secret
    yield provider
    provider.stop()


def at_govbr(provider, username, level="prata"):
    """Whoever signs in at gov.br next: ``username``'s CPF, at ``level``."""
    user = User.objects.get(username=username)
    provider.identity = {"cpf": user.cpf, "name": user.full_name, "level": level, "amr": ["app"]}
    return user


def authorize(provider, redirect):
    """The browser's visit to gov.br: returns the callback path with code and state."""
    assert redirect.startswith(provider.url + "/authorize?"), redirect
    answer = requests.get(redirect, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlparse(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def govbr_sign_in(client, provider):
    start = client.get(reverse("accounts:govbr_login"))
    return client.get(authorize(provider, start["Location"]))


def linked(username):
    from django.utils import timezone

    User.objects.filter(username=username).update(govbr_linked_at=timezone.now())


def test_the_authorization_request_uses_pkce_state_and_nonce(gov, client):
    start = client.get(reverse("accounts:govbr_login"))
    query = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) >= 43
    assert len(query["state"]) >= 20 and len(query["nonce"]) >= 20
    assert query["scope"].split() == ["openid", "email", "profile", "govbr_confiabilidades"]
    assert query["redirect_uri"] == "http://testserver/conta/govbr/retorno/"


def test_a_user_links_gov_br_after_password_and_second_factor_then_signs_in_by_it(gov):
    device, _codes = enrol("cras.passos")
    session = sign_in("cras.passos", device)
    user = at_govbr(gov, "cras.passos")
    start = session.post(reverse("accounts:govbr_link"))
    done = session.get(authorize(gov, start["Location"]), follow=True)
    assert "Conta gov.br vinculada" in done.content.decode()
    user.refresh_from_db()
    assert user.govbr_linked_at is not None
    assert AuditEvent.objects.filter(action="auth.govbr_linked", object_id=str(user.pk)).exists()

    fresh = Client()
    response = govbr_sign_in(fresh, gov)
    assert response.status_code == 302 and response["Location"] == reverse("web:home")
    assert fresh.get(reverse("web:home")).status_code == 200
    login = AuditEvent.objects.filter(action="auth.login").latest("id")
    assert login.actor_id == user.pk and login.data == {"second_factor": "govbr:prata"}
    assert gov.redeemed  # the code went through the token endpoint, with the PKCE verifier


def test_linking_needs_a_session_that_proved_the_second_factor(gov, client_for):
    session = client_for("cras.passos")  # password only: no authenticator
    response = session.post(reverse("accounts:govbr_link"), follow=True)
    assert "entre com senha e segundo fator" in response.content.decode()
    assert not gov.codes and not gov.redeemed


def test_a_gov_br_identity_with_another_cpf_is_not_linked(gov):
    device, _codes = enrol("cras.passos")
    session = sign_in("cras.passos", device)
    at_govbr(gov, "ct.passos")  # someone else at gov.br
    start = session.post(reverse("accounts:govbr_link"))
    done = session.get(authorize(gov, start["Location"]), follow=True)
    assert "não é o desta conta" in done.content.decode()
    assert User.objects.get(username="cras.passos").govbr_linked_at is None


def test_an_identity_not_linked_signs_nobody_in(gov, client):
    at_govbr(gov, "cras.passos")
    response = govbr_sign_in(client, gov)
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("web:home")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.govbr_failed").latest("id").flagged


def test_the_level_must_reach_the_minimum_of_the_users_roles(gov, settings):
    linked("admin.passos")  # municipal admin: ouro
    at_govbr(gov, "admin.passos", level="prata")
    refused = Client()
    answer = refused.get(authorize(gov, refused.get(reverse("accounts:govbr_login"))["Location"]))
    assert answer["Location"] == reverse("accounts:login")
    message = refused.get(reverse("accounts:login")).content.decode()
    assert "nível ouro ou acima; a sua é prata" in message
    at_govbr(gov, "admin.passos", level="ouro")
    accepted = Client()
    assert govbr_sign_in(accepted, gov)["Location"] == reverse("web:home")
    settings.SERDH_GOVBR_MIN_LEVEL = {"default": "bronze"}
    linked("cras.passos")
    at_govbr(gov, "cras.passos", level="bronze")
    assert govbr_sign_in(Client(), gov)["Location"] == reverse("web:home")


def test_a_state_that_is_not_this_sessions_is_refused(gov, client):
    linked("cras.passos")
    at_govbr(gov, "cras.passos")
    start = client.get(reverse("accounts:govbr_login"))
    callback = authorize(gov, start["Location"])
    forged = callback.replace("state=", "state=forjado")
    response = client.get(forged)
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("web:home")).status_code == 302
    # A code obtained in someone else's browser does not work in this one either.
    victim = Client()
    victim_start = victim.get(reverse("accounts:govbr_login"))
    stolen = authorize(gov, victim_start["Location"])
    attacker = Client()
    assert attacker.get(stolen)["Location"] == reverse("accounts:login")
    assert attacker.get(reverse("web:home")).status_code == 302


def test_a_replayed_code_is_refused(gov):
    linked("cras.passos")
    at_govbr(gov, "cras.passos")
    first = Client()
    start = first.get(reverse("accounts:govbr_login"))
    callback = authorize(gov, start["Location"])
    assert first.get(callback)["Location"] == reverse("web:home")
    old_code = parse_qs(urlparse(callback).query)["code"][0]
    # The attacker replays the code inside a flow of their own (a state their session knows).
    attacker = Client()
    new_start = attacker.get(reverse("accounts:govbr_login"))
    state = parse_qs(urlparse(new_start["Location"]).query)["state"][0]
    replay = attacker.get(f"{reverse('accounts:govbr_callback')}?code={old_code}&state={state}")
    assert replay["Location"] == reverse("accounts:login")
    assert attacker.get(reverse("web:home")).status_code == 302
    failed = AuditEvent.objects.filter(action="auth.govbr_failed").latest("id")
    assert failed.data == {"reason": "oauth:invalid_grant"}


def test_a_forged_id_token_is_refused(gov, client):
    linked("cras.passos")
    at_govbr(gov, "cras.passos")
    gov.forge = True  # signed with a key that is not in gov.br's JWKS
    response = govbr_sign_in(client, gov)
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("web:home")).status_code == 302
    failed = AuditEvent.objects.filter(action="auth.govbr_failed").latest("id")
    assert failed.data["reason"].startswith("id_token:")


def test_a_gov_br_sign_in_counts_as_the_second_factor(gov, settings):
    settings.SERDH_2FA_ENFORCED = True
    linked("admin.passos")
    at_govbr(gov, "admin.passos", level="ouro")
    client = Client()
    govbr_sign_in(client, gov)
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_unlinking_stops_gov_br_sign_in(gov):
    device, _codes = enrol("cras.passos")
    session = sign_in("cras.passos", device)
    linked("cras.passos")
    session.post(reverse("accounts:govbr_unlink"))
    at_govbr(gov, "cras.passos")
    assert govbr_sign_in(Client(), gov)["Location"] == reverse("accounts:login")
