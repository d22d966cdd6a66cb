"""The integration pages in a real Chromium (test-artifacts/interop-*.png): the municipal admin
registers the Conselho Tutelar's system and copies its secret, which then gets a token; it
registers a webhook endpoint; the auditor finds the system's calls in the message log."""

import json
import re
import urllib.parse
import urllib.request

import pytest

from tests.browser import screenshot
from tests.test_browser_sima import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_registers_a_system_and_the_auditor_sees_its_calls(browser, site):
    admin = login(browser, site, "admin.passos")
    admin.click("nav >> text=Integração")
    admin.click("text=Cadastrar sistema")
    option = admin.locator("#id_organization option", has_text="CREAS Passos")
    admin.select_option("#id_organization", option.get_attribute("value"))
    admin.fill("#id_name", "Prontuário do CREAS")
    for scope in ("referrals:read", "referrals:write", "cases:read"):
        admin.check(f"input[name=scopes][value='{scope}']")
    admin.fill("#id_rate_limit", "60")
    screenshot(admin, "interop-01-register-system")
    admin.click("main form button[type=submit]")
    # Case scopes: no secret for the admin; the service's coordinator must approve.
    page_text = admin.locator("main").inner_text()
    assert "precisa aprovar" in page_text and "scs_" not in page_text
    client_id = re.search(r"serdh-[0-9a-f]{16}", page_text).group(0)
    screenshot(admin, "interop-02-waiting-approval")

    coordinator = login(browser, site, "coord.creas.passos")
    coordinator.click("nav >> text=Aprovações")
    assert "Prontuário do CREAS" in coordinator.locator("main").inner_text()
    screenshot(coordinator, "interop-02b-approvals")
    coordinator.click(
        "main form[action*='/integracao/sistemas/'][action$='/aprovar/'] button[type=submit]"
    )
    assert "não será mostrado de novo" in coordinator.locator("main").inner_text()
    secret = coordinator.locator("#secret").inner_text().strip()
    screenshot(coordinator, "interop-02c-secret-once")

    # The secret works: a token, then a call that the message log records.
    form = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    ).encode()
    with urllib.request.urlopen(f"{site}/oauth/token/", data=form) as response:  # noqa: S310
        token = json.load(response)["access_token"]
    request = urllib.request.Request(
        f"{site}/api/v1/referrals/", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310
        assert response.status == 200

    admin.reload()
    assert secret not in admin.locator("main").inner_text()
    assert "Ativo" in admin.locator("main").inner_text()
    screenshot(admin, "interop-03-system")
    admin.click("nav >> text=Integração")
    admin.click("main >> text=Webhooks")
    admin.click("text=Cadastrar destino")
    option = admin.locator("#id_organization option", has_text="Conselho Tutelar de Passos")
    admin.select_option("#id_organization", option.get_attribute("value"))
    admin.fill("#id_url", "https://sistema.conselho.passos.invalid/eventos")
    admin.check("input[name=event_types][value='referral.sent']")
    admin.click("main form button[type=submit]")
    assert admin.locator("#secret").inner_text().startswith("whsec_")

    auditor = login(browser, site, "auditor.mg")
    auditor.click("nav >> text=Mensagens da API")
    auditor.fill("#id_client_id", client_id)
    auditor.click("main form button[type=submit]")
    rows = auditor.locator("main table tbody").inner_text()
    assert "/api/v1/referrals/" in rows and "/oauth/token/" in rows
    screenshot(auditor, "interop-04-message-log")
