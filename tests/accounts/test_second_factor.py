"""The second factor (issue 12): enrolment with a server-drawn QR code, sign-in in two steps,
recovery codes, mandatory roles, and resets under the two-person rule."""

import base64
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from serdh.accounts import twofactor
from serdh.accounts.models import (
    RecoveryCode,
    RecoveryCodeDevice,
    SecondFactorReset,
    TotpDevice,
    User,
)
from serdh.core.models import AuditEvent
from tests.accounts.twofactor_support import (
    CODE,
    LOGIN,
    PASSWORD,
    code_for,
    enrol,
    secret_on_page,
    sign_in,
)
from tests.core.test_settings import STRONG, serdh


def _events(action):
    return AuditEvent.objects.filter(action=action)


# --- Enrolment ---------------------------------------------------------------------------------


def test_a_worker_enrols_by_scanning_a_qr_drawn_on_the_server(client_for):
    client = client_for("cras.passos")
    page = client.get(reverse("accounts:two_factor"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="qr"' in html and "<title>QR code" in html and 'role="img"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    secret = secret_on_page(html).replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))

    wrong = client.post(reverse("accounts:two_factor_confirm"), {"code": "000000"})
    assert wrong.status_code == 422
    assert "Código incorreto" in wrong.content.decode()
    assert not TotpDevice.objects.filter(user__username="cras.passos", confirmed=True).exists()

    phone = TOTP(key, 30, 0, 6, 0)
    phone.time = time.time()
    device = TotpDevice.objects.get(user__username="cras.passos")
    device.throttle_reset()  # the wrong code made it wait a second (tested below)
    done = client.post(reverse("accounts:two_factor_confirm"), {"code": f"{phone.token():06d}"})
    html = done.content.decode()
    assert done.status_code == 200
    assert html.count("<li>") >= 10 and "única vez" in html
    device.refresh_from_db()
    assert device.confirmed
    assert _events("2fa.enrolled").filter(actor_label="cras.passos").exists()
    # The session that enrolled counts as verified: it reaches pages at once.
    assert client.get(reverse("web:home")).status_code == 200


def test_the_secret_and_the_recovery_codes_are_not_in_the_database_in_clear(db):
    device, codes = enrol("cras.passos")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {TotpDevice._meta.db_table} WHERE id = %s", [device.pk])
        stored = cursor.fetchone()[0]
    assert device.secret not in stored and len(stored) > 40
    digests = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(codes) == 10 and len(digests) == 10
    assert not {c.replace("-", "") for c in codes} & digests


def test_confirming_a_new_app_replaces_the_old_one(db):
    old, _codes = enrol("cras.passos")
    user = old.user
    new = twofactor.start_enrolment(user)
    assert twofactor.confirm_enrolment(user, new, code_for(new))
    assert list(TotpDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]


# --- Signing in --------------------------------------------------------------------------------


def test_with_an_authenticator_the_password_alone_does_not_sign_in(client, db):
    device, _codes = enrol("cras.passos")
    response = client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    assert response["Location"] == CODE
    # Between the two steps nothing is reachable: not even the home page.
    assert client.get(reverse("web:home")).status_code == 302
    assert "_auth_user_id" not in client.session
    wrong = client.post(CODE, {"code": "123456"})
    assert "Código incorreto" in wrong.content.decode()
    device.throttle_reset()
    ok = client.post(CODE, {"code": code_for(device, 1)})
    assert ok.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    login = _events("auth.login").filter(actor_label="cras.passos").latest("id")
    assert login.data == {"second_factor": "TotpDevice"}
    assert _events("auth.second_factor_failed").exists()


def test_a_code_works_once(db):
    device, _codes = enrol("cras.passos")
    code = code_for(device, 1)
    sign_in("cras.passos", device)  # spends the code of step +1
    again = Client()
    again.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    response = again.post(CODE, {"code": code})
    assert response.status_code == 200 and "Código incorreto" in response.content.decode()


def test_wrong_codes_send_back_to_the_password_after_the_limit(client, db, settings):
    device, _codes = enrol("ct.passos")
    client.post(LOGIN, {"username": "ct.passos", "password": PASSWORD})
    for attempt in range(settings.SERDH_2FA_MAX_ATTEMPTS):
        device.refresh_from_db()
        device.throttle_reset()  # the back-off is tested below; here, the count
        response = client.post(CODE, {"code": "000000"})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "serdh_2fa_pending" not in client.session
    assert _events("auth.login_failed").exists()
    device.throttle_reset()
    late = client.post(CODE, {"code": code_for(device, 1)})
    assert late["Location"] == LOGIN  # the right code no longer helps: password first


def test_the_authenticator_backs_off_after_a_failure(client, db):
    device, _codes = enrol("cras.passos")
    client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    client.post(CODE, {"code": "000000"})
    # Right code, but within the back-off: refused, and told when to try again.
    response = client.post(CODE, {"code": code_for(device, 1)})
    assert "Muitos códigos errados" in response.content.decode()


def test_a_pending_sign_in_expires(client, db, settings):
    device, _codes = enrol("cras.passos")
    client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    session = client.session
    session["serdh_2fa_pending"]["at"] -= settings.SERDH_2FA_PENDING_SECONDS + 1
    session.save()
    response = client.post(CODE, {"code": code_for(device, 1)})
    assert response["Location"] == LOGIN


def test_a_recovery_code_signs_in_once_and_is_flagged(db):
    _device, codes = enrol("cras.passos")
    first = Client()
    first.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    response = first.post(CODE, {"code": codes[0].lower()}, follow=True)
    assert "código de recuperação; restam 9" in response.content.decode()
    event = _events("2fa.recovery_code_used").latest("id")
    assert event.flagged and event.data == {"remaining": 9}
    second = Client()
    second.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    RecoveryCodeDevice.objects.get(user__username="cras.passos").throttle_reset()
    again = second.post(CODE, {"code": codes[0]})
    assert "Código incorreto" in again.content.decode()


def test_a_session_that_did_not_verify_the_authenticator_is_held_back(client_for):
    client = client_for("cras.passos")  # signed in before the authenticator existed
    enrol("cras.passos")
    response = client.get(reverse("cases:case_list"))
    assert response.status_code == 302 and response["Location"].startswith(CODE)
    # ... and cannot swap the authenticator for one of its own.
    swap = client.post(reverse("accounts:two_factor"))
    assert swap.status_code == 302 and swap["Location"].startswith(CODE)


def test_the_next_page_after_the_code_stays_on_this_site(client, db):
    device, _codes = enrol("cras.passos")
    client.post(
        LOGIN + "?next=https://evil.invalid/", {"username": "cras.passos", "password": PASSWORD}
    )
    response = client.post(CODE, {"code": code_for(device, 1)})
    assert response["Location"] == reverse("web:home")


# --- Mandatory roles ---------------------------------------------------------------------------


@pytest.fixture
def enforced(settings, db):
    settings.SERDH_2FA_ENFORCED = True
    return settings


def test_a_mandatory_role_without_an_authenticator_reaches_only_enrolment(enforced, client):
    client.post(LOGIN, {"username": "admin.passos", "password": PASSWORD})
    for name in ("web:home", "accounts:user_list", "accounts:sessions", "web:approvals"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:two_factor")), name
    api = client.get("/api/v1/cases/")
    assert api.status_code == 403
    assert api["Content-Type"] == "application/problem+json"
    assert client.get(reverse("accounts:two_factor")).status_code == 200


def test_after_enrolling_the_mandatory_role_works(enforced, client):
    client.post(LOGIN, {"username": "admin.passos", "password": PASSWORD})
    client.get(reverse("accounts:two_factor"))
    device = TotpDevice.objects.get(user__username="admin.passos")
    client.post(reverse("accounts:two_factor_confirm"), {"code": code_for(device)})
    assert client.get(reverse("accounts:user_list")).status_code == 200


def test_optional_roles_are_not_held_back(enforced, client):
    client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    assert client.get(reverse("web:home")).status_code == 200


def test_which_roles_need_it_is_a_setting(enforced, client):
    enforced.SERDH_2FA_REQUIRED_ROLES = ["worker"]
    client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    assert client.get(reverse("web:home"))["Location"].startswith(reverse("accounts:two_factor"))


def test_a_mandatory_role_cannot_turn_it_off(enforced, db):
    device, _codes = enrol("admin.passos")
    client = sign_in("admin.passos", device)
    device.refresh_from_db()
    response = client.post(
        reverse("accounts:two_factor_remove"), {"code": code_for(device, 2)}, follow=True
    )
    assert "não pode ser desligado" in response.content.decode()
    assert TotpDevice.objects.filter(user__username="admin.passos").exists()


def test_an_optional_role_turns_it_off_with_a_code(db):
    device, _codes = enrol("cras.passos")
    client = sign_in("cras.passos", device)
    response = client.post(reverse("accounts:two_factor_remove"), {"code": code_for(device, 2)})
    assert response.status_code == 302
    assert not TotpDevice.objects.filter(user__username="cras.passos").exists()
    assert _events("2fa.removed").exists()


PRINT_2FA = (
    "from django.conf import settings; "
    "print(settings.SERDH_2FA_ENFORCED, sorted(settings.SERDH_2FA_REQUIRED_ROLES))"
)


@pytest.mark.parametrize(
    "env,expected",
    [
        (STRONG, "True ['auditor', 'editor', 'municipal_admin', 'municipal_manager', "),
        ({"SERDH_ENV": "development"}, "False "),
        ({"SERDH_ENV": "development", "SERDH_DEMO_2FA": "1"}, "True "),
        ({**STRONG, "SERDH_2FA_REQUIRED_ROLES": "worker,auditor"}, "True ['auditor', 'worker']"),
    ],
    ids=["production", "demo", "demo-with-SERDH_DEMO_2FA", "roles-from-the-environment"],
)
def test_production_enforces_it_and_the_demo_only_when_asked(tmp_path, env, expected):
    result = serdh("shell", "-c", PRINT_2FA, env_overrides=env, tmp_path=tmp_path)
    assert result.stdout.strip().splitlines()[-1].startswith(expected), result.stderr


# --- Resets ------------------------------------------------------------------------------------


def _reset(client, user, reason="Celular roubado, confirmado por telefone"):
    return client.post(
        reverse("accounts:user_second_factor_reset", args=[user.pk]),
        {"reason": reason},
        follow=True,
    )


def test_a_reset_for_another_organizations_user_waits_for_a_second_person(client_for, db):
    device, _codes = enrol("creas.passos")
    worker = device.user
    victim_session = sign_in("creas.passos", device)
    html = _reset(client_for("admin.passos"), worker).content.decode()
    assert "Pedido registrado" in html
    reset = SecondFactorReset.objects.get(user=worker)
    assert reset.status == "pending"
    assert TotpDevice.objects.filter(user=worker).exists()  # nothing happened yet
    # The requester cannot decide it; the user's own coordinator can.
    denied = client_for("admin.passos").post(reverse("accounts:reset_approve", args=[reset.pk]))
    assert denied.status_code == 403
    coordinator = client_for("coord.creas.passos")
    listed = coordinator.get(reverse("web:approvals")).content.decode()
    assert "Redefinições do segundo fator" in listed and "creas.passos" in listed
    done = coordinator.post(reverse("accounts:reset_approve", args=[reset.pk]))
    assert done.status_code == 302
    reset.refresh_from_db()
    assert reset.status == "approved" and reset.decided_by.username == "coord.creas.passos"
    assert not TotpDevice.objects.filter(user=worker).exists()
    assert not RecoveryCodeDevice.objects.filter(user=worker).exists()
    # The user's sessions ended with it.
    assert victim_session.get(reverse("web:home")).status_code == 302
    event = _events("2fa.reset").latest("id")
    assert event.flagged
    assert event.data["requested_by"] == User.objects.get(username="admin.passos").pk
    assert event.data["decided_by"] == User.objects.get(username="coord.creas.passos").pk


def test_a_reset_for_a_user_of_the_admins_own_organization_is_immediate(client_for, db):
    device, _codes = enrol("gestor.passos")
    html = _reset(client_for("admin.passos"), device.user).content.decode()
    assert "Segundo fator redefinido" in html
    assert not TotpDevice.objects.filter(user=device.user).exists()


def test_nobody_resets_their_own_second_factor_through_the_admin_page(client_for, db):
    device, _codes = enrol("admin.passos")
    response = sign_in("admin.passos", device).post(
        reverse("accounts:user_second_factor_reset", args=[device.user.pk]),
        {"reason": "Quero trocar sem código"},
    )
    assert response.status_code == 404
    assert TotpDevice.objects.filter(user=device.user).exists()


def test_the_user_cannot_approve_their_own_reset(client_for, db):
    device, _codes = enrol("coord.creas.passos")
    reset = twofactor.request_reset(
        User.objects.get(username="admin.mg"), device.user, reason="Celular perdido"
    )
    assert reset.status == "pending"
    response = sign_in("coord.creas.passos", device).post(
        reverse("accounts:reset_approve", args=[reset.pk])
    )
    assert response.status_code == 404
    assert TotpDevice.objects.filter(user=device.user).exists()


def test_a_refused_reset_changes_nothing_and_is_flagged(client_for, db):
    device, _codes = enrol("creas.passos")
    reset = twofactor.request_reset(
        User.objects.get(username="admin.passos"), device.user, reason="Celular perdido"
    )
    client_for("coord.creas.passos").post(
        reverse("accounts:reset_refuse", args=[reset.pk]), {"reason": "Não confirmado com ela"}
    )
    reset.refresh_from_db()
    assert reset.status == "refused"
    assert TotpDevice.objects.filter(user=device.user).exists()
    assert _events("2fa.reset_refused").latest("id").flagged


def test_an_admin_of_another_municipality_cannot_ask_for_a_reset(client_for, db):
    device, _codes = enrol("cras.passos")
    response = _reset(client_for("admin.bh"), device.user)
    assert response.status_code == 404
    assert not SecondFactorReset.objects.filter(user=device.user).exists()


def test_the_auditor_sees_every_reset(client_for, db):
    device, _codes = enrol("creas.passos")
    twofactor.request_reset(
        User.objects.get(username="admin.passos"), device.user, reason="Celular perdido"
    )
    html = client_for("auditor.mg").get(reverse("web:access_review")).content.decode()
    assert "Redefinições do segundo fator" in html and "Celular perdido" in html
