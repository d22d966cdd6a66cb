"""The statistics page's filters (municipality of the state, one of the published years)
and its figures (monitoring.public_stats, built only from the open-data tables)."""

from django.conf import settings
from django.utils.translation import gettext as _

from serdh.monitoring import boundaries, charts, choropleth, disclosure, opendata, public_stats
from serdh.network.models import Municipality


def statistics_context(request):
    years = public_stats.available_years()
    year = request.GET.get("ano", "")
    year = (
        int(year)
        if year.isascii() and year.isdigit() and int(year) in years
        else (years[-1] if years else None)
    )
    code = request.GET.get("municipio", "")
    municipalities = list(
        Municipality.objects.filter(state__uf=settings.SERDH_STATE)
        .order_by("name")
        .values_list("code", "name")
    )
    chosen = int(code) if code.isascii() and code.isdigit() and len(code) == 7 else None
    errors = []
    if code and chosen not in {c for c, _n in municipalities}:
        errors.append(_("Escolha um município da lista."))
        chosen = None
    stats = public_stats.statistics(year, chosen)
    where = stats.municipality.name if stats.municipality else _("Estado")
    context = {
        "stats": stats,
        "municipalities": municipalities,
        "chosen": chosen,
        "filter_errors": errors,
        "where": where,
        "threshold": disclosure.threshold(),
        "noise": disclosure.spread(),
    }
    if stats.release is None:
        return context
    context["year_chart"] = charts.columns(
        stats.by_year, _("Violações por ano — %(w)s") % {"w": where}, "grafico-anos"
    )
    if stats.by_month:
        context["month_chart"] = charts.columns(
            stats.by_month, _("Violações por mês em %(y)s") % {"y": year}, "grafico-meses"
        )
    if stats.by_type:
        context["type_chart"] = charts.bars(
            stats.by_type, _("Violações por tipo em %(y)s") % {"y": year}, "grafico-tipos"
        )
    if stats.municipality is None:
        mesh, shapes = boundaries.mesh_for(opendata.state_code())
        if mesh is not None:
            context["map"] = choropleth.render(
                mesh,
                shapes,
                {c.key: c.value for c in stats.rates},
                {c.key: c.label for c in stats.rates},
                title=_("Violações por 100 mil habitantes em %(y)s") % {"y": year},
                chart_id="mapa-taxas",
                link=lambda code: f"?municipio={code}&ano={year}",
            )
    return context
