from django.conf import settings
from django.urls import reverse

from serdh.core.models import AuditEvent

PASSWORD = settings.SERDH_DEMO_PASSWORD
LOGIN = "/conta/entrar/"


def test_a_worker_logs_in_and_lands_on_their_home(client, db):
    response = client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert "CRAS Centro — Passos" in response.content.decode()
    event = AuditEvent.objects.filter(action="auth.login").first()
    assert event.actor_label == "cras.passos"


def test_a_wrong_password_says_so_in_portuguese_and_is_audited(client, db):
    response = client.post(LOGIN, {"username": "cras.passos", "password": "errada"})
    assert response.status_code == 200
    assert "Usuário ou senha incorretos" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_failed").exists()


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, db):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "ct.passos", "password": "errada"})
    response = client.post(LOGIN, {"username": "ct.passos", "password": PASSWORD})
    assert response.status_code == 429
    assert "bloqueada temporariamente" in response.content.decode()
    # Another person in the same office (same IP) can still log in.
    other = client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    assert other.status_code == 302


def test_logout_needs_a_post_and_ends_the_session(client, db):
    client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("web:home")).status_code == 302


def test_an_idle_session_expires(client, db):
    assert settings.SESSION_SAVE_EVERY_REQUEST  # every request pushes the expiry forward
    client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    session = client.session
    assert 0 < session.get_expiry_age() <= settings.SESSION_COOKIE_AGE == 30 * 60
    session.set_expiry(-1)  # as if the idle time had passed
    session.save()
    assert client.get(reverse("web:home")).status_code == 302


def test_password_rules_are_explained_in_portuguese(client_for):
    client = client_for("cras.passos")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Serdh@Passos2026",
            "new_password2": "Serdh@Passos2026",
        },
    )
    html = response.content.decode()
    assert "palavras ligadas ao sistema ou à rede (como SERDH)" in html
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Cur7a!",
            "new_password2": "Cur7a!",
        },
    )
    assert "pelo menos 12 caracteres" in response.content.decode()


def test_a_long_passphrase_needs_no_digits_or_symbols_and_may_pass_64_chars(client_for):
    client = client_for("cras.passos")
    passphrase = "cavalo bateria grampo correto na beira do rio grande " * 2  # 106 characters
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": passphrase, "new_password2": passphrase},
    )
    assert response.status_code == 302
    from serdh.accounts.models import User

    assert User.objects.get(username="cras.passos").check_password(passphrase)


def test_a_password_on_the_states_name_or_an_installation_word_is_refused(client_for, settings):
    settings.SERDH_PASSWORD_CONTEXT_WORDS = ["Sedese-MG"]
    client = client_for("cras.passos")
    for weak in ("MinasGerais#2026!", "sedesemg-acesso-77"):
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert "palavras ligadas ao sistema" in response.content.decode(), weak


def test_pages_are_in_portuguese_even_for_an_english_browser(client, db):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Entrar no SER-DH" in response.content.decode()
    assert response["Content-Language"] == "pt-br"


def test_every_response_carries_a_request_id(client, db):
    response = client.get(LOGIN)
    assert len(response["X-Request-ID"]) == 32
    kept = client.get(LOGIN, HTTP_X_REQUEST_ID="caller-trace-0001")
    assert kept["X-Request-ID"] == "caller-trace-0001"
    replaced = client.get(LOGIN, HTTP_X_REQUEST_ID="<script>")
    assert replaced["X-Request-ID"] != "<script>"


def test_a_user_with_two_memberships_switches_between_them(client_for, persona, db):
    from serdh.accounts.models import Membership
    from serdh.network.models import Organization

    user = persona("creas.passos")
    second = Membership.objects.create(
        user=user,
        organization=Organization.objects.get(name="CRAS Novo Horizonte — Passos"),
        role="coordinator",
    )
    client = client_for("creas.passos")
    assert (
        client.post(reverse("accounts:switch_membership"), {"membership": second.pk}).status_code
        == 302
    )
    html = client.get(reverse("web:home")).content.decode()
    assert "CRAS Novo Horizonte" in html
    # Someone else's membership cannot be borrowed.
    foreign = Membership.objects.get(user__username="ct.bh")
    assert (
        client.post(reverse("accounts:switch_membership"), {"membership": foreign.pk}).status_code
        == 404
    )


def test_a_stranger_elsewhere_cannot_lock_a_worker_out(client, db):
    """Lockout counts username + address: failures from another network do not lock the
    account for its owner (issue 11: locking by username alone let anyone lock anyone)."""
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(
            LOGIN, {"username": "cras.passos", "password": "errada"}, REMOTE_ADDR="203.0.113.9"
        )
    attacker = client.post(
        LOGIN, {"username": "cras.passos", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert attacker.status_code == 429
    html = attacker.content.decode()
    assert "bloqueada por 15 minutos" in html and "Como voltar a entrar" in html
    from django.test import Client

    owner = Client().post(
        LOGIN, {"username": "cras.passos", "password": PASSWORD}, REMOTE_ADDR="10.20.30.40"
    )
    assert owner.status_code == 302


def test_one_address_spraying_many_accounts_is_refused(client, db, settings):
    """Password spraying (one wrong guess per account from one address) hits the
    per-address limit, even with a right password afterwards; other addresses are unaffected."""
    settings.SERDH_LOGIN_IP_FAILURE_LIMIT = 8
    spray = "198.51.100.7"
    for i in range(8):
        client.post(LOGIN, {"username": f"alvo.{i}", "password": "Senha123!"}, REMOTE_ADDR=spray)
    refused = client.post(LOGIN, {"username": "ct.passos", "password": PASSWORD}, REMOTE_ADDR=spray)
    assert refused.status_code == 429
    assert "a partir desta rede" in refused.content.decode()
    assert AuditEvent.objects.filter(action="auth.address_throttled", flagged=True).exists()
    from django.test import Client

    elsewhere = Client().post(
        LOGIN, {"username": "ct.passos", "password": PASSWORD}, REMOTE_ADDR="192.0.2.55"
    )
    assert elsewhere.status_code == 302
