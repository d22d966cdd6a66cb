"""Issue 12's journey in a real Chromium (screenshots test-artifacts/identity-*.png).

A CRAS worker opens "Minha conta", enrols an authenticator by the QR page (the test plays the
phone: it reads the secret printed under the QR code and computes the TOTP code), keeps the
recovery codes, signs out and signs in again with password and code; from another browser it
sees both sessions and ends the first one. Every new page passes axe-core and fits a 360-px
phone.
"""

import base64
import time

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser import TIMEOUT_MS, axe_violations, screenshot
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def _phone_code(secret_text, username="cras.passos"):
    """The code a phone would show, for a step the server will take now.

    The server accepts one step either side of its own (drift included) and only steps after
    the last one accepted. Under CI's load the three sign-ins of this journey can straddle
    step boundaries, so the step is chosen from the device's state: the server's centre, or
    one after it when the centre was already used (waiting for the clock when even that was).
    A boundary crossed before the server checks moves its centre up, and the code stays in.
    """
    from serdh.accounts.models import TotpDevice

    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    device = TotpDevice.objects.filter(user__username=username).latest("pk")
    while True:
        now_step = int(time.time()) // TotpDevice.STEP
        centre = now_step + device.drift
        step = max(centre, device.last_t + 1)
        if step <= centre + 1:
            break
        time.sleep(1)
    totp = TOTP(key, TotpDevice.STEP, 0, TotpDevice.DIGITS, step - now_step)
    totp.time = time.time()
    if int(totp.time) // TotpDevice.STEP != now_step:  # crossed a boundary just now
        return _phone_code(secret_text, username)
    return f"{totp.token():06d}"


def _sign_in_with_code(browser, site, secret):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{site}/conta/entrar/")
    page.fill("#id_username", "cras.passos")
    page.fill("#id_password", settings.SERDH_DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/conta/entrar/codigo/")
    page.fill("#id_code", _phone_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/sima/")
    return page


def test_a_worker_enrols_an_authenticator_and_signs_in_with_it(browser, site):

    found = {}

    # 1. Minha conta -> Ativar o segundo fator: a QR code drawn on the server.
    worker = login(browser, site, "cras.passos")
    worker.click("header >> text=Minha conta")
    found["account"] = axe_violations(worker)
    worker.click("main >> text=Ativar o segundo fator")
    expect(worker.locator("svg.qr")).to_be_visible()
    secret = worker.locator(".secret-key").inner_text()
    screenshot(worker, "identity-01-enrol")
    found["enrol"] = axe_violations(worker)
    worker.set_viewport_size({"width": 360, "height": 740})
    overflow = worker.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, ("enrol", overflow)
    worker.set_viewport_size({"width": 1280, "height": 900})

    # 2. A wrong code is explained; the phone's code turns it on and shows recovery codes.
    worker.fill("#id_code", "12345")
    worker.click("main form button[type=submit]")
    assert "O código tem 6 números" in worker.locator("main").inner_text()
    worker.fill("#id_code", _phone_code(secret))
    worker.click("main form button[type=submit]")
    # The click returns once the next page starts loading: wait for its list before reading it.
    expect(worker.locator("ol.recovery-codes li")).to_have_count(10)
    codes = worker.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(len(c) == 11 for c in codes)
    screenshot(worker, "identity-02-recovery-codes")
    found["recovery-codes"] = axe_violations(worker)
    worker.click("text=Já guardei os códigos")
    assert "Aplicativo autenticador ativo" in worker.locator("main").inner_text()

    # 3. Signing in again asks for the code after the password.
    worker.click("header button:has-text('Sair')")
    again = browser.new_context(locale="pt-BR").new_page()
    again.goto(f"{site}/conta/entrar/")
    again.fill("#id_username", "cras.passos")
    again.fill("#id_password", settings.SERDH_DEMO_PASSWORD)
    again.click("main button[type=submit]")
    again.wait_for_url(f"{site}/conta/entrar/codigo/")
    found["second-factor"] = axe_violations(again)
    screenshot(again, "identity-03-code")
    again.fill("#id_code", _phone_code(secret))
    again.click("main button[type=submit]")
    again.wait_for_url(f"{site}/sima/")

    # 4. From a second browser: both sessions listed; the first one ended from here.
    other = _sign_in_with_code(browser, site, secret)
    other.goto(f"{site}/conta/sessoes/")
    rows = other.locator("main tbody tr")
    assert rows.count() == 2
    found["sessions"] = axe_violations(other)
    screenshot(other, "identity-04-sessions")
    other.click("main tbody button:has-text('Encerrar')")
    assert "Sessão encerrada" in other.locator("main").inner_text()
    again.goto(f"{site}/sima/")
    assert "/conta/entrar/" in again.url

    # 5. The password reset page, for whoever is signed out.
    anonymous = browser.new_context(locale="pt-BR").new_page()
    anonymous.goto(f"{site}/conta/entrar/")
    anonymous.click("text=Esqueci a senha")
    found["password-reset"] = axe_violations(anonymous)

    serious = {
        name: [(v["id"], len(v["nodes"])) for v in violations if v["impact"] in SERIOUS]
        for name, violations in found.items()
    }
    assert serious == {name: [] for name in found}, serious

    # 6. The new pages fit a 360-px phone.
    other.set_viewport_size({"width": 360, "height": 740})
    for path in ("/conta/", "/conta/sessoes/"):
        other.goto(site + path)
        overflow = other.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        wide = other.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right"
            " > window.innerWidth).map(e => e.tagName + '.' + e.className).slice(0, 8)"
        )
        assert overflow <= 0, (path, overflow, wide)
    anonymous.set_viewport_size({"width": 360, "height": 740})
    anonymous.goto(f"{site}/conta/senha/esqueci/")
    overflow = anonymous.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow


def test_a_manager_signs_in_through_gov_br(browser, site, settings):
    from django.utils import timezone

    from serdh.accounts.models import User
    from tests.oidc_provider import Provider

    provider = Provider().start()
    try:
        settings.SERDH_GOVBR_ISSUER = provider.url
        settings.SERDH_GOVBR_CLIENT_ID = provider.client_id
        settings.SERDH_GOVBR_CLIENT_SECRET = provider.client_secret
        manager = User.objects.get(username="gestor.passos")
        User.objects.filter(pk=manager.pk).update(govbr_linked_at=timezone.now())
        provider.identity = {"cpf": manager.cpf, "name": "", "level": "prata", "amr": ["app"]}

        page = browser.new_context(locale="pt-BR").new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{site}/conta/entrar/")
        page.click("text=Entrar com gov.br")
        page.wait_for_url(f"{site}/sima/")
        assert "Gestor(a) municipal" in page.locator("header").inner_text()
        screenshot(page, "identity-05-govbr")
        assert ("POST", "/token") in provider.requests
    finally:
        provider.stop()
