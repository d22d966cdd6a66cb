"""In a real Chromium: the login page renders, a login works, and a wrong password is refused."""

import pytest
from django.conf import settings

from serdh.demo import network as demo_network
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    demo_network.seed()
    return live_server.url


def test_the_login_page_renders_and_a_worker_logs_in(page, demo_site):
    page.goto(f"{demo_site}/conta/entrar/")
    assert page.locator("h1").inner_text() == "Entrar no SER-DH"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    screenshot(page, "smoke-01-login")
    page.fill("#id_username", "cras.passos")
    page.fill("#id_password", settings.SERDH_DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{demo_site}/sima/")
    assert "CRAS Centro — Passos" in page.locator("main").inner_text()
    assert page.locator("nav[aria-label='Menu principal'] a[aria-current=page]").inner_text() == (
        "Início"
    )
    screenshot(page, "smoke-02-home")


def test_a_wrong_password_shows_the_error_and_keeps_the_username(page, demo_site):
    page.goto(f"{demo_site}/conta/entrar/")
    page.fill("#id_username", "ct.passos")
    page.fill("#id_password", "senha-errada")
    page.click("main button[type=submit]")
    assert "Usuário ou senha incorretos" in page.locator("[role=alert]").inner_text()
    assert page.input_value("#id_username") == "ct.passos"


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page, demo_site):
    # The directory (no field has autofocus there), reached after a login.
    page.goto(f"{demo_site}/conta/entrar/?next=/sima/rede/organizacoes/")
    page.fill("#id_username", "cras.bh")
    page.fill("#id_password", settings.SERDH_DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{demo_site}/sima/rede/organizacoes/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Ir para o conteúdo [1]"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "conteudo"
