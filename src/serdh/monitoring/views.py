"""Dashboards for managers: their territory only (the municipal manager's municipality, the
state manager's state with drill-down to a municipality and a service). Every table passes
disclosure control; charts are SVG drawn on the server with the table beside them."""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access
from serdh.core.roles import Role
from serdh.core.views import role_required
from serdh.network.models import Municipality, Organization

from . import charts, indicators, publishing
from .forms import DashboardForm

MANAGERS = (Role.STATE_MANAGER, Role.MUNICIPAL_MANAGER)

# (indicator, breakdown, chart kind) shown on the dashboard, in order.
PANELS = (
    ("violacoes", "type", "bars"),
    ("violacoes", "month", "columns"),
    ("violacoes", "age_band", "bars"),
    ("violacoes", "sex", "bars"),
    ("violacoes", "race", "bars"),
    ("violacoes", "group", "bars"),
    ("encaminhamentos_atrasados", "organization", "bars"),
)
CARDS = (
    "casos",
    "violacoes",
    "taxa_violacoes",
    "tempo_aceite",
    "encaminhamentos_atrasados",
    "acompanhamento_30_dias",
    "tempo_encerramento",
    "recorrencia",
)


def _default_period():
    today = timezone.localdate()
    end = today.replace(day=1)
    start = (end - timedelta(days=365)).replace(day=1)
    return start, end


def territory_for(user, form_data):
    """(actor, municipality id or None, organization or None), within the actor's reach."""
    actor = access.actor_for(user)
    state_municipalities = Municipality.objects.restrict(user).filter(state__uf=actor.state_code)
    municipality = form_data.get("municipality")
    if actor.has_role(Role.MUNICIPAL_MANAGER):
        if municipality and municipality != actor.municipality_id:
            raise Http404
        municipality = actor.municipality_id
    elif municipality and not state_municipalities.filter(code=municipality).exists():
        raise Http404
    organization = None
    if org_id := form_data.get("organization"):
        orgs = Organization.objects.restrict(user).filter(
            pk=org_id, municipality__state__uf=actor.state_code
        )
        if municipality:
            orgs = orgs.filter(municipality_id=municipality)
        organization = orgs.first()
        if organization is None:
            raise Http404
    return actor, municipality, organization


@role_required(*MANAGERS)
def dashboard(request):
    actor = access.actor_for(request.user)
    state_code = (
        Municipality.objects.restrict(request.user)
        .filter(state__uf=actor.state_code)
        .values_list("state_id", flat=True)
        .first()
    )
    is_state = actor.has_role(Role.STATE_MANAGER)
    municipalities = (
        Municipality.objects.restrict(request.user)
        .filter(state__uf=actor.state_code, adhesion__status="active")
        .order_by("name")
        if is_state
        else Municipality.objects.restrict(request.user).filter(code=actor.municipality_id)
    )
    raw = request.GET.copy()
    chosen = {
        name: int(value)
        for name in ("municipality", "organization")
        if (value := raw.get(name, "")).isascii() and value.isdigit() and len(value) < 12
    }
    _actor, municipality_id, organization = territory_for(request.user, chosen)
    organizations = Organization.objects.restrict(request.user).filter(
        municipality__state__uf=actor.state_code, is_active=True
    )
    if municipality_id:
        organizations = organizations.filter(municipality_id=municipality_id)
    form = DashboardForm(
        raw or None, municipalities=municipalities, organizations=organizations.order_by("name")
    )
    valid = form.is_valid() if raw else True
    data = form.cleaned_data if raw and valid else {}
    start, end = _default_period()
    start = data.get("start") or start
    end = data.get("end") or end
    base = {
        "state_code": state_code,
        "start": start,
        "end": end,
        "municipality_id": municipality_id,
        "organization_id": organization.pk if organization else None,
    }
    cards = []
    for code in CARDS:
        ind = indicators.REGISTRY[code]
        cards.append(publishing.publish(ind(indicators.Query(**base))))
    panels = []
    for number, (code, breakdown, kind) in enumerate(PANELS):
        ind = indicators.REGISTRY[code]
        if breakdown not in ind.breakdowns:
            continue
        published = publishing.publish(ind(indicators.Query(**base, breakdown=breakdown)))
        if not published.cells:
            continue
        title = f"{ind.name} — {indicators.BREAKDOWNS[breakdown]}"
        draw = charts.columns if kind == "columns" else charts.bars
        panels.append(
            {
                "title": title,
                "indicator": ind,
                "published": published,
                "svg": draw(published.cells, title, f"grafico-{number}"),
                "id": f"painel-{number}",
            }
        )
    by_municipality = None
    if is_state and not municipality_id:
        ind = indicators.REGISTRY["violacoes"]
        by_municipality = publishing.publish(
            ind(indicators.Query(**base, breakdown="municipality"))
        )
    coverage = indicators.REGISTRY["cobertura"](indicators.Query(**base))
    where = (
        organization.name
        if organization
        else Municipality.objects.restrict(request.user).get(code=municipality_id).name
        if municipality_id
        else _("Estado (%(uf)s)") % {"uf": actor.state_code}
    )
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "form": form,
            "cards": cards,
            "panels": panels,
            "by_municipality": by_municipality,
            "coverage": coverage,
            "where": where,
            "start": start,
            "end": end,
            "is_state": is_state,
            "query": request.GET.urlencode(),
            "threshold": publishing.disclosure.threshold(),
        },
    )
