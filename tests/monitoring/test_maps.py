"""Issue 17, the map: the state's municipal mesh loaded once (all or nothing, problems by
feature), simplified and projected to SVG paths; the portal's statistics and the state
dashboard draw rates per 100,000 inhabitants over it, with the same figures in a table."""

import json
import random

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from serdh.core.models import AuditEvent
from serdh.demo import cases as demo_cases
from serdh.monitoring import boundaries, choropleth, population, releases
from serdh.monitoring.models import MapMesh, MapShape
from serdh.network.models import Municipality
from serdh.portal import models as portal

pytestmark = pytest.mark.django_db

PASSOS, BH = 3147907, 3106200


def square(x, y, size=0.3, points=40, rng=None):
    """A jagged square ring (lon, lat) with ``points`` points per side."""
    rng = rng or random.Random(x * 1000 + y)
    ring = []
    corners = [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]
    for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1], strict=True):
        for i in range(points):
            t = i / points
            ring.append([ax + (bx - ax) * t + rng.uniform(-0.001, 0.001), ay + (by - ay) * t])
    ring.append(ring[0])
    return ring


def mesh_geojson(codes, key="CD_MUN"):
    """A made-up mesh: each municipality a square of a grid (never real geography)."""
    side = int(len(codes) ** 0.5) + 1
    features = []
    for i, code in enumerate(sorted(codes)):
        x, y = -51 + (i % side) * 0.3, -23 + (i // side) * 0.3
        geometry = {"type": "Polygon", "coordinates": [square(x, y)]}
        if i % 50 == 0:  # some municipalities in two parts
            geometry = {
                "type": "MultiPolygon",
                "coordinates": [[square(x, y, 0.2)], [square(x + 0.22, y + 0.22, 0.05, 8)]],
            }
        features.append({"type": "Feature", "properties": {key: str(code)}, "geometry": geometry})
    return json.dumps({"type": "FeatureCollection", "features": features})


def state_codes():
    return list(Municipality.objects.filter(state__uf="MG").values_list("code", flat=True))


@pytest.fixture
def mesh(tmp_path):
    path = tmp_path / "mg.json"
    path.write_text(mesh_geojson(state_codes()))
    call_command("monitoring", "boundaries", str(path), verbosity=0)
    return MapMesh.objects.get()


def test_the_mesh_loads_simplified_and_projected(mesh):
    shapes = MapShape.objects.filter(mesh=mesh)
    assert shapes.count() == len(state_codes()) == 853
    assert mesh.width == 1000 and 0 < mesh.height <= 1100
    passos = shapes.get(municipality_id=PASSOS)
    assert passos.path.startswith("M") and passos.path.endswith("z")
    # 160 jagged points per square simplified to its corners (a few units of jitter dropped).
    assert passos.path.count(" ") < 20
    split = shapes.filter(path__contains="zM")  # the municipalities in two parts
    assert split.exists()
    assert AuditEvent.objects.filter(action="monitoring.boundaries_loaded").exists()


def test_a_bad_mesh_loads_nothing_and_says_what_is_wrong(mesh, tmp_path):
    codes = state_codes()
    data = json.loads(mesh_geojson(codes[:3]))
    data["features"].append(
        {
            "type": "Feature",
            "properties": {"CD_MUN": "3550308"},
            "geometry": data["features"][0]["geometry"],
        }
    )
    data["features"].append(
        {
            "type": "Feature",
            "properties": {"CD_MUN": str(codes[0])},
            "geometry": data["features"][0]["geometry"],
        }
    )
    data["features"].append(
        {
            "type": "Feature",
            "properties": {"CD_MUN": str(codes[5])},
            "geometry": {"type": "Point", "coordinates": [0, 0]},
        }
    )
    data["features"].append({"type": "Feature", "properties": {}, "geometry": None})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError) as refused:
        call_command("monitoring", "boundaries", str(path), verbosity=0)
    message = str(refused.value)
    assert "município 4: código 3550308 não é um município do estado" in message
    assert f"município 5: código {codes[0]} repetido" in message
    assert f"município 6 ({codes[5]}): sem polígono" in message
    assert "município 7: sem código IBGE" in message
    assert MapShape.objects.count() == 853  # the mesh loaded before is untouched
    with pytest.raises(boundaries.LoadError, match="não é GeoJSON"):
        boundaries.read("{not json", set(codes))


def test_simplification_keeps_the_ends_and_drops_what_is_within_tolerance():
    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 0), (3, 3), (0, 3), (0, 0)]
    assert boundaries.simplify(line, 0.5) == [(0, 0), (3, 0), (3, 3), (0, 3), (0, 0)]
    assert boundaries.simplify(line, 0.01) == line


def test_classes_are_quantiles_and_every_value_falls_in_one():
    values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    bounds = choropleth.classes(values)
    assert bounds == [1, 3, 5, 7, 9]
    assert choropleth.classes([5, 5, 5]) == [5]
    assert choropleth.classes([]) == []


def test_the_statistics_page_draws_the_map_with_the_table_beside(mesh):
    demo_cases.generate(200, seed=4)
    population.load("codigo_ibge;ano;populacao\n3147907;2025;115000\n3106200;2025;2300000\n")
    release = releases.publish()
    year = release.closed_through.year
    response = Client().get(portal.StatisticsPage.objects.get().url, {"ano": year})
    html = response.content.decode()
    stats = response.context["stats"]
    assert '<svg class="map"' in html and "Pular o mapa e ir para a tabela" in html
    passos = next(c for c in stats.rates if c.key == PASSOS)
    count = next(
        row[-1]
        for row in release.tables["violacoes-por-municipio-e-ano"]["rows"]
        if row[0] == str(PASSOS) and row[2] == str(year)
    )
    assert passos.value == round(count * 100000 / 115000, 1)
    # A municipality with a figure is a link that names itself and its rate; the others are
    # grey and hidden from screen readers.
    assert f'href="?municipio={PASSOS}&amp;ano={year}" aria-label="Passos: ' in html
    assert html.count('<a href="?municipio=') >= 2
    assert '<g aria-hidden="true" fill="#eeeeee"' in html


def test_the_state_dashboard_maps_a_chosen_indicator(mesh, client_for):
    demo_cases.generate(120, seed=9)
    population.load("codigo_ibge;ano;populacao\n3147907;2025;115000\n3106200;2025;2300000\n")
    page = client_for("gestor.mg").get("/sima/monitoramento/", {"mapa": "casos"})
    html = page.content.decode()
    assert page.context["map_choice"] == "casos" and '<svg class="map"' in html
    assert {c.key for c in page.context["map_rows"]} == {PASSOS, BH}
    assert (
        client_for("gestor.mg").get("/sima/monitoramento/", {"mapa": "bogus"}).context["map_choice"]
        == "violacoes"
    )
    municipal = client_for("gestor.passos").get("/sima/monitoramento/")
    assert "map_choices" not in municipal.context
