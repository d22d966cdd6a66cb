"""Open sessions (issue 12, ASVS 5.0 V7): a user sees theirs and ends any; an admin ends all
sessions of a user they manage; a password change or reset ends the others."""

import re

from django.test import Client
from django.urls import reverse

from serdh.accounts.models import UserSession
from serdh.core.models import AuditEvent
from tests.accounts.twofactor_support import LOGIN, PASSWORD

PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def browser(agent, address):
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    return client


def test_a_user_sees_each_browser_and_ends_one(db):
    phone = browser(PHONE, "198.51.100.7")
    desk = browser(DESKTOP, "203.0.113.20")
    html = desk.get(reverse("accounts:sessions")).content.decode()
    assert "Chrome · Android" in html and "198.51.100.7" in html
    assert "Firefox · Windows" in html and "203.0.113.20" in html
    assert "esta sessão" in html
    # The page names sessions by a digest, never by the key in the cookie.
    for key in (phone.cookies["sessionid"].value, desk.cookies["sessionid"].value):
        assert key not in html
    handles = re.findall(r"/conta/sessoes/([0-9a-f]{32})/encerrar/", html)
    assert len(handles) == 1  # the current one ends with "Sair"
    desk.post(reverse("accounts:session_end", args=[handles[0]]))
    assert phone.get(reverse("web:home")).status_code == 302
    assert desk.get(reverse("web:home")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.session_ended").exists()


def test_a_user_cannot_end_someone_elses_session(db):
    other = Client()
    other.post(LOGIN, {"username": "ct.passos", "password": PASSWORD})
    theirs = UserSession.objects.get(user__username="ct.passos").handle
    mine = browser(DESKTOP, "203.0.113.20")
    assert mine.post(reverse("accounts:session_end", args=[theirs])).status_code == 404
    assert other.get(reverse("web:home")).status_code == 200


def test_end_all_the_others(db):
    first, second = browser(PHONE, "198.51.100.7"), browser(PHONE, "198.51.100.8")
    third = browser(DESKTOP, "203.0.113.20")
    response = third.post(reverse("accounts:session_end_others"), follow=True)
    assert "2 sessões encerradas" in response.content.decode()
    assert first.get(reverse("web:home")).status_code == 302
    assert second.get(reverse("web:home")).status_code == 302
    assert third.get(reverse("web:home")).status_code == 200


def test_changing_the_password_ends_the_other_sessions(db):
    phone = browser(PHONE, "198.51.100.7")
    desk = browser(DESKTOP, "203.0.113.20")
    new = "Outra#Chave2026xy"
    response = desk.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "1 outra sessão foi encerrada" in response.content.decode()
    assert phone.get(reverse("web:home")).status_code == 302
    assert desk.get(reverse("web:home")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.password_changed").exists()


def test_an_admin_ends_every_session_of_a_user_they_manage(client_for, db):
    phone = browser(PHONE, "198.51.100.7")
    admin = client_for("admin.passos")
    user_pk = UserSession.objects.get(user__username="cras.passos").user_id
    page = admin.get(reverse("accounts:user_detail", args=[user_pk])).content.decode()
    assert "1 sessão aberta" in page
    admin.post(reverse("accounts:user_sessions_end", args=[user_pk]))
    assert phone.get(reverse("web:home")).status_code == 302
    event = AuditEvent.objects.filter(action="auth.sessions_ended_by_admin").latest("id")
    assert event.flagged and event.data == {"count": 1}


def test_an_admin_of_another_municipality_cannot_end_them(client_for, db):
    phone = browser(PHONE, "198.51.100.7")
    user_pk = UserSession.objects.get(user__username="cras.passos").user_id
    response = client_for("admin.bh").post(reverse("accounts:user_sessions_end", args=[user_pk]))
    assert response.status_code == 404
    assert phone.get(reverse("web:home")).status_code == 200


def test_signing_in_gives_a_new_session_key(db):
    client = Client()
    client.get(reverse("accounts:login"))
    session = client.session
    session["warm"] = 1
    session.save()
    before = session.session_key
    client.post(LOGIN, {"username": "cras.passos", "password": PASSWORD})
    assert client.cookies["sessionid"].value != before
    assert not UserSession.objects.filter(session_key=before).exists()


def test_the_worker_clears_expired_sessions(db):
    from datetime import timedelta

    from django.utils import timezone

    from serdh.accounts import sessions
    from serdh.core import periodic

    browser(PHONE, "198.51.100.7")
    live = browser(DESKTOP, "203.0.113.20")
    old = UserSession.objects.order_by("last_seen").first()
    UserSession.objects.filter(pk=old.pk).update(expire_date=timezone.now() - timedelta(1))
    job = next(j for j in periodic.jobs() if j.name == "expired sessions")
    job.run_once()
    assert not UserSession.objects.filter(pk=old.pk).exists()
    assert UserSession.objects.filter(user__username="cras.passos").count() == 1
    assert live.get(reverse("web:home")).status_code == 200
    assert sessions.clear_expired() is None  # nothing left to clear, and no error


def test_a_session_ends_at_its_absolute_lifetime_however_active(db, settings):
    client = browser(DESKTOP, "203.0.113.20")
    assert client.get(reverse("web:home")).status_code == 200
    session = client.session
    session["serdh_signed_in_at"] -= settings.SERDH_SESSION_MAX_SECONDS + 1
    session.save()
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get(reverse("web:home")).status_code == 302  # signed out, not just redirected
    assert settings.SERDH_SESSION_MAX_SECONDS == 12 * 3600


def test_deactivating_an_account_ends_its_sessions(client_for, db):
    phone = browser(PHONE, "198.51.100.7")
    user = UserSession.objects.get(user__username="cras.passos").user
    client_for("admin.passos").post(
        reverse("accounts:user_detail", args=[user.pk]),
        {"full_name": user.full_name, "social_name": "", "email": "t@passos.example", "cpf": ""},
    )
    assert not UserSession.objects.filter(user=user).exists()
    assert phone.get(reverse("web:home")).status_code == 302
    event = AuditEvent.objects.filter(action="user.updated").latest("id")
    assert event.data["sessions_ended"] == 1


def test_enrolling_a_second_factor_ends_the_other_sessions(db):
    from tests.accounts.twofactor_support import code_for

    phone = browser(PHONE, "198.51.100.7")
    desk = browser(DESKTOP, "203.0.113.20")
    desk.get(reverse("accounts:two_factor"))
    from serdh.accounts.models import TotpDevice

    device = TotpDevice.objects.get(user__username="cras.passos")
    desk.post(reverse("accounts:two_factor_confirm"), {"code": code_for(device)})
    assert phone.get(reverse("web:home")).status_code == 302
    assert desk.get(reverse("web:home")).status_code == 200
