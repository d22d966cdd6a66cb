"""Issue 16's RMA in a real Chromium (screenshots test-artifacts/rma-*.png): the coordinator of
CREAS Passos prepares last month's RMA from SIMA, opens the cases behind a figure, fills an item
SIMA does not know, corrects one it counted (with the reason), downloads the PDF and marks it as
sent; the state manager then sees the unit on the board of who sent on time. The pages pass
axe-core and fit a 360-px phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from serdh.rma import months
from serdh.rma.models import MonthlyReport
from tests.browser import axe_violations, fits_phone, screenshot
from tests.rma import cases as make
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def test_a_coordinator_reviews_and_sends_the_rma_and_the_state_sees_it(browser, site):
    month = make.month_under_test()
    victim = make.case("creas.passos", month.replace(day=7), name="Lia Prado", age=10)
    found = {}
    coordinator = login(browser, site, "coord.creas.passos")
    coordinator.click("nav >> text=RMA")
    found["months"] = axe_violations(coordinator)
    assert fits_phone(coordinator), "months page"
    coordinator.click("main table a >> nth=0")
    coordinator.click("main button:has-text('Preparar com os números do SIMA')")
    expect(coordinator.locator(".messages")).to_contain_text("RMA preparado")
    screenshot(coordinator, "rma-01-review")
    found["review"] = axe_violations(coordinator)
    assert fits_phone(coordinator), "review page"
    # The figure of new cases links to the cases behind it.
    coordinator.click("tr:has-text('A.2.') td a")
    expect(coordinator.locator("main table")).to_contain_text(victim.protocol)
    found["cases"] = axe_violations(coordinator)
    assert fits_phone(coordinator), "cases page"
    coordinator.go_back()
    # An item SIMA does not know is typed in; one it counted is corrected with a reason.
    coordinator.click("tr:has-text('B.1.') a:has-text('Preencher')")
    coordinator.fill("#id_B1", "2")
    coordinator.click("main button:has-text('Salvar')")
    coordinator.click("tr:has-text('M.4.') a:has-text('Corrigir')")
    found["correct"] = axe_violations(coordinator)
    assert fits_phone(coordinator), "correction page"
    coordinator.fill("#id_M4", "3")
    coordinator.click("main button:has-text('Salvar')")
    expect(coordinator.locator("#id_reason_error")).to_contain_text("Diga por que")
    coordinator.fill("#id_reason", "Visitas da equipe volante ainda não lançadas no SIMA.")
    coordinator.click("main button:has-text('Salvar')")
    expect(coordinator.locator(".messages")).to_contain_text("Correção registrada")
    expect(coordinator.locator("tr:has-text('M.4.')")).to_contain_text("corrigido")
    with coordinator.expect_download() as download:
        coordinator.click("text=Baixar PDF (formulário)")
    assert download.value.suggested_filename.endswith(f"{month:%Y-%m}.pdf")
    coordinator.click("main button:has-text('Marcar como enviado')")
    expect(coordinator.locator(".messages")).to_contain_text("RMA marcado como enviado")
    screenshot(coordinator, "rma-02-sent")
    report = MonthlyReport.objects.get(organization__name="CREAS Passos", month=month)
    figures = {f.code: f for f in report.figures.all()}
    assert report.status == "submitted"
    assert (figures["B1"].value, figures["M4"].value, figures["M4"].computed) == (2, 3, 0)

    manager = login(browser, site, "gestor.mg")
    manager.click("nav >> text=RMA")
    expect(manager.locator("h1")).to_contain_text("Envio do RMA")
    row = manager.locator("tr:has-text('CREAS Passos')")
    on_time = timezone.localdate() <= months.due_date(month)
    expect(row.locator("td").first).to_contain_text(
        "Enviado no prazo" if on_time else "Enviado com atraso"
    )
    screenshot(manager, "rma-03-board")
    found["board"] = axe_violations(manager)
    assert fits_phone(manager), "board page"
    serious = {
        page: [v["id"] for v in violations if v["impact"] in SERIOUS]
        for page, violations in found.items()
    }
    assert serious == dict.fromkeys(found, []), serious
