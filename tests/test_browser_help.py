"""A visitor, not logged in, finds the CREAS of Passos through "Onde buscar ajuda" in a real
Chromium, without JavaScript-dependent controls (test-artifacts/help-*.png)."""

import pytest

from serdh.demo import network as demo_network
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    demo_network.seed()
    return live_server.url


def test_a_visitor_finds_the_creas_of_passos(page, site):
    page.goto(f"{site}/conta/entrar/")
    page.click("footer >> text=Onde buscar ajuda")
    page.select_option("#id_municipio", "3147907")
    page.select_option("#id_necessidade", "crianca")
    page.click("main form button[type=submit]")
    results = page.locator("main section").inner_text()
    assert "CREAS Passos" in results and "Conselho Tutelar de Passos" in results
    assert "Casa de Acolhimento" not in results
    screenshot(page, "help-01-finder-passos")
    page.click("main >> text=Como denunciar")
    assert page.locator("a[href='tel:100']").count() == 1
