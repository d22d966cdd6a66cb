"""Issue 3's journey in a real Chromium, one screenshot per step (test-artifacts/sima-*.png).

cras.passos registers a case with a child victim and refers it to the Conselho Tutelar;
ct.passos finds it in the inbox, accepts it, records a follow-up and completes the referral
with a counter-referral; cras.passos sees all of it on the timeline; cras.bh cannot find the
case by protocol or by name; gestor.passos sees it without names.
"""

import re

import pytest
from django.conf import settings

from tests.browser import TIMEOUT_MS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VICTIM = "Ana Clara Ferreira Lopes"


def login(browser, site, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{site}/conta/entrar/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.SERDH_DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{site}/sima/")
    return page


def test_a_case_travels_through_the_network(browser, site):
    # 1. The CRAS registers the case.
    cras = login(browser, site, "cras.passos")
    cras.click("text=Novo caso")
    cras.select_option("#id_intake_channel", label="Demanda espontânea")
    cras.fill("#id_reported_on", "2026-03-10")
    cras.fill("#id_occurred_on", "2026-03-01")
    cras.check("input[name=urgency][value=high]")
    cras.fill("#id_victim-full_name", VICTIM)
    cras.fill("#id_victim-age_years", "8")
    cras.select_option("#id_victim-sex", "F")
    cras.select_option("#id_violation-type", label="Violência sexual")
    cras.select_option("#id_violation-subtype", label="Estupro")
    cras.fill("#id_narrative", "A criança relatou a situação à professora.")
    screenshot(cras, "sima-01-register-form")
    cras.click("button[name=register]")
    heading = cras.locator("h1").inner_text()
    protocol = re.search(r"MG-\d{4}-\d{6}", heading).group(0)
    screenshot(cras, "sima-02-registered")

    # 2. ... and refers it to the Conselho Tutelar.
    cras.click("text=Encaminhar")
    option = cras.locator("#id_to_organization option", has_text="Conselho Tutelar de Passos")
    cras.select_option("#id_to_organization", option.get_attribute("value"))
    cras.fill("#id_service_requested", "Aplicar medida de proteção e acompanhar a família")
    # Consent or the legal basis for sharing is recorded before the referral leaves.
    cras.get_by_label("O(a) responsável legal consentiu com o compartilhamento").check()
    cras.click("main form button[type=submit]")
    assert "Encaminhamento enviado" in cras.locator("main").inner_text()
    screenshot(cras, "sima-03-referred")
    case_url = cras.url

    # 3. The Conselho Tutelar finds it in the inbox and decides with the summary only.
    ct = login(browser, site, "ct.passos")
    ct.click("nav >> text=Encaminhamentos")
    # The row is a link with the case's summary (type, age band), the most urgent first.
    first_row = ct.locator("main table tbody tr").first
    assert "criança (0–11)" in first_row.inner_text()
    first_row.locator("a").first.click()
    summary = ct.locator("main").inner_text()
    assert "criança (0–11)" in summary and "Violência sexual" in summary
    assert VICTIM not in summary
    screenshot(ct, "sima-04-ct-summary")
    ct.click("button:text-is('Aceitar encaminhamento')")
    assert VICTIM in ct.locator("main").inner_text()
    screenshot(ct, "sima-05-ct-accepted")

    # 4. It records a follow-up and completes the referral with a counter-referral.
    ct.click("text=Registrar acompanhamento")
    ct.select_option("#id_kind", label="Visita domiciliar")
    ct.fill("#id_description", "Visita à família; mãe orientada.")
    ct.click("main form button[type=submit]")
    ct.click("main table >> text=Conselho Tutelar de Passos")
    ct.fill("#complete-note", "Medida de proteção aplicada; acompanhamento mensal.")
    ct.click("button:text-is('Concluir')")
    ct.wait_for_url(case_url.replace(site, site))  # back on the case page
    assert "concluído com a contrarreferência" in ct.locator("main").inner_text()
    screenshot(ct, "sima-06-ct-completed")

    # 5. The CRAS sees every step on the timeline.
    cras.goto(case_url)
    timeline = cras.locator("#linha-do-tempo").locator("..").inner_text()
    for step in (
        "Caso registrado com o protocolo",
        "Encaminhado a Conselho Tutelar de Passos",
        "aceitou o encaminhamento",
        "Visita domiciliar registrado",
        "concluiu o atendimento",
        "Medida de proteção aplicada",
    ):
        assert step in timeline, step
    screenshot(cras, "sima-07-cras-timeline")

    # 6. Another municipality cannot find it.
    bh = login(browser, site, "cras.bh")
    bh.goto(f"{site}/sima/casos/?protocol={protocol}")
    assert "Nenhum caso encontrado" in bh.locator("main").inner_text()
    bh.goto(f"{site}/sima/casos/")
    bh.fill("#id_name", "Ana Clara")
    bh.click("main form[role=search] button[type=submit]")
    assert "Nenhum caso encontrado" in bh.locator("main").inner_text()
    assert "Ana" not in bh.url  # the name never travels in the URL
    response = bh.goto(case_url)
    assert response.status == 404
    screenshot(bh, "sima-08-bh-not-found")

    # 7. The municipal manager sees it without names.
    manager = login(browser, site, "gestor.passos")
    manager.goto(case_url)
    text = manager.locator("main").inner_text()
    assert protocol in text and "Vítima 1" in text
    assert VICTIM not in text and "professora" not in text
    screenshot(manager, "sima-09-manager-pseudonymized")
