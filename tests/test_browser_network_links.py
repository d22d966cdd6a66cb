"""Issue 13's second journey in a real Chromium (screenshots test-artifacts/links-*.png).

CRAS Centro — Passos links two cases of siblings and records their family; it then transfers
one of them to CREAS Passos, whose coordinator sees what is needed to decide and accepts; the
CRAS worker reads the case it transferred, without the means to change it. The new pages pass
axe-core and fit a 360-px phone.
"""

import pytest

from serdh.cases.models import Case
from tests.browser import axe_violations, screenshot
from tests.cases.factories import open_case
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def test_siblings_are_linked_their_family_recorded_and_one_case_transferred(browser, site):

    found = {}
    first = open_case("cras.passos", victim_name="Clara Irmã Navegador")
    second = open_case("cras.passos", victim_name="Davi Irmão Navegador")

    # 1. The CRAS worker links the two cases from the first one's page.
    cras = login(browser, site, "cras.passos")
    cras.goto(f"{site}/sima/casos/{first.pk}/")
    cras.click("main >> text=Ligar a outro caso")
    found["link-form"] = axe_violations(cras)
    cras.fill("#id_other", second.protocol)
    cras.select_option("#id_kind", "siblings")
    cras.fill("#id_reason", "Irmãos vítimas do mesmo suposto autor.")
    cras.click("main form button[type=submit]")
    assert "Casos ligados." in cras.locator("main").inner_text()
    assert second.protocol in cras.locator("#casos-ligados").locator("..").inner_text()

    # 2. ... records the family: the first victim as reference person, then the brother.
    cras.click("main >> text=Registrar família")
    found["household-form"] = axe_violations(cras)
    cras.select_option("#id_reference", str(first.parties.get(role="victim").person_id))
    cras.click("main form button[type=submit]")
    assert "Família registrada." in cras.locator("main").inner_text()
    family_url = cras.url
    cras.goto(f"{site}/sima/casos/{second.pk}/familia/")
    household = cras.locator("#id_household option", has_text="Família nº")
    cras.select_option("#id_household", household.get_attribute("value"))
    brother = second.parties.get(role="victim").person_id
    cras.select_option(f"#id_kin_{brother}", "sibling")
    cras.click("main form button[type=submit]")
    page = cras.locator("main").inner_text()
    assert "Clara Irmã Navegador" in page and "Davi Irmão Navegador" in page
    assert first.protocol in page and second.protocol in page
    found["household"] = axe_violations(cras)
    screenshot(cras, "links-01-family")
    cras.click("nav >> text=Famílias")
    found["households"] = axe_violations(cras)

    # 3. ... and transfers the second case to CREAS Passos.
    cras.goto(f"{site}/sima/casos/{second.pk}/")
    cras.click("main summary:text-is('Mais ações')")
    cras.click("main >> text=Transferir responsabilidade")
    found["transfer-form"] = axe_violations(cras)
    option = cras.locator("#id_to_organization option", has_text="CREAS Passos")
    cras.select_option("#id_to_organization", option.get_attribute("value"))
    cras.fill("#id_reason", "Violação confirmada: o caso passa à proteção especial (PAEFI).")
    cras.click("main form button[type=submit]")
    assert "aguardando a decisão do destino" in cras.locator("main").inner_text()

    # 4. The CREAS coordinator is told, sees what it needs to decide, and accepts.
    coordinator = login(browser, site, "coord.creas.passos")
    assert coordinator.locator("header .badge-count").count() == 1
    coordinator.goto(f"{site}/sima/transferencias/")
    found["transfer-list"] = axe_violations(coordinator)
    coordinator.click("main a[href*='/transferencias/'] >> nth=0")
    decide = coordinator.locator("main").inner_text()
    assert "proteção especial (PAEFI)" in decide and "Davi" not in decide
    found["transfer-detail"] = axe_violations(coordinator)
    screenshot(coordinator, "links-02-transfer-to-decide")
    coordinator.click("main button:has-text('Aceitar a transferência')")
    coordinator.wait_for_url(f"{site}/sima/casos/{second.pk}/")
    assert "o caso agora é do seu serviço" in coordinator.locator("main").inner_text()
    assert Case.objects.get(pk=second.pk).organization.name == "CREAS Passos"

    # 5. The CRAS worker still reads the case, read only.
    cras.goto(f"{site}/sima/casos/{second.pk}/")
    page = cras.locator("main").inner_text()
    assert "foi transferido para CREAS Passos" in page and "Davi Irmão Navegador" in page
    assert cras.locator("main >> text=Encerrar").count() == 0
    screenshot(cras, "links-03-former-owner")

    serious = {
        name: [(v["id"], len(v["nodes"])) for v in violations if v["impact"] in SERIOUS]
        for name, violations in found.items()
    }
    assert serious == {name: [] for name in found}, serious

    # 6. The new pages fit a 360-px phone.
    for username, path in (
        ("cras.passos", f"/sima/casos/{first.pk}/ligar/"),
        ("cras.passos", f"/sima/casos/{first.pk}/familia/"),
        ("cras.passos", family_url.replace(site, "")),
        ("cras.passos", "/sima/familias/"),
        ("cras.passos", f"/sima/casos/{first.pk}/transferir/"),
        ("cras.passos", "/sima/transferencias/"),
        ("coord.creas.passos", f"/sima/casos/{second.pk}/"),
    ):
        phone = login(browser, site, username)
        phone.set_viewport_size({"width": 360, "height": 740})
        phone.goto(site + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
