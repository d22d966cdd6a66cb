"""Municipal boundaries for the choropleth maps (monitoring.choropleth), loaded once from the
IBGE's municipal mesh of the state (GeoJSON, as the IBGE's mesh service gives it: docs/
operations.md) with ``serdh monitoring boundaries <file>``: every polygon simplified
(Douglas–Peucker), projected (equirectangular around the state's middle latitude) and stored
as a ready SVG path, so that a page draws the map without any geometry work and nothing is
downloaded at run time.

The load is all or nothing: a feature without a known IBGE code of the state, or without a
polygon, is reported with its position and nothing is written.
"""

import json
import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from serdh.core import audit

WIDTH = 1000  # the SVG's width in its own units; the height follows the state's shape
# Douglas–Peucker tolerance in those units (for Minas Gerais about 1.3 km, under a pixel on a
# desktop screen): synthetic meshes of 853 municipalities with 240 wandering points each come
# to 6–45 KB compressed (docs/operations.md).
SIMPLIFY_UNITS = 1.2
CODE_KEYS = ("CD_MUN", "CD_GEOCMU", "codarea", "code", "id", "ibge_code")


class LoadError(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


@dataclass
class Shape:
    code: int
    rings: list  # [[(lon, lat), ...], ...]


def _code(feature):
    props = feature.get("properties") or {}
    for key in CODE_KEYS:
        value = props.get(key, feature.get(key) if key == "id" else None)
        if value not in (None, ""):
            text = str(value).strip()
            if text.isdigit():
                return int(text)
    return None


def _rings(geometry):
    kind = (geometry or {}).get("type")
    coords = (geometry or {}).get("coordinates") or []
    if kind == "Polygon":
        return list(coords[:1])  # the outer ring: holes are not drawn
    if kind == "MultiPolygon":
        return [polygon[0] for polygon in coords if polygon]
    return []


def read(text, known_codes):
    """[Shape] from GeoJSON text, or LoadError with every problem found."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LoadError([f"o arquivo não é GeoJSON válido ({exc})"]) from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise LoadError(["o arquivo não tem uma lista de municípios (features)"])
    problems, shapes, seen = [], [], set()
    for number, feature in enumerate(features, start=1):
        code = _code(feature if isinstance(feature, dict) else {})
        rings = _rings(feature.get("geometry")) if isinstance(feature, dict) else []
        if code is None:
            problems.append(f"município {number}: sem código IBGE")
            continue
        if code not in known_codes:
            problems.append(f"município {number}: código {code} não é um município do estado")
            continue
        if code in seen:
            problems.append(f"município {number}: código {code} repetido")
            continue
        if not rings or any(len(r) < 4 for r in rings):
            problems.append(f"município {number} ({code}): sem polígono")
            continue
        seen.add(code)
        shapes.append(Shape(code, [[(float(x), float(y)) for x, y, *_z in r] for r in rings]))
    if problems:
        raise LoadError(problems)
    return shapes


def simplify(points, tolerance=SIMPLIFY_UNITS):
    """Douglas–Peucker on one closed ring (its first and last points kept)."""
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            distance = (
                abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
                if norm
                else math.hypot(x - x1, y - y1)
            )
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    out = [p for p, k in zip(points, keep, strict=True) if k]
    return out if len(out) >= 4 else points[:: max(1, len(points) // 4)][:4] + [points[0]]


def project(shapes, width=WIDTH, tolerance=SIMPLIFY_UNITS):
    """({code: SVG path}, {code: (cx, cy)}, height): equirectangular around the middle
    latitude, scaled to ``width`` units, y downwards; each ring simplified in those units
    (Douglas–Peucker), rounded to whole units and written with relative moves, which keeps
    a state of 853 municipalities small enough for a page."""
    xs = [x for s in shapes for r in s.rings for x, _y in r]
    ys = [y for s in shapes for r in s.rings for _x, y in r]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    k = math.cos(math.radians((south + north) / 2))
    scale = width / max((east - west) * k, 1e-9)
    height = math.ceil((north - south) * scale)
    paths, centres = {}, {}
    for shape in shapes:
        parts, sum_x, sum_y, count = [], 0, 0, 0
        for ring in shape.rings:
            projected = [((lon - west) * k * scale, (north - lat) * scale) for lon, lat in ring]
            points = [(round(x), round(y)) for x, y in simplify(projected, tolerance)]
            kept = [points[0]] + [p for a, p in zip(points, points[1:], strict=False) if p != a]
            if kept[-1] == kept[0]:
                kept = kept[:-1]
            if len(kept) < 3:
                continue
            moves = [f"M{kept[0][0]} {kept[0][1]}"]  # absolute: a ring of several
            moves += [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(kept, kept[1:], strict=False)]
            parts.append(moves[0] + "l" + " ".join(moves[1:]) + "z")
            for x, y in kept:
                sum_x, sum_y, count = sum_x + x, sum_y + y, count + 1
        if parts:
            paths[shape.code] = "".join(parts)
            centres[shape.code] = (round(sum_x / count, 1), round(sum_y / count, 1))
    return paths, centres, height


@transaction.atomic
def load(text, state_code, source="", progress=None):
    """Replace the state's mesh with the one in ``text``; returns the number of municipalities."""
    from serdh.network.models import Municipality

    from .models import MapMesh, MapShape

    known = set(Municipality.objects.filter(state_id=state_code).values_list("code", flat=True))
    shapes = read(text, known)
    paths, centres, height = project(shapes)
    MapMesh.objects.filter(state_code=state_code).delete()
    mesh = MapMesh.objects.create(
        state_code=state_code,
        width=WIDTH,
        height=height,
        source=source[:200],
        loaded_at=timezone.now(),
    )
    batch = []
    for done, (code, path) in enumerate(paths.items(), start=1):
        batch.append(
            MapShape(
                mesh=mesh, municipality_id=code, path=path, cx=centres[code][0], cy=centres[code][1]
            )
        )
        if progress and done % 100 == 0:
            progress(done, len(paths))
    MapShape.objects.bulk_create(batch, batch_size=500)
    audit.record(
        "monitoring.boundaries_loaded",
        mesh,
        data={"municipalities": len(paths), "source": mesh.source},
    )
    if progress:
        progress(len(paths), len(paths))
    return len(paths)


def mesh_for(state_code):
    """(MapMesh, [MapShape]) of the state, or (None, []) when no mesh was loaded."""
    from .models import MapMesh

    mesh = MapMesh.objects.filter(state_code=state_code).first()
    if mesh is None:
        return None, []
    return mesh, list(mesh.shapes.order_by("municipality_id"))
