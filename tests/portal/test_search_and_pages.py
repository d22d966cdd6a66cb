"""Search (PostgreSQL full-text search in Portuguese, SQLite FTS5 elsewhere), the statistics
page (only published, disclosure-controlled figures), the library, the media view."""

import re

import pytest
from django.test import Client

from serdh.demo import portal_texts
from serdh.portal import models as portal

pytestmark = pytest.mark.django_db


def titles(response):
    return [p.title for p in response.context["pages"]]


def test_search_finds_pages_and_documents_with_or_without_accents():
    news_title = portal_texts.NEWS[2]["title"]  # the 18 de Maio campaign
    for query in ("Exploração Sexual", "exploracao sexual"):
        response = Client().get("/busca/", {"q": query})
        assert response.status_code == 200
        assert news_title in titles(response), query
    response = Client().get("/busca/", {"q": "pessoa idosa"})
    assert [d.category for d in response.context["documents"]] == ["protocolos"]


def test_search_never_shows_training_to_visitors_nor_drafts_to_anyone(client_for):
    lesson = portal.LessonPage.objects.live().first()
    word = lesson.title.split()[0]
    assert lesson.title not in titles(Client().get("/busca/", {"q": lesson.title}))
    assert lesson.title in titles(client_for("cras.passos").get("/busca/", {"q": lesson.title}))
    handout_titles = [d.title for d in Client().get("/busca/", {"q": word}).context["documents"]]
    assert all(
        d.category != "material"
        for d in portal.LibraryDocument.objects.filter(title__in=handout_titles)
    )
    news = portal.NewsIndexPage.objects.get()
    news.add_child(
        instance=portal.NewsPage(
            title="Rascunho sigiloso xyzzy", slug="rascunho", live=False, body=[]
        )
    )
    assert titles(client_for("editor.mg").get("/busca/", {"q": "xyzzy"})) == []


def test_an_empty_or_overlong_query_gets_no_results_and_no_error():
    assert Client().get("/busca/", {"q": ""}).context["pages"] is None
    response = Client().get("/busca/", {"q": "x" * 500})
    assert response.status_code == 200 and response.context["pages"] is None
    assert "no máximo 200 caracteres" in response.content.decode()


def _numbers_in_tables(html):
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    return [int(c.replace(".", "")) for c in cells if c.strip() not in {"—", ""}]


def test_the_statistics_page_shows_only_figures_of_the_latest_release():
    from serdh.demo import cases as demo_cases
    from serdh.monitoring import releases

    demo_cases.generate(60, seed=11)
    page = portal.StatisticsPage.objects.get()
    assert "Nenhuma versão dos dados" in Client().get(page.url).content.decode()
    release = releases.publish()
    published = {row[-1] for t in release.tables.values() for row in t["rows"]}
    response = Client().get(page.url)
    stats = response.context["stats"]
    assert stats.municipality is None and stats.release == release
    for cell in stats.by_year + stats.by_month + stats.by_type + stats.by_municipality:
        assert cell.value in published or cell.value == 0
    shown = _numbers_in_tables(response.content.decode())
    assert shown and set(shown) <= published | {0}
    assert f"versão {release.number} de" in response.content.decode()


def test_the_suppression_problem_every_type_of_the_year_is_shown():
    """Issue 17: the state's "Violações por tipo" showed one type and "—" for the rest."""
    from serdh.demo import cases as demo_cases
    from serdh.monitoring import releases
    from serdh.monitoring.models import ViolationFact
    from serdh.vocabularies.models import Term

    demo_cases.generate(400, seed=5)
    release = releases.publish()
    year = release.closed_through.year
    stats = Client().get(portal.StatisticsPage.objects.get().url, {"ano": year}).context["stats"]
    shown = {c.key: c.value for c in stats.by_type}
    for term in Term.objects.filter(vocabulary__key="violation_type", parent__isnull=True):
        n = ViolationFact.objects.filter(
            type_id=term.pk,
            registered_month__year=year,
            registered_month__lte=release.closed_through,
        ).count()
        if n >= 20:
            assert abs(shown[term.code] - n) <= 2, (term.code, n, shown.get(term.code))
        if n:
            assert shown[term.code] is not None


def test_statistics_filters_refuse_what_they_do_not_know():
    from serdh.monitoring import releases

    releases.publish()
    url = portal.StatisticsPage.objects.get().url
    response = Client().get(url, {"municipio": "3550308", "ano": "1990"})  # São Paulo, SP
    assert response.status_code == 200
    assert response.context["stats"].municipality is None
    assert response.context["stats"].year == response.context["stats"].years[-1]
    assert "Escolha um município da lista." in response.content.decode()


def test_the_library_filters_by_category_and_hides_training_handouts():
    url = portal.LibraryPage.objects.get().url
    everything = [d.title for d in Client().get(url).context["items"]]
    assert len(everything) == len(portal_texts.LIBRARY)
    normas = Client().get(url, {"categoria": "normas"}).context["items"]
    assert [d.category for d in normas] == ["normas"] * len(normas) and len(normas) >= 1
    assert len(Client().get(url, {"categoria": "bogus"}).context["items"]) == len(everything)


def test_renditions_are_served_and_nothing_else_of_the_media_folder():
    image = portal.PortalImage.objects.first()
    rendition = image.get_rendition("width-400")
    response = Client().get(rendition.url)
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
    original = image.file.name  # original_images/…: never served
    assert Client().get(f"/midia/{original}").status_code == 404
    assert Client().get("/midia/images/../original_images/x.png").status_code == 404


def test_portal_pages_stay_small():
    for model in (
        portal.HomePage,
        portal.NewsPage,
        portal.ArticlePage,
        portal.StatisticsPage,
        portal.ServiceFinderPage,
        portal.LibraryPage,
    ):
        response = Client().get(model.objects.live().first().url)
        assert len(response.content) < 150 * 1024, model.__name__
        # No script, but the help pages' "Sair rápido" (the page works without it).
        scripts = re.findall(rb"<script[^>]*>", response.content)
        assert all(b"/static/serdh/js/quick-exit" in tag for tag in scripts), model.__name__


def test_the_help_pages_offer_a_quick_exit_and_keep_the_access_notice_off(settings):
    settings.SERDH_QUICK_EXIT_URL = "https://exemplo.invalid/tempo"
    for model in (portal.ServiceFinderPage, portal.HowToReportPage):
        html = Client().get(model.objects.live().first().url).content.decode()
        assert 'class="quick-exit" href="https://exemplo.invalid/tempo" rel="noreferrer"' in html
        assert "quick-exit.js" in html
        assert "todo acesso é registrado" not in html  # it deters people seeking help
    home = Client().get(portal.HomePage.objects.get().url).content.decode()
    assert "quick-exit" not in home and "todo acesso é registrado" in home


def test_the_hotlines_are_tappable_wherever_they_appear():
    for model in (portal.HomePage, portal.ArticlePage, portal.HowToReportPage):
        html = Client().get(model.objects.live().first().url).content.decode()
        footer = html.split('id="rodape"', 1)[1]
        for number in ("100", "180", "190"):
            assert f'href="tel:{number}"' in footer, (model.__name__, number)
    home = Client().get(portal.HomePage.objects.get().url).content.decode()
    banner = home.split('id="ajuda-agora"', 1)[1].split("</section>", 1)[0]
    assert {'href="tel:100"', 'href="tel:180"', 'href="tel:190"'} <= set(
        re.findall(r'href="tel:\d+"', banner)
    )
