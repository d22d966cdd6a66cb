"""The portal in a real Chromium (test-artifacts/portal-*.png): a visitor finds the CREAS of
Passos through "Onde buscar ajuda"; a professional opens a restricted lesson that an
anonymous visitor cannot; a municipal contributor submits an experience and a state editor
publishes it through the moderation workflow in the editors' area; axe-core finds no serious
or critical violation on the main page types."""

import pytest
from django.conf import settings

from serdh.demo import network as demo_network
from serdh.demo import portal as demo_portal
from serdh.demo import portal_texts
from serdh.portal import models as portal
from tests.browser import TIMEOUT_MS, axe_violations, fits_phone, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    demo_network.seed()
    demo_portal.load()
    return live_server.url


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def login(page, site, username, next_url=""):
    page.goto(f"{site}/conta/entrar/" + (f"?next={next_url}" if next_url else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", settings.SERDH_DEMO_PASSWORD)
    page.click("main form button[type=submit]")


def test_a_visitor_finds_the_creas_of_passos_from_the_portal_home(page, site):
    page.goto(site + "/")
    screenshot(page, "portal-01-home")
    page.click("nav[aria-label='Menu do portal'] >> text=Onde buscar ajuda")
    page.select_option("#id_municipio", "3147907")
    page.select_option("#id_necessidade", "crianca")
    page.click("main form button[type=submit]")
    results = page.locator("main section").inner_text()
    assert "CREAS Passos" in results and "Conselho Tutelar de Passos" in results
    assert "Casa de Acolhimento" not in results  # confidential service
    screenshot(page, "portal-02-finder-passos")
    with page.expect_navigation():  # count() does not wait for the next page
        page.click("main >> text=Como denunciar")
    assert page.locator("main a[href='tel:100']").count() == 1  # and the footer's
    page.select_option("#municipio", "3147907")
    page.click("main form button[type=submit]")
    assert "Conselho Tutelar de Passos" in page.locator("main").inner_text()


def test_a_professional_opens_a_lesson_that_a_visitor_cannot(browser, site):
    lesson = portal.LessonPage.objects.live().first()
    visitor = new_page(browser)
    visitor.goto(site + lesson.url)
    assert "/conta/entrar/" in visitor.url
    assert lesson.title not in visitor.content()
    visitor.goto(site + "/formacao/")
    assert "Entrar para ver os cursos" in visitor.content()
    worker = new_page(browser)
    login(worker, site, "cras.passos", next_url="/formacao/")
    worker.wait_for_url(f"{site}/formacao/")
    worker.click(f"text={portal_texts.COURSE['title']}")
    worker.click(f"text={lesson.title}")
    assert worker.locator("h1").inner_text() == lesson.title
    handout = worker.locator(".doc-link a").first
    assert handout.count() == 1
    screenshot(worker, "portal-03-lesson")
    pdf = worker.context.request.get(site + handout.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
    visitor.goto(site + handout.get_attribute("href"))
    assert "/conta/entrar/" in visitor.url


def test_a_contributor_submits_an_experience_and_a_state_editor_publishes_it(browser, site):
    text = portal_texts.SUBMITTED_EXPERIENCE
    contributor = new_page(browser)
    login(contributor, site, "colab.passos", next_url="/boas-praticas/enviar/")
    contributor.wait_for_url(f"{site}/boas-praticas/enviar/")
    contributor.fill("#id_title", text["title"])
    contributor.fill("#id_summary", text["summary"])
    contributor.fill("#id_body", "\n\n".join(text["body"]))
    contributor.fill("#id_results", text["results"])
    contributor.click("main form button[type=submit]")
    assert "Confirme que o relato não identifica ninguém." in contributor.content()
    contributor.check("#id_no_personal_data")
    contributor.click("main form button[type=submit]")
    contributor.wait_for_url(f"{site}/boas-praticas/")
    assert "A equipe editorial estadual vai revisá-la" in contributor.content()
    assert text["title"] not in contributor.locator("main").inner_text()
    screenshot(contributor, "portal-04-experience-sent")

    page_id = portal.ExperiencePage.objects.get(title=text["title"]).pk
    editor = new_page(browser)
    login(editor, site, "editor.mg", next_url="/editorial/")
    editor.wait_for_url(f"{site}/editorial/")
    assert text["title"] in editor.content()  # "Aguardando sua revisão"
    screenshot(editor, "portal-05-editor-dashboard")
    editor.goto(f"{site}/editorial/pages/{page_id}/edit/")
    editor.click("footer >> text=Mais ações")
    editor.click("footer >> text=Aprovar e publicar")
    editor.wait_for_load_state("networkidle")
    published = portal.ExperiencePage.objects.get(pk=page_id)
    assert published.live
    visitor = new_page(browser)
    visitor.goto(site + published.url)
    assert visitor.locator("h1").inner_text() == text["title"]
    screenshot(visitor, "portal-06-experience-published")


SERIOUS = {"serious", "critical"}


def test_axe_core_finds_no_serious_or_critical_violation_on_the_main_pages(browser, site):
    from serdh.monitoring import boundaries, population, releases
    from serdh.network.models import Municipality
    from tests.monitoring.test_maps import mesh_geojson

    releases.publish(force=True)  # the statistics and open-data pages with a release
    codes = Municipality.objects.filter(state__uf="MG").values_list("code", flat=True)
    boundaries.load(mesh_geojson(list(codes)), 31)  # a made-up mesh: the map is drawn
    population.load("codigo_ibge;ano;populacao\n3147907;2025;115000\n3106200;2025;2300000\n")

    pages = {
        "home": portal.HomePage.objects.get().url,
        "news": portal.NewsPage.objects.live().first().url,
        "news-index": portal.NewsIndexPage.objects.get().url,
        "article": portal.ArticlePage.objects.live().first().url,
        "statistics": portal.StatisticsPage.objects.get().url + "?municipio=3147907",
        "statistics-map": portal.StatisticsPage.objects.get().url,
        "finder": portal.ServiceFinderPage.objects.get().url
        + "?municipio=3147907&necessidade=crianca",
        "report": portal.HowToReportPage.objects.get().url,
        "library": portal.LibraryPage.objects.get().url,
        "search": "/busca/?q=viol%C3%AAncia",
        "open-data": "/dados-abertos/",
    }
    visitor = new_page(browser)
    found = {}
    for name, url in pages.items():
        visitor.goto(site + url)
        found[name] = axe_violations(visitor)
        if name == "statistics-map":
            # The map's municipalities are reached with the keyboard and name themselves.
            visitor.locator("svg.map a").first.focus()
            label = visitor.evaluate("document.activeElement.getAttribute('aria-label')")
            assert label and "por 100 mil habitantes" in label
            assert fits_phone(visitor)
            screenshot(visitor, "portal-07-statistics-map")
    professional = new_page(browser)
    login(professional, site, "cras.passos")
    for name, model in (("lesson", portal.LessonPage), ("course", portal.CoursePage)):
        professional.goto(site + model.objects.live().first().url)
        found[name] = axe_violations(professional)
    professional.goto(site + portal.ExperienceIndexPage.objects.get().url + "enviar/")
    found["experience-form"] = axe_violations(professional)
    serious = {
        name: [
            (v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in SERIOUS
        ]
        for name, violations in found.items()
    }
    assert serious == {name: [] for name in found}, serious
    # The same check does catch a page that breaks the rules (an image with no text
    # alternative, a field with no label).
    visitor.set_content('<html lang="pt-BR"><body><main><img src="x.png"><input></main></body>')
    caught = {v["id"] for v in axe_violations(visitor) if v["impact"] in SERIOUS}
    assert {"image-alt", "label"} <= caught


def test_keyboard_shortcuts_follow_e_mag_and_pages_fit_a_phone(browser, site):
    visitor = new_page(browser)
    visitor.goto(site + "/")
    stops = []
    for _ in range(4):
        visitor.keyboard.press("Tab")
        stops.append(visitor.evaluate("document.activeElement.textContent").strip())
    assert stops == [
        "Ir para o conteúdo [1]",
        "Ir para o menu [2]",
        "Ir para a busca [3]",
        "Ir para o rodapé [4]",
    ]
    visitor.keyboard.press("Shift+Tab")
    visitor.keyboard.press("Enter")  # "Ir para a busca"
    assert visitor.evaluate("document.activeElement.id") == "busca-topo"
    visitor.keyboard.type("escuta")
    visitor.keyboard.press("Enter")
    visitor.wait_for_url("**/busca/?q=escuta")
    assert visitor.locator("main h3").count() >= 1

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="pt-BR")
    small = phone.new_page()
    for model in (portal.HomePage, portal.StatisticsPage, portal.ArticlePage):
        small.goto(site + model.objects.live().first().url)
        overflow = small.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (model.__name__, overflow)
    screenshot(small, "portal-07-phone-article")
    phone.close()


def test_quick_exit_leaves_and_takes_the_page_out_of_the_history(browser, site, settings):
    settings.SERDH_QUICK_EXIT_URL = site + "/busca/?q=tempo"
    visitor = new_page(browser)
    visitor.goto(site + portal.HomePage.objects.get().url)
    visitor.goto(site + portal.HowToReportPage.objects.get().url)
    visitor.click("a.quick-exit")
    visitor.wait_for_url("**/busca/?q=tempo")
    visitor.go_back()
    visitor.wait_for_load_state("load")
    assert visitor.url.rstrip("/") == (site + portal.HomePage.objects.get().url).rstrip("/")
    # Escape twice does the same from the finder.
    visitor.goto(site + portal.ServiceFinderPage.objects.get().url)
    visitor.keyboard.press("Escape")
    visitor.keyboard.press("Escape")
    visitor.wait_for_url("**/busca/?q=tempo")
