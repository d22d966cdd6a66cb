"""On a 360-px phone the header leaves the screen to the page: the menu folds behind "Menu" (a
link to #menu, no script), opens and closes, and is reached by the "Ir para o menu" shortcut;
wider screens keep the header as it was. The same for SIMA's menu
(test-artifacts/phone-header-*.png)."""

import pytest
from django.conf import settings

from serdh.demo import network as demo_network
from serdh.demo import portal as demo_portal
from serdh.portal import models as portal
from tests.browser import TIMEOUT_MS, axe_violations, fits_phone, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
SERIOUS = {"serious", "critical"}


@pytest.fixture
def site(live_server):
    demo_network.seed()
    demo_portal.load()
    return live_server.url


def new_page(browser, viewport):
    page = browser.new_context(viewport=viewport, locale="pt-BR").new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def header_height(page):
    return page.evaluate("document.querySelector('header.site-header').offsetHeight")


def serious(page):
    return [(v["id"], v["impact"]) for v in axe_violations(page) if v["impact"] in SERIOUS]


def test_on_a_phone_the_portal_menu_folds_behind_a_menu_link(browser, site):
    phone = new_page(browser, PHONE)
    for model in (portal.HomePage, portal.NewsPage, portal.ServiceFinderPage):
        phone.goto(site + model.objects.live().first().url)
        assert header_height(phone) < 0.25 * PHONE["height"], model.__name__
        assert phone.locator("#menu").is_hidden()
    assert serious(phone) == []
    screenshot(phone, "phone-header-01-closed")

    phone.click("header >> text=Menu")
    menu = phone.locator("nav[aria-label='Menu do portal']")
    assert menu.is_visible()
    links = menu.locator("ul a")
    titles = [links.nth(i).inner_text() for i in range(links.count())]
    assert "Onde buscar ajuda" in titles and "Entrar (profissionais)" in titles
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert serious(phone) == []
    assert fits_phone(phone)
    phone.set_viewport_size(PHONE)
    screenshot(phone, "phone-header-02-open")
    with phone.expect_navigation():
        menu.locator("text=Estatísticas").click()
    assert "/estatisticas/" in phone.url and phone.locator("#menu").is_hidden()

    phone.click("header >> text=Menu")
    phone.click("#menu >> text=Fechar menu")
    assert phone.locator("#menu").is_hidden()
    # The e-MAG shortcut to the menu opens it as well.
    phone.goto(site + "/")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent").strip() == "Ir para o menu [2]"
    phone.keyboard.press("Enter")
    assert menu.is_visible()


def test_wider_screens_keep_the_menu_and_the_login_button_in_the_header(browser, site):
    desk = new_page(browser, {"width": 1280, "height": 900})
    desk.goto(site + "/")
    assert desk.locator(".menu-toggle").is_hidden()
    assert desk.locator("#menu >> text=Fechar menu").is_hidden()
    assert desk.locator("nav[aria-label='Menu do portal'] >> text=Onde buscar ajuda").is_visible()
    assert desk.locator("header .header-login").is_visible()
    assert desk.locator("#menu .menu-only").is_hidden()  # the login is not twice
    height = header_height(desk)
    assert height < 200  # one row of menu below brand, search and login
    tablet = new_page(browser, {"width": 800, "height": 1000})
    tablet.goto(site + "/")
    assert tablet.locator(".menu-toggle").is_hidden() and tablet.locator("#menu").is_visible()


def test_on_a_phone_sima_menu_folds_too(browser, site):
    phone = new_page(browser, PHONE)
    phone.goto(f"{site}/conta/entrar/?next=/sima/")
    phone.fill("#id_username", "cras.passos")
    phone.fill("#id_password", settings.SERDH_DEMO_PASSWORD)
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"{site}/sima/")
    menu = phone.locator("nav[aria-label='Menu principal']")
    assert menu.is_hidden()
    phone.click("header >> text=Menu")
    assert menu.is_visible() and menu.locator("a[aria-current='page']").is_visible()
    screenshot(phone, "phone-header-03-sima-open")
    with phone.expect_navigation():
        menu.locator("ul a").nth(1).click()
    assert menu.is_hidden()
    assert fits_phone(phone)
    desk = new_page(browser, {"width": 1280, "height": 900})
    desk.context.add_cookies(phone.context.cookies())
    desk.goto(f"{site}/sima/")
    assert desk.locator("nav[aria-label='Menu principal'] ul a").first.is_visible()
    assert desk.locator(".menu-toggle").is_hidden()
