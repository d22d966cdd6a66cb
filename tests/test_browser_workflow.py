"""Issue 13's journey in a real Chromium (screenshots test-artifacts/workflow-*.png).

The coordinator of CREAS Passos assigns a new case from the supervision page; the worker is
told, sees the case in full with its team, sets a safety flag, plans two actions in the case
plan (they appear in "Minhas tarefas" and the agenda) and the coordinator approves the plan;
the worker refers it to the Conselho Tutelar, whose member gets an e-mail (captured by a
real SMTP server on loopback) that names no one; the worker asks to close the case and the
coordinator approves it from the approvals page. The new pages pass axe-core and fit a
360-px phone.
"""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from serdh.cases.models import Case
from serdh.workflow import notifications
from tests.browser import axe_violations, screenshot
from tests.cases.factories import open_case
from tests.test_browser_sima import login
from tests.workflow.smtp import SMTPServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VICTIM = "Clara Fluxo Navegador"
SERIOUS = {"serious", "critical"}


def test_the_coordinator_assigns_the_worker_is_told_and_the_closure_is_reviewed(browser, site):

    found = {}
    case = open_case("creas.passos", victim_name=VICTIM, urgency="critical")

    # 1. The coordinator assigns the new case from the supervision page.
    coordinator = login(browser, site, "coord.creas.passos")
    coordinator.click("nav >> text=Supervisão")
    assert "Casos sem técnico(a) de referência" in coordinator.locator("main").inner_text()
    assert VICTIM not in coordinator.locator("main").inner_text()
    found["supervision"] = axe_violations(coordinator)
    coordinator.check(f"input[name=cases][value='{case.pk}']")
    worker_id = Case.objects.get(pk=case.pk).created_by_id
    coordinator.select_option("#id_user", str(worker_id))
    coordinator.click("main form[action$='/supervisao/atribuir/'] button[type=submit]")
    assert "1 caso(s) atribuído(s)" in coordinator.locator("main").inner_text()
    screenshot(coordinator, "workflow-01-supervision")

    # 2. The worker is told and sees the case with its team; sets a safety flag.
    worker = login(browser, site, "creas.passos")
    assert worker.locator("header .badge-count").count() == 1
    worker.click("header >> text=Notificações")
    found["notifications"] = axe_violations(worker)
    worker.click("main ul.notifications a >> nth=0")
    text = worker.locator("main").inner_text()
    assert VICTIM in text and "Técnico(a) de referência" in text
    worker.click("text=Registrar alerta de segurança")
    found["flag"] = axe_violations(worker)
    worker.select_option("#id_kind", "author_armed")
    worker.fill("#id_note", "Autor ameaçou a família com arma de fogo.")
    worker.click("main form button[type=submit]")
    assert "Autor(a) tem arma" in worker.locator("main .safety-flags").inner_text()
    screenshot(worker, "workflow-02-case-team-and-flag")

    # 2b. The worker plans two actions (the plan's actions become their tasks) and a visit.
    worker.click("main >> text=Abrir o plano do meu serviço")
    worker.select_option("#id_kind", "paf")
    worker.click("main form button[type=submit]")
    found["plan"] = axe_violations(worker)
    for days in (2, 9):
        worker.fill("#id_goal", "Fortalecer a proteção da criança")
        worker.fill("#id_action", f"Atendimento da família em {days} dias")
        worker.select_option("#id_responsible_user", str(worker_id))
        worker.fill("#id_due_date", (timezone.localdate() + timedelta(days=days)).isoformat())
        worker.click("main form:has(input[value=add]) button[type=submit]")
        assert "Ação incluída no plano" in worker.locator("main").inner_text()
    worker.click("main button:text-is('Enviar o plano para aprovação')")
    assert "Plano enviado à coordenação" in worker.locator("main").inner_text()
    screenshot(worker, "workflow-02a-plan")
    worker.goto(f"{site}/sima/casos/{case.pk}/tarefas/nova/")
    worker.select_option("#id_kind", "home_visit")
    worker.fill("#id_due_date", (timezone.localdate() + timedelta(days=3)).isoformat())
    worker.click("main form button[type=submit]")
    assert "Tarefa agendada" in worker.locator("main").inner_text()
    worker.click("nav >> text=Minhas tarefas")
    due = worker.locator("main ul.due-list strong")
    expect(due.filter(has_text="Ação do plano de acompanhamento")).to_have_count(2)
    planned = worker.locator("main").inner_text()
    assert "Visita domiciliar" in planned
    assert VICTIM not in planned
    found["my-tasks"] = axe_violations(worker)
    worker.click("main >> text=Agenda do serviço")
    found["agenda"] = axe_violations(worker)
    screenshot(worker, "workflow-02b-agenda")
    worker.goto(f"{site}/sima/casos/{case.pk}/")

    # 3. A referral to the Conselho Tutelar: its member gets an e-mail naming no one.
    worker.click("main >> text=Encaminhar")
    option = worker.locator("#id_to_organization option", has_text="Conselho Tutelar de Passos")
    worker.select_option("#id_to_organization", option.get_attribute("value"))
    worker.fill("#id_service_requested", "Aplicar medida de proteção")
    # Consent or the legal basis for sharing is recorded before the referral leaves.
    worker.get_by_label("O(a) responsável legal consentiu com o compartilhamento").check()
    worker.click("main form button[type=submit]")
    with SMTPServer() as server, override_settings(**server.settings()):
        assert notifications.send_due() >= 1
    mails = [m for m in server.handler.received() if m["to"] == ["ct.passos@demo.serdh.invalid"]]
    assert len(mails) == 1
    for word in (VICTIM, *VICTIM.split(), Case.objects.get(pk=case.pk).protocol, "arma"):
        assert word not in mails[0]["raw"], word
    ct = login(browser, site, "ct.passos")
    ct.click("nav >> text=Encaminhamentos")
    ct.locator("main table tbody tr").first.locator("a").first.click()
    summary = ct.locator("main").inner_text()
    assert "Autor(a) tem arma" in summary and VICTIM not in summary
    screenshot(ct, "workflow-03-ct-summary-with-flag")

    # 4. The coordinator approves the plan; the worker asks to close, and the coordinator
    # approves the closure from the approvals page.
    coordinator.goto(f"{site}/sima/casos/{case.pk}/plano/")
    coordinator.click("button[value=approve]")
    assert "Plano aprovado" in coordinator.locator("main").inner_text()
    worker.goto(f"{site}/sima/casos/{case.pk}/")
    worker.click("main >> text=Encerrar")
    assert "/pedir-encerramento/" in worker.url
    found["closure-request"] = axe_violations(worker)
    worker.select_option("#id_reason", index=1)
    worker.click("main form button[type=submit]")
    if "Confirmar o pedido" in worker.locator("main").inner_text():
        worker.click("main form button[type=submit]")
    assert "Pedido de encerramento enviado" in worker.locator("main").inner_text()
    assert Case.objects.get(pk=case.pk).status != "closed"
    coordinator.click("nav >> text=Aprovações")
    assert "Encerramentos de caso aguardando aprovação" in coordinator.locator("main").inner_text()
    coordinator.click("main a[href*='/encerramentos/'] >> nth=0")
    found["closure-decide"] = axe_violations(coordinator)
    coordinator.click("button[value=approve]")
    assert "Encerramento aprovado" in coordinator.locator("main").inner_text()
    assert Case.objects.get(pk=case.pk).status == "closed"
    timeline = coordinator.locator("main .timeline").inner_text()
    assert "Encerramento pedido à coordenação" in timeline
    assert "Encerramento aprovado pela coordenação" in timeline
    screenshot(coordinator, "workflow-04-closure-approved")

    coordinator.goto(f"{site}/sima/casos/{case.pk}/equipe/")
    found["case-team"] = axe_violations(coordinator)
    coordinator.goto(f"{site}/sima/notificacoes/preferencias/")
    found["preferences"] = axe_violations(coordinator)
    coordinator.goto(f"{site}/sima/supervisao/equipe/")
    found["team-settings"] = axe_violations(coordinator)
    serious = {
        name: [(v["id"], len(v["nodes"])) for v in violations if v["impact"] in SERIOUS]
        for name, violations in found.items()
    }
    assert serious == {name: [] for name in found}, serious

    # 5. The new pages fit a 360-px phone.
    for username, path in (
        ("coord.creas.passos", "/sima/supervisao/"),
        ("coord.creas.passos", f"/sima/casos/{case.pk}/equipe/"),
        ("coord.creas.passos", "/sima/notificacoes/"),
        ("coord.creas.passos", "/sima/notificacoes/preferencias/"),
        ("creas.passos", f"/sima/casos/{case.pk}/"),
        ("creas.passos", f"/sima/casos/{case.pk}/alertas/novo/"),
        ("creas.passos", "/sima/tarefas/"),
        ("creas.passos", "/sima/agenda/?ver=mes"),
    ):
        phone = login(browser, site, username)
        phone.set_viewport_size({"width": 360, "height": 740})
        phone.goto(site + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
