"""The LGPD pages in a real Chromium (screenshots test-artifacts/privacy-*.png): the auditor
reads the record of processing, registers an incident through the form and sees its ANPD
deadline in working days, and produces a data subject's report (page and PDF) for a person
found by CPF. Each page passes axe-core and fits a 360-px phone."""

import pytest
from django.utils import timezone

from tests.browser import axe_violations, screenshot
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def test_the_auditor_keeps_the_incident_register(browser, site):

    found = {}
    auditor = login(browser, site, "auditor.mg")
    auditor.goto(f"{site}/sima/lgpd/")
    assert "Registro das operações de tratamento" in auditor.locator("main").inner_text()
    found["record"] = axe_violations(auditor)
    screenshot(auditor, "privacy-01-record")

    auditor.click("nav >> text=Incidentes (LGPD)")
    auditor.click("text=Registrar incidente")
    found["incident-form"] = axe_violations(auditor)
    auditor.fill("#id_title", "Planilha enviada a endereço errado")
    auditor.fill("#id_description", "Uma exportação foi enviada ao e-mail de outra secretaria.")
    auditor.fill("#id_known_on", timezone.localdate().isoformat())
    auditor.check("#id_significant_effect")
    auditor.check("input[name=criteria][value=vulnerable]")
    auditor.fill("#id_affected_count", "14")
    auditor.fill("#id_affected_children", "6")
    auditor.click("main form button[type=submit]")
    text = auditor.locator("main").inner_text()
    assert "Incidente registrado" in text and "dias úteis" in text
    found["incident-detail"] = axe_violations(auditor)
    screenshot(auditor, "privacy-02-incident")
    auditor.click("text=Todos os incidentes")
    assert "Planilha enviada a endereço errado" in auditor.locator("main").inner_text()
    found["incident-list"] = axe_violations(auditor)

    # The data subject's report: found by CPF, shown, downloaded as PDF.
    from faker import Faker

    from tests.cases.factories import open_case

    cpf = Faker("pt_BR").cpf()
    case = open_case("creas.passos", victim_name="Rita Moreira Campos", cpf=cpf)
    auditor.click("nav >> text=Titulares (LGPD)")
    found["subject-search"] = axe_violations(auditor)
    auditor.select_option("#id_kind", "cpf")
    auditor.fill("#id_number", cpf)
    auditor.fill("#id_reference", "OUV-2026-0100")
    auditor.fill("#id_reason", "Pedido de acesso da própria titular pela ouvidoria")
    auditor.click("main form button[type=submit]")
    text = auditor.locator("main").inner_text()
    assert case.protocol in text and "CREAS Passos" in text and "Rita Moreira Campos" in text
    assert "Carlos Eduardo Lima" not in text  # the other party never appears
    found["subject-report"] = axe_violations(auditor)
    screenshot(auditor, "privacy-03-subject-report")
    with auditor.expect_download() as download:
        auditor.click("text=Baixar PDF")
    path = download.value.path()
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    subject_page = auditor.url

    serious = {
        name: [(v["id"], len(v["nodes"])) for v in violations if v["impact"] in SERIOUS]
        for name, violations in found.items()
    }
    assert serious == {name: [] for name in found}, serious

    auditor.set_viewport_size({"width": 360, "height": 740})
    for path in (
        "/sima/lgpd/",
        "/sima/lgpd/incidentes/",
        "/sima/lgpd/incidentes/novo/",
        "/sima/lgpd/titular/",
        subject_page.removeprefix(site),
    ):
        auditor.goto(site + path)
        overflow = auditor.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
