"""The managers' dashboard in a real Chromium (test-artifacts/monitoring-*.png): the state
manager sees the state, drills down to a municipality; charts and tables render without
JavaScript."""

from datetime import date

import pytest

from serdh.demo import cases as demo_cases
from serdh.demo import network as demo_network
from serdh.monitoring import population
from tests.browser import ARTIFACTS, axe_violations, fits_phone, screenshot
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
    # Where the network fails (issue 17): a link from the dashboard; accessible, fits a phone.
    manager.click("main >> text=Onde a rede falha")
    assert manager.locator("h1").inner_text().startswith("Onde a rede falha")
    assert manager.locator("main table").count() >= 1
    serious = [v["id"] for v in axe_violations(manager) if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    assert fits_phone(manager)
    screenshot(manager, "monitoring-04-network-gaps")
    # The table builder: violations by type and sex, then saved; accessible, fits a phone.
    manager.click("main >> text=Voltar ao monitoramento")
    manager.click("main >> text=Montar tabela")
    manager.select_option("#id_measure", "violations")
    manager.select_option("#id_rows", "type")
    manager.select_option("#id_columns", "sex")
    # The demo's cases end today: the last two years, whatever the clock says (a fixed period
    # failed once the clock had moved past it).
    today = date.today()
    manager.fill("#id_start", f"{today.year - 2}-{today.month:02d}")
    manager.fill("#id_end", f"{today:%Y-%m}")
    # The click returns when the next page starts loading: wait for it before counting rows.
    with manager.expect_navigation():
        manager.click("main button:text-is('Montar')")
    assert manager.locator("main table tbody tr").count() >= 3
    serious = [v["id"] for v in axe_violations(manager) if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    assert fits_phone(manager)
    screenshot(manager, "monitoring-05-table-builder")
    manager.fill("#id_name", "Tipos por sexo")
    with manager.expect_navigation():
        manager.click("main button:text-is('Salvar')")
    assert manager.locator("main a:text-is('Tipos por sexo')").count() == 1
