"""The managers' map (the state's dashboard): a count indicator by municipality per 100,000
inhabitants, from the published (perturbed) counts, drawn by monitoring.choropleth over the
loaded mesh (monitoring.boundaries), with the same figures in a table."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serdh.network.models import Municipality

from . import boundaries, choropleth, indicators, publishing
from .measures import population
from .publishing import Cell

# Indicators a map can show (counts with a municipality breakdown), as ?mapa=<code>.
CHOICES = {
    "violacoes": gettext_lazy("Violações por 100 mil habitantes"),
    "casos": gettext_lazy("Casos por 100 mil habitantes"),
    "denuncias_disque100": gettext_lazy("Denúncias ao Disque 100 por 100 mil habitantes"),
}


def rates(code, base):
    """[Cell] per 100,000 inhabitants by adhering municipality with a known population."""
    query = indicators.Query(**{**base, "breakdown": "municipality"})
    published = publishing.publish(indicators.REGISTRY[code](query))
    counts = {cell.key: cell.value or 0 for cell in published.cells}
    people = population(query)
    names = dict(
        Municipality.objects.filter(code__in=people, adhesion__status="active").values_list(
            "code", "name"
        )
    )
    return sorted(
        (
            Cell(name, round(counts.get(place, 0) * 100000 / people[place], 1), place)
            for place, name in names.items()
            if people[place]
        ),
        key=lambda c: (-c.value, c.label),
    )


def dashboard_map(request, base):
    """Context for the state dashboard's map section (empty without a loaded mesh)."""
    mesh, shapes = boundaries.mesh_for(base["state_code"])
    chosen = request.GET.get("mapa", "violacoes")
    if chosen not in CHOICES:
        chosen = "violacoes"
    cells = rates(chosen, base)
    out = {"map_choices": CHOICES, "map_choice": chosen, "map_rows": cells}
    if mesh is not None:
        period = f"{base['start']:%m/%Y}–{base['end']:%m/%Y}"
        out["map"] = choropleth.render(
            mesh,
            shapes,
            {c.key: c.value for c in cells},
            {c.key: c.label for c in cells},
            title=f"{CHOICES[chosen]} ({period})",
            chart_id="mapa-gestao",
            link=lambda place: (
                f"?municipality={place}&start={base['start']:%Y-%m}&end={base['end']:%Y-%m}"
            ),
        )
    else:
        out["map_missing"] = _(
            "Mapa indisponível: a malha municipal do estado ainda não foi carregada "
            "(serdh monitoring boundaries)."
        )
    return out
