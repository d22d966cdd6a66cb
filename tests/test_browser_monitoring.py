"""The managers' dashboard in a real Chromium (test-artifacts/monitoring-*.png): the state
manager sees the state, drills down to a municipality; charts and tables render without
JavaScript."""

import pytest

from serdh.demo import cases as demo_cases
from serdh.demo import network as demo_network
from serdh.monitoring import population
from tests.browser import ARTIFACTS, screenshot
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    demo_network.seed()
    demo_cases.generate(400, seed=5)
    population.load("codigo_ibge;ano;populacao\n3147907;2025;115000\n3106200;2025;2300000\n")
    return live_server.url


def test_the_state_manager_drills_down_from_the_state_to_a_municipality(browser, site):
    manager = login(browser, site, "gestor.mg")
    manager.click("nav >> text=Monitoramento")
    assert manager.locator("h1").inner_text().startswith("Monitoramento: Estado")
    assert manager.locator("main svg[role=img]").count() >= 5
    screenshot(manager, "monitoring-01-state")
    manager.click("main a:text-is('Passos')")
    assert manager.locator("h1").inner_text() == "Monitoramento: Passos"
    screenshot(manager, "monitoring-02-passos")
    # The first screen, for the README.
    manager.screenshot(path=str(ARTIFACTS / "monitoring-03-passos-first-screen.png"))
