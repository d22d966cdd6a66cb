"""Issue 14's journey in a real Chromium (screenshots test-artifacts/obligations-*.png).

A UBS registers sexual violence against a 14-year-old girl; SIMA lists the communication to
the Conselho Tutelar and the immediate SINAN notification as due; the UBS fills the SINAN ficha
(SIMA asks only what the case lacks), records it as sent, downloads the filled ficha and refers
the case to the Conselho Tutelar; the Conselho Tutelar accepts, records an art. 101 measure and
issues an ofício; the manager's dashboard shows the obligations done on time. The new pages
pass axe-core and fit a 360-px phone.
"""

import re

import pytest
from django.conf import settings
from django.utils import timezone

from serdh.accounts.models import Membership, User
from serdh.demo import network as demo_network
from serdh.network.models import Organization
from serdh.obligations.models import Obligation
from tests.browser import axe_violations, screenshot
from tests.cases.factories import open_case, refer
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VICTIM = "Yasmin Obrigações Navegador"
SERIOUS = {"serious", "critical"}


@pytest.fixture
def site(live_server):
    demo_network.seed()
    nurse = User.objects.create(username="ubs.passos.nav", full_name="Enfermeira Navegador")
    nurse.set_password(settings.SERDH_DEMO_PASSWORD)
    nurse.save()
    Membership.objects.create(
        user=nurse,
        organization=Organization.objects.get(name="UBS Bela Vista — Passos"),
        role="worker",
    )
    return live_server.url


def test_a_health_unit_does_what_the_law_requires_and_the_manager_sees_it_on_time(browser, site):

    found = {}
    # Other communications to the Conselho Tutelar done on time this month, so that the
    # dashboard's share rests on enough obligations to be published (disclosure control).
    for n in range(5):
        refer(
            open_case("cras.passos", victim_name=f"Criança Prazo {n} Navegador"),
            to="Conselho Tutelar de Passos",
            sharing_basis="child",
        )

    # 1. The UBS registers the case.
    ubs = login(browser, site, "ubs.passos.nav")
    ubs.click("text=Novo caso")
    ubs.select_option("#id_intake_channel", label="Unidade de saúde")
    today = timezone.localdate().isoformat()
    ubs.fill("#id_reported_on", today)
    ubs.fill("#id_occurred_on", today)
    ubs.check("input[name=urgency][value=critical]")
    ubs.fill("#id_victim-full_name", VICTIM)
    ubs.fill("#id_victim-age_years", "14")
    ubs.select_option("#id_victim-sex", "F")
    ubs.select_option("#id_violation-type", label="Violência sexual")
    ubs.select_option("#id_violation-subtype", label="Estupro")
    ubs.fill("#id_narrative", "A adolescente foi atendida na unidade após o fato.")
    ubs.click("button[name=register]")
    protocol = re.search(r"MG-\d{4}-\d{6}", ubs.locator("h1").inner_text()).group(0)
    case_url = ubs.url

    # 2. SIMA lists what the law requires of the UBS.
    panel = ubs.locator("section[aria-labelledby=obrigacoes]")
    text = panel.inner_text()
    assert "Comunicação ao Conselho Tutelar" in text
    assert "Notificação compulsória no SINAN" in text
    assert "24 horas (violência sexual" in text
    assert "Portaria de Consolidação GM/MS nº 4/2017" in text
    found["case"] = axe_violations(ubs)
    screenshot(ubs, "obligations-01-due")

    # 3. The SINAN ficha: only what the case lacks; sent with its number; the PDF.
    panel.locator("text=Preencher a ficha do SINAN").click()
    assert "16 Escolaridade" in ubs.locator("main").inner_text()
    found["sinan-form"] = axe_violations(ubs)
    for select in ubs.locator("main form select").all():
        if not select.input_value():
            select.select_option(index=1)
    ubs.fill("#id_number", "2600123")
    ubs.fill("#id_notified_on", today)
    ubs.click("button[name=send]")
    assert "Notificação registrada como enviada ao SINAN" in ubs.locator("main").inner_text()
    found["sinan-detail"] = axe_violations(ubs)
    with ubs.expect_download() as download:
        ubs.click("text=Baixar a ficha preenchida (PDF)")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    screenshot(ubs, "obligations-02-sinan")

    # 4. The UBS refers the case to the Conselho Tutelar: the communication is done.
    ubs.goto(case_url)
    ubs.click("main >> text=Encaminhar")
    option = ubs.locator("#id_to_organization option", has_text="Conselho Tutelar de Passos")
    ubs.select_option("#id_to_organization", option.get_attribute("value"))
    ubs.fill("#id_service_requested", "Aplicar medida de proteção")
    ubs.get_by_label(
        "Comunicação obrigatória de violência contra criança ou adolescente (ECA, art. 13)"
    ).check()
    ubs.click("main form button[type=submit]")
    ubs.goto(case_url)
    text = ubs.locator("section[aria-labelledby=obrigacoes]").inner_text()
    assert text.count("cumprida no prazo") == 2, text
    screenshot(ubs, "obligations-03-done")

    # 5. The Conselho Tutelar accepts, records an art. 101 measure and issues an ofício.
    ct = login(browser, site, "ct.passos")
    ct.click("nav >> text=Encaminhamentos")
    ct.locator("main table tbody tr", has_text="adolescente").first.locator("a").first.click()
    ct.click("button:text-is('Aceitar encaminhamento')")
    ct.goto(case_url)
    assert VICTIM in ct.locator("main").inner_text()
    ct.click("text=Registrar medida de proteção")
    found["measure"] = axe_violations(ct)
    measure = ct.locator("#id_measure option", has_text="art. 101").first
    ct.select_option("#id_measure", measure.get_attribute("value"))
    ct.select_option("#id_party_id", index=1)
    ct.select_option("#id_applied_by", "ct")
    ct.fill("#id_applied_on", today)
    ct.select_option("#id_rights_group", index=1)
    ct.select_option("#id_violator_type", index=1)
    ct.click("main form button[type=submit]")
    assert "art. 101" in ct.locator("section[aria-labelledby=medidas]").inner_text()
    ct.click("text=Emitir ofício")
    found["letter-choose"] = axe_violations(ct)
    ct.click("text=Ofício em branco")
    ct.fill("#id_addressee", "Vara da Infância e da Juventude de Passos")
    ct.fill("#id_subject", "Comunicação de medida de proteção")
    ct.fill("#id_body", "Comunicamos a aplicação de medida de proteção no caso em referência.")
    if not ct.locator("#id_channel").input_value():
        ct.select_option("#id_channel", index=1)
    found["letter-form"] = axe_violations(ct)
    ct.click("main form button[type=submit]")
    year = timezone.localdate().year
    assert f"001/{year}" in ct.locator("main").inner_text()
    found["letter-detail"] = axe_violations(ct)
    screenshot(ct, "obligations-04-measure-and-letter")

    # 6. The manager sees the obligations done on time.
    assert Obligation.objects.filter(case__protocol=protocol, status="done").count() == 2
    manager = login(browser, site, "gestor.passos")
    manager.click("nav >> text=Monitoramento")
    law = manager.locator("section[aria-labelledby=obrigacoes]")
    card = law.locator(".metric", has_text="Obrigações legais cumpridas no prazo (%)")
    assert re.search(r"\d+,\d %", card.inner_text()), card.inner_text()
    assert VICTIM not in manager.locator("main").inner_text()
    found["dashboard"] = axe_violations(manager)
    screenshot(manager, "obligations-05-dashboard")

    serious = {
        name: [(v["id"], len(v["nodes"])) for v in violations if v["impact"] in SERIOUS]
        for name, violations in found.items()
    }
    assert serious == {name: [] for name in found}, serious

    # 7. The new pages fit a 360-px phone.
    case_path = case_url.replace(site, "")
    for username, path in (
        ("ubs.passos.nav", case_path),
        ("ubs.passos.nav", "/sima/sinan/"),
        ("ct.passos", "/sima/oficios/"),
        ("ct.passos", case_path),
    ):
        phone = login(browser, site, username)
        phone.set_viewport_size({"width": 360, "height": 740})
        phone.goto(site + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
