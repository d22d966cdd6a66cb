"""Issue 16's journey in a real Chromium (screenshots test-artifacts/imports-*.png): the
coordinator of CREAS Passos sends a SINAN CSV with one bad row, reads the row-by-row report,
imports the valid rows and sees them counted. The pages pass axe-core and fit a 360-px phone."""

import pytest
from playwright.sync_api import expect

from serdh.imports.models import ImportedRecord
from tests.browser import axe_violations, fits_phone, screenshot
from tests.imports import sinan_files
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def test_a_coordinator_imports_sinan_notifications_after_reading_the_report(
    browser, site, tmp_path
):
    rows = sinan_files.rows(4)
    rows[1]["CS_RACA"] = "7"
    path = sinan_files.write_csv(rows, tmp_path / "violencia-2025.csv")
    found = {}
    coordinator = login(browser, site, "coord.creas.passos")
    coordinator.click("nav >> text=Importações")
    found["upload"] = axe_violations(coordinator)
    assert fits_phone(coordinator), "upload page"
    coordinator.select_option("#id_kind", "sinan")
    coordinator.set_input_files("#id_file", str(path))
    coordinator.click("main form button[type=submit]")
    expect(coordinator.locator("main")).to_contain_text("aguardando sua decisão")
    assert "Código sem termo no vocabulário." in coordinator.locator("main table").inner_text()
    screenshot(coordinator, "imports-01-report")
    found["report"] = axe_violations(coordinator)
    assert fits_phone(coordinator), "report page"
    coordinator.click("main button:has-text('Importar as 3 linhas válidas')")
    expect(coordinator.locator("main .card")).to_contain_text("Importado")
    screenshot(coordinator, "imports-02-done")
    found["done"] = axe_violations(coordinator)
    assert ImportedRecord.objects.count() == 3
    serious = {
        page: [v["id"] for v in violations if v["impact"] in SERIOUS]
        for page, violations in found.items()
    }
    assert serious == dict.fromkeys(found, []), serious
