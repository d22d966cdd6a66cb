"""The managers' dashboard: territory, drill-down, disclosure control, server-side charts with
their tables, pages light enough for a slow link."""

import re

import pytest

from serdh.demo import cases as demo_cases
from serdh.monitoring import disclosure, indicators, population
from serdh.monitoring.models import ViolationFact
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db
PASSOS, BH = 3147907, 3106200


@pytest.fixture
def data():
    demo_cases.generate(300, seed=11)
    population.load("codigo_ibge;ano;populacao\n3147907;2025;115000\n3106200;2025;2300000\n")


def test_a_municipal_manager_sees_only_its_municipality(client_for, data):
    page = client_for("gestor.passos").get("/sima/monitoramento/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Monitoramento</a>" in html or "Monitoramento" in html
    assert "Passos" in page.context["where"]
    assert (
        client_for("gestor.passos").get("/sima/monitoramento/", {"municipality": BH}).status_code
        == 404
    )
    totals = {c.indicator.code: c.total for c in page.context["cards"]}
    expected = ViolationFact.objects.filter(
        municipality_id=PASSOS,
        registered_month__gte=page.context["start"],
        registered_month__lte=page.context["end"],
    ).count()
    low, high = disclosure.possible(totals["violacoes"])
    assert low <= expected <= high


def test_the_state_manager_sees_the_state_and_drills_down(client_for, data):
    state = client_for("gestor.mg").get("/sima/monitoramento/")
    assert state.status_code == 200 and state.context["by_municipality"] is not None
    names = [c.label for c in state.context["by_municipality"].cells]
    assert "Passos" in names and "Belo Horizonte" in names
    bh = client_for("gestor.mg").get("/sima/monitoramento/", {"municipality": BH})
    assert bh.context["where"] == "Belo Horizonte" and bh.context["by_municipality"] is None


def test_small_counts_are_never_shown_as_they_are_on_the_dashboard(client_for):
    open_case(victim_name="Unica Vitima Painel")
    page = client_for("gestor.passos").get("/sima/monitoramento/")
    cards = {c.indicator.code: c for c in page.context["cards"]}
    assert cards["violacoes"].total in (0, 5)  # one violation: 0 or 5, never 1
    html = page.content.decode()
    assert "Unica" not in html
    for panel in page.context["panels"]:
        assert all(cell.value in (None, 0, 5) for cell in panel["published"].cells)


def test_charts_are_svg_with_a_table_and_the_page_is_light(client_for, data):
    page = client_for("gestor.mg").get("/sima/monitoramento/")
    html = page.content.decode()
    assert html.count("<svg") >= 5 and html.count('role="img"') >= 5
    assert html.count("<table") >= html.count("<svg")
    assert "<script" not in html
    assert len(page.content) < 150 * 1024


def test_period_errors_are_shown_in_portuguese(client_for):
    page = client_for("gestor.mg").get(
        "/sima/monitoramento/", {"start": "2026-13", "end": "2025-01"}
    )
    assert page.status_code == 200
    assert "Informe o mês no formato AAAA-MM." in page.content.decode()


def test_the_rate_uses_the_loaded_population(data):
    q = indicators.Query(
        state_code=31,
        start=__import__("datetime").date(2000, 1, 1),
        end=__import__("datetime").date(2100, 1, 1),
        municipality_id=PASSOS,
    )
    result = indicators.REGISTRY["taxa_violacoes"](q)
    count = ViolationFact.objects.filter(municipality_id=PASSOS).count()
    assert result.total == pytest.approx(count * 100_000 / 115000)


def test_population_loading_refuses_a_bad_file_and_writes_nothing():
    from serdh.monitoring.models import Population

    with pytest.raises(population.LoadError, match="linha 3"):
        population.load("codigo_ibge,ano,populacao\n3147907,2025,115000\n9999999,2025,10\n")
    assert not Population.objects.exists()
    with pytest.raises(population.LoadError, match="cabeçalho"):
        population.load("municipio,ano\n3147907,2025\n")


def test_every_indicator_is_declared_with_its_metadata():
    for code, ind in indicators.REGISTRY.items():
        assert ind.code == code and str(ind.name) and str(ind.definition)
        assert ind.unit in ("count", "rate", "share", "hours", "days", "number")
        assert re.match(r"^[a-z_0-9]+$", code)
    assert len(indicators.REGISTRY) >= 9


def test_a_table_exports_as_csv_with_the_same_hidden_cells(client_for, data):
    manager = client_for("gestor.passos")
    params = {"indicador": "violacoes", "por": "type", "start": "2020-01", "end": "2030-12"}
    response = manager.get("/sima/monitoramento/exportar.csv", params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    assert rows[0] == ["tipo de violação", "Violações registradas"]
    from serdh.monitoring import indicators, publishing

    query = indicators.Query(
        state_code=31,
        start=__import__("datetime").date(2020, 1, 1),
        end=__import__("datetime").date(2030, 12, 1),
        municipality_id=PASSOS,
        breakdown="type",
    )
    published = publishing.publish(indicators.REGISTRY["violacoes"](query))
    expected = [[c.label, "" if c.value is None else str(c.value)] for c in published.cells]
    assert rows[1 : 1 + len(expected)] == expected
    assert (
        manager.get(
            "/sima/monitoramento/exportar.csv", {"indicador": "violacoes", "por": "nada"}
        ).status_code
        == 404
    )
    assert (
        manager.get(
            "/sima/monitoramento/exportar.csv", {"indicador": "violacoes", "municipality": BH}
        ).status_code
        == 404
    )
    from serdh.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="monitoring.exported").count() == 1


def test_the_state_page_lists_at_most_40_municipalities_and_offers_all_in_csv(client_for):
    from datetime import date

    from serdh.monitoring import rollups
    from serdh.monitoring.models import ViolationCount
    from serdh.network.models import Municipality

    month = date.today().replace(day=1)
    codes = list(Municipality.objects.filter(state__uf="MG").values_list("code", flat=True)[:60])
    ViolationCount.objects.bulk_create(
        ViolationCount(
            dimension="total",
            month=month,
            state_code=31,
            municipality_id=code,
            organization_id=0,
            value="",
            count=10 + i,
        )
        for i, code in enumerate(codes)
    )
    assert rollups.counts(
        indicators.Query(31, month, month, breakdown="municipality"), "municipality"
    )
    page = client_for("gestor.mg").get("/sima/monitoramento/")
    table = page.context["by_municipality"]
    assert len(table.cells) == 40 and table.more == 20
    assert "E mais 20 municípios." in page.content.decode()


def test_a_table_exports_as_xlsx_that_a_spreadsheet_reader_opens(client_for, data):
    import io

    import openpyxl

    params = {"indicador": "violacoes", "por": "age_band", "start": "2020-01", "end": "2030-12"}
    response = client_for("gestor.mg").get("/sima/monitoramento/exportar.xlsx", params)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("faixa etária da vítima", "Violações registradas")
    end = next(i for i, r in enumerate(rows) if r[0] == "Total")
    body = rows[1:end]
    shown = [r[1] for r in body if r[1] is not None]
    assert shown and all(isinstance(value, int) for value in shown)
    if len(shown) == len(body):  # nothing hidden: the total adds up
        assert rows[end][1] == sum(shown)


def test_the_xlsx_writer_escapes_text_and_names_columns():
    import io

    import openpyxl

    from serdh.monitoring import xlsx

    rows = [["a & b <c>", 'aspas "x"'], *[[f"linha {i}", i] for i in range(30)]]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(rows))).active
    assert sheet["A1"].value == "a & b <c>" and sheet["B1"].value == 'aspas "x"'
    assert sheet["A1"].font.bold and sheet["B31"].value == 29
    wide = [[str(i) for i in range(30)]]
    assert openpyxl.load_workbook(io.BytesIO(xlsx.workbook(wide))).active["AD1"].value == "29"


def test_the_state_manager_drills_down_to_a_service(client_for, data):
    from serdh.network.models import Organization

    state = client_for("gestor.mg").get("/sima/monitoramento/").content.decode()
    links = re.findall(r'href="\?organization=(\d+)&amp;', state)
    assert links
    organization = Organization.objects.get(pk=int(links[0]))
    page = client_for("gestor.mg").get("/sima/monitoramento/", {"organization": links[0]})
    assert page.status_code == 200 and page.context["where"] == organization.name


def test_recurrence_and_distinct_victims_are_perturbed_not_exact():
    """The reviewer's finding: a share with no rows and counts of people went out exact."""
    from serdh.monitoring import publishing
    from serdh.monitoring.measures import Result, Row

    recurrence = indicators.REGISTRY["recorrencia"]
    result = Result(
        recurrence,
        [],
        total=50.0,
        total_numerator=1,
        total_denominator=2,
        total_key_sums=(12345, 67890),
    )
    published = publishing.publish(result)
    assert published.total in (None, 0.0, 100.0)  # 0 or 5 over 0 or 5: never 1 of 2
    withheld = publishing.publish(Result(recurrence, [], total=50.0, total_numerator=1))
    assert withheld.total is None
    victims = indicators.REGISTRY["vitimas"]
    rows = [Row("persons", "pessoas", 3, key_sum=999), Row("records", "registros", 4, key_sum=7)]
    shown = [c.value for c in publishing.publish(Result(victims, rows)).cells]
    assert all(v in (0, 5) for v in shown)
    coverage = indicators.REGISTRY["cobertura"]
    exact = publishing.publish(Result(coverage, [Row("municipalities", "municípios", 3)]))
    assert exact.cells[0].value == 3  # about no victim: as it is


def test_the_long_dashboard_has_an_index_of_its_sections(client_for, data):
    html = client_for("gestor.mg").get("/sima/monitoramento/").content.decode()
    index = re.search(r'<nav class="page-index.*?</nav>', html, re.S)
    assert index, "no in-page index"
    targets = re.findall(r'href="#([^"]+)"', index.group(0))
    assert len(targets) >= 6
    for target in targets:
        assert f'id="{target}"' in html, target
