"""Account recovery (issue 12): password reset by e-mail with single-use, short-lived links
that answer the same whether or not the address exists, and ``serdh bootstrap`` for the
first state administrator."""

import re
from io import StringIO

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from serdh.accounts.models import Membership, User
from serdh.core.models import AuditEvent
from serdh.network.models import Organization
from tests.accounts.twofactor_support import CODE, LOGIN, PASSWORD, enrol

NEW = "Nova#Chave2026ok"


def _ask(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)


def _link(message):
    return re.search(r"https?://\S+/conta/senha/nova/\S+/", message.body).group(0)


def test_the_same_answer_whether_or_not_the_address_exists(client, db):
    user = User.objects.get(username="cras.passos")
    user.email = "tecnica.cras@passos.example"
    user.save()
    known = _ask(client, "Tecnica.CRAS@passos.example")
    unknown = _ask(Client(), "ninguem@passos.example")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert strip(known) == strip(unknown)
    assert len(mail.outbox) == 1


def test_the_e_mail_carries_only_the_link(client, db):
    user = User.objects.get(username="cras.passos")
    user.email = "tecnica.cras@passos.example"
    user.save()
    _ask(client, user.email)
    message = mail.outbox[0]
    assert message.to == [user.email]
    for personal in (user.username, user.full_name, "CRAS", "Passos"):
        assert personal not in message.body and personal not in message.subject
    assert "30 minutos" in message.body
    assert AuditEvent.objects.filter(action="auth.password_reset_requested").exists()


def test_the_link_sets_a_new_password_once_and_ends_every_session(client, db):
    user = User.objects.get(username="cras.passos")
    user.email = "tecnica.cras@passos.example"
    user.save()
    elsewhere = Client()
    elsewhere.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    _ask(client, user.email)
    link = _link(mail.outbox[0])
    form = client.get(link, follow=True)
    weak = client.post(
        form.redirect_chain[-1][0], {"new_password1": "abcdefghij", "new_password2": "abcdefghij"}
    )
    assert "senha" in weak.content.decode().lower() and weak.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "Senha redefinida" in done.content.decode()
    assert elsewhere.get(reverse("web:home")).status_code == 302
    again = Client().get(link, follow=True)
    assert "não vale mais" in again.content.decode()
    assert Client().post(LOGIN, {"username": "cras.passos", "password": NEW}).status_code == 302
    assert AuditEvent.objects.filter(action="auth.password_reset").exists()


def test_the_link_expires(client, db, monkeypatch, settings):
    user = User.objects.get(username="cras.passos")
    token = default_token_generator.make_token(user)
    later = default_token_generator._now().timestamp() + settings.PASSWORD_RESET_TIMEOUT + 5
    from datetime import datetime

    monkeypatch.setattr(default_token_generator, "_now", lambda: datetime.fromtimestamp(later))
    assert not default_token_generator.check_token(user, token)


def test_a_reset_password_still_asks_for_the_second_factor(client, db):
    device, _codes = enrol("cras.passos")
    user = device.user
    user.email = "tecnica.cras@passos.example"
    user.save()
    _ask(client, user.email)
    form = client.get(_link(mail.outbox[0]), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    response = Client().post(LOGIN, {"username": "cras.passos", "password": NEW})
    assert response["Location"] == CODE


# --- serdh bootstrap ---------------------------------------------------------------------------


def _no_state_admin():
    Membership.objects.filter(role="state_admin").update(is_active=False)


def test_bootstrap_refuses_when_a_state_admin_exists(db):
    with pytest.raises(CommandError, match="Já existe uma administração estadual"):
        call_command("bootstrap", "--no-input", stdout=StringIO())


def test_bootstrap_from_flags_creates_the_secretariat_and_admin_and_prints_a_link(db):
    _no_state_admin()
    out = StringIO()
    call_command(
        "bootstrap",
        "--no-input",
        "--secretariat=Secretaria de Estado de Direitos Humanos",
        "--acronym=SEDH",
        "--municipality=Belo Horizonte",
        "--username=primeira.admin",
        "--full-name=Primeira Admin",
        "--email=primeira.admin@estado.example",
        stdout=out,
    )
    text = out.getvalue()
    org = Organization.objects.get(acronym="SEDH")
    assert org.level == "state" and org.kind == "secretariat"
    assert org.municipality.name == "Belo Horizonte"
    user = User.objects.get(username="primeira.admin")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert membership.role == "state_admin" and membership.is_active
    event = AuditEvent.objects.get(action="bootstrap")
    assert event.flagged and event.channel == "cli" and event.data["user"] == user.pk
    link = re.search(r"(/conta/senha/nova/\S+/)", text).group(1)
    client = Client()
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    signed = Client()
    assert signed.post(LOGIN, {"username": "primeira.admin", "password": NEW}).status_code == 302
    assert signed.get(reverse("accounts:user_list")).status_code == 200
    with pytest.raises(CommandError, match="Já existe"):
        call_command("bootstrap", "--no-input", stdout=StringIO())


def test_bootstrap_asks_what_is_missing_and_the_password(db, monkeypatch):
    _no_state_admin()
    answers = iter(
        ["Secretaria de Estado", "SE", "3106200", "admin.novo", "Admin Novo", "a@b.example"]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)
    call_command("bootstrap", stdout=StringIO())
    user = User.objects.get(username="admin.novo")
    assert user.check_password(NEW)
    assert Membership.objects.get(user=user).organization.municipality_id == 3106200


def test_bootstrap_explains_bad_input_and_leaves_nothing(db, monkeypatch):
    _no_state_admin()
    before = Organization.objects.count()
    with pytest.raises(CommandError, match="Município 'Atlantida' não encontrado"):
        call_command(
            "bootstrap",
            "--no-input",
            "--secretariat=S",
            "--municipality=Atlantida",
            "--username=x.y",
            "--full-name=X Y",
            "--email=x@y.example",
            stdout=StringIO(),
        )
    with pytest.raises(CommandError, match="Faltam: --municipality, --username"):
        call_command("bootstrap", "--no-input", "--secretariat=S", stdout=StringIO())
    answers = iter(["Secretaria", "", "3106200", "fraca", "Fraca", "f@b.example"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "12345")
    with pytest.raises(CommandError, match="senha"):
        call_command("bootstrap", stdout=StringIO())
    assert Organization.objects.count() == before
    assert not User.objects.filter(username="fraca").exists()


def test_reset_requests_are_limited_per_address_without_telling(client, db):
    user = User.objects.get(username="cras.passos")
    user.email = "tecnica.cras@passos.example"
    user.save()
    pages = [_ask(client, user.email).content for _ in range(5)]
    assert len(mail.outbox) == 3  # SERDH_PASSWORD_RESET_PER_EMAIL
    strip = lambda html: re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)  # noqa: E731
    assert len({strip(p) for p in pages}) == 1  # the same page every time
    event = AuditEvent.objects.get(action="auth.password_reset_throttled")
    assert event.flagged


def test_the_link_points_to_the_address_the_request_came_to(client, db, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "serdh.mg.example"]
    user = User.objects.get(username="cras.passos")
    user.email = "tecnica.cras@passos.example"
    user.save()
    client.post(
        reverse("accounts:password_reset"), {"email": user.email}, HTTP_HOST="serdh.mg.example"
    )
    assert "http://serdh.mg.example/conta/senha/nova/" in mail.outbox[0].body
