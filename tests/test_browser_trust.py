"""Issue 11's journey in a real Chromium (screenshots test-artifacts/trust-*.png).

admin.passos tries to grant itself a worker membership on CREAS Passos (the attack of the
security review) and is refused; it asks for a worker membership for someone else, which
stays pending; the coordinator of CREAS Passos approves it on the approvals page; the new
worker switches to it and reads the case in full. The auditor finds the request and the
approval on the access review page. The new pages pass axe-core and fit a 360-px phone.
"""

import pytest
from django.conf import settings

from serdh.accounts.models import Membership, User
from serdh.network.models import Organization
from tests.browser import axe_violations, screenshot
from tests.cases.factories import open_case
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VICTIM = "Marina Duarte Teixeira"
SERIOUS = {"serious", "critical"}


def test_a_casework_membership_needs_a_second_person(browser, site):
    case = open_case("creas.passos", victim_name=VICTIM)
    newcomer = User.objects.create(username="nova.tecnica", full_name="Nova Técnica Teste")
    newcomer.set_password(settings.SERDH_DEMO_PASSWORD)
    newcomer.save()
    Membership.objects.create(
        user=newcomer,
        organization=Organization.objects.get(
            name="Secretaria Municipal de Desenvolvimento Social de Passos"
        ),
        role="contributor",
    )
    creas = Organization.objects.get(name="CREAS Passos")
    admin_user = User.objects.get(username="admin.passos")

    # 1. The admin's own attempt: no form on its own page, and a forged POST is refused.
    admin = login(browser, site, "admin.passos")
    admin.goto(f"{site}/conta/usuarios/{admin_user.pk}/")
    assert "Conceder vínculo" not in admin.locator("main").inner_text()
    csrf = next(c["value"] for c in admin.context.cookies() if c["name"] == "csrftoken")
    forged = admin.context.request.post(
        f"{site}/conta/usuarios/{admin_user.pk}/vinculos/",
        form={"organization": str(creas.pk), "role": "worker", "csrfmiddlewaretoken": csrf},
    )
    assert "Ninguém concede, aprova ou altera vínculos da própria conta" in forged.text()
    assert admin.goto(f"{site}/sima/casos/{case.pk}/").status == 404
    screenshot(admin, "trust-01-admin-refused")

    # 2. The admin asks for a worker membership for someone else: it waits.
    admin.goto(f"{site}/conta/usuarios/{newcomer.pk}/")
    admin.select_option("#id_organization", str(creas.pk))
    admin.select_option("#id_role", "worker")
    admin.click("form[action$='/vinculos/'] button[type=submit]")
    assert "Pedido de vínculo registrado" in admin.locator("main").inner_text()
    assert "aguardando aprovação" in admin.locator("main").inner_text()
    screenshot(admin, "trust-02-request-pending")

    # 3. The coordinator of CREAS Passos approves it.
    coordinator = login(browser, site, "coord.creas.passos")
    assert "Aprovações" in coordinator.locator("main").inner_text()
    coordinator.click("nav >> text=Aprovações")
    assert "nova.tecnica" in coordinator.locator("main").inner_text()
    screenshot(coordinator, "trust-03-approvals")

    found = {"approvals": axe_violations(coordinator)}
    coordinator.click("main form[action^='/conta/vinculos/'][action$='/aprovar/'] button")
    assert "Vínculo aprovado" in coordinator.locator("main").inner_text()

    # 4. The new worker switches to the membership and reads the case in full.
    worker = login(browser, site, "nova.tecnica")
    option = worker.locator("#membership-select option", has_text="CREAS Passos")
    worker.select_option("#membership-select", option.get_attribute("value"))
    worker.click("form.switch button[type=submit]")
    worker.goto(f"{site}/sima/casos/{case.pk}/")
    assert VICTIM in worker.locator("main").inner_text()
    screenshot(worker, "trust-04-worker-reads")

    # 5. The auditor sees the request and its approval.
    auditor = login(browser, site, "auditor.mg")
    auditor.click("nav >> text=Revisão de acessos")
    review = auditor.locator("main").inner_text()
    assert "nova.tecnica" in review and "coord.creas.passos" in review and "admin.passos" in review
    screenshot(auditor, "trust-05-access-review")
    found["access-review"] = axe_violations(auditor)
    serious = {
        name: [(v["id"], len(v["nodes"])) for v in violations if v["impact"] in SERIOUS]
        for name, violations in found.items()
    }
    assert serious == {name: [] for name in found}, serious

    # 6. Both new pages fit a 360-px phone.
    for username, path in (
        ("coord.creas.passos", "/sima/aprovacoes/"),
        ("auditor.mg", "/sima/auditoria/revisao/"),
    ):
        phone = login(browser, site, username)
        phone.set_viewport_size({"width": 360, "height": 740})
        phone.goto(site + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
