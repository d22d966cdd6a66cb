"""Search (PostgreSQL full-text search in Portuguese, SQLite FTS5 elsewhere), the statistics
page (only published, disclosure-controlled figures), the library, the media view."""

import re

import pytest
from django.test import Client

from serdh.demo import portal_texts
from serdh.monitoring import opendata
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


def _published_values():
    values = set()
    for dataset in opendata.DATASETS.values():
        for row in opendata.table(dataset)[1]:
            if row[-1] is not None:
                values.add(row[-1])
    return values


def _numbers_in_tables(html):
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    return [int(c.replace(".", "")) for c in cells if c.strip() not in {"—", ""}]


def test_the_statistics_page_shows_only_figures_published_after_disclosure_control():
    from serdh.demo import cases as demo_cases

    demo_cases.generate(60, seed=11)
    page = portal.StatisticsPage.objects.get()
    published = _published_values()
    response = Client().get(page.url)
    stats = response.context["stats"]
    assert stats.municipality is None and stats.total is not None
    for cell in stats.by_year + stats.by_month + stats.by_municipality:
        assert cell.value is None or cell.value in published or cell.value == 0
    # Types per year are sums of published month × type cells, or hidden.
    month_type = opendata.table(opendata.DATASETS["violacoes-por-mes-e-tipo"])[1]
    for cell in stats.by_type:
        parts = [r[2] for r in month_type if r[1] == cell.key and r[0].startswith(str(stats.year))]
        assert cell.value is None or (None not in parts and cell.value == sum(parts))
    shown = _numbers_in_tables(response.content.decode())
    allowed = published | {c.value for c in stats.by_type if c.value is not None} | {0}
    assert shown and set(shown) <= allowed


def test_a_municipality_with_few_violations_shows_a_dash_not_its_count():
    from serdh.monitoring.models import ViolationCount
    from serdh.network.models import Municipality

    state = Municipality.objects.get(code=3147907).state_id
    from django.utils import timezone

    month = timezone.localdate().replace(day=1)
    ViolationCount.objects.create(
        state_code=state,
        municipality_id=3100104,
        organization_id=0,
        month=month,
        dimension="total",
        value="",
        count=2,
    )
    response = Client().get(
        portal.StatisticsPage.objects.get().url, {"municipio": 3100104, "ano": month.year}
    )
    stats = response.context["stats"]
    assert stats.municipality.code == 3100104
    assert stats.total is None and stats.rate is None
    assert "—" in response.content.decode()


def test_statistics_filters_refuse_what_they_do_not_know():
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
        assert b"<script" not in response.content
