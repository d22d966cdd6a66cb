"""Dashboards for managers: their territory only (the municipal manager's municipality, the
state manager's state with drill-down to a municipality and a service). Every table passes
disclosure control; charts are SVG drawn on the server with the table beside them."""

from datetime import timedelta

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit, replica
from serdh.core.roles import Role
from serdh.core.views import role_required
from serdh.network.models import Municipality, Organization

from . import charts, downloads, indicators, maps, publishing
from .forms import DashboardForm

MANAGERS = (Role.STATE_MANAGER, Role.MUNICIPAL_MANAGER)
MUNICIPALITY_ROWS = 40

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
# The network's work (monitoring.work): cards, and one table by service (by municipality on
# the state's page), each column an indicator published on its own.
WORK = (
    "casos_sem_responsavel",
    "casos_por_profissional",
    "revisoes_plano_atrasadas",
    "tempo_decisao_encerramento",
)
# Disque 100 beside SIMA (monitoring.underreporting): by municipality, or by month.
UNDER = ("denuncias_disque100", "casos", "casos_por_denuncia")
# The law's obligations (monitoring.compliance): the same shape, a table of their own.
LAW = ("obrigacoes_no_prazo", "atraso_obrigacoes")
LAW_CARDS = (*LAW, "oitivas_por_crianca")


def _default_period():
    today = timezone.localdate()
    end = today.replace(day=1)
    start = (end - timedelta(days=365)).replace(day=1)
    return start, end


def territory_for(user, form_data):
    """(municipality id or None, organization or None), within the user's reach."""
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
    return municipality, organization


def _query_for(request):
    """The dashboard's query from GET parameters, within the manager's territory."""
    actor = access.actor_for(request.user)
    state_code = (
        Municipality.objects.restrict(request.user)
        .filter(state__uf=actor.state_code)
        .values_list("state_id", flat=True)
        .first()
    )
    chosen = {
        name: int(value)
        for name in ("municipality", "organization")
        if (value := request.GET.get(name, "")).isascii() and value.isdigit() and len(value) < 12
    }
    municipality_id, organization = territory_for(request.user, chosen)
    form = DashboardForm(request.GET)
    del form.fields["municipality"], form.fields["organization"]  # checked above
    data = form.cleaned_data if form.is_valid() else {}
    start, end = _default_period()
    return {
        "state_code": state_code,
        "start": data.get("start") or start,
        "end": data.get("end") or end,
        "municipality_id": municipality_id,
        "organization_id": organization.pk if organization else None,
    }


def _export_table(request, file_format):
    """(rows, filename) of one indicator table after disclosure control (withheld values are
    empty), with the period and a note on the method; the export is audited."""
    code = request.GET.get("indicador", "")
    ind = indicators.REGISTRY.get(code)
    breakdown = request.GET.get("por") or None
    if ind is None or (breakdown and breakdown not in ind.breakdowns):
        raise Http404
    base = _query_for(request)
    published = publishing.publish(ind(indicators.Query(**base, breakdown=breakdown)))
    column = str(indicators.BREAKDOWNS.get(breakdown, _("Total")))
    rows = [[column, str(ind.name)]]
    rows += [[cell.label, cell.value] for cell in published.cells]
    if ind.unit == "count" or not published.cells:
        rows.append([str(_("Total")), published.total])
    rows.append([])
    rows.append([str(_("Período")), f"{base['start']:%Y-%m} a {base['end']:%Y-%m}"])
    if published.note:  # e.g. a case counted in each service that follows it
        rows.append([str(_("Observação")), published.note])
    rows.append(
        [
            str(_("Controle de divulgação")),
            str(
                _(
                    "contagens com ruído de até %(d)s (de 1 a %(b)s: 0 ou %(t)s); células vazias: "
                    "tempos medidos em poucos casos"
                )
                % {
                    "d": publishing.disclosure.spread(),
                    "b": publishing.disclosure.threshold() - 1,
                    "t": publishing.disclosure.threshold(),
                }
            ),
        ]
    )
    with transaction.atomic():
        audit.record(
            "monitoring.exported",
            object_type="monitoring.indicator",
            object_id=code,
            data={
                "format": file_format,
                "breakdown": breakdown,
                "municipality": base["municipality_id"],
                "organization": base["organization_id"],
            },
        )
    name = f"serdh-{code}-{breakdown or 'total'}-{base['start']:%Y%m}-{base['end']:%Y%m}"
    return rows, name


@role_required(*MANAGERS)
@replica.reading_from_replica()
def export_csv(request):
    """One table as CSV."""
    rows, name = _export_table(request, "csv")
    return downloads.csv_response(rows, name)


@role_required(*MANAGERS)
@replica.reading_from_replica()
def export_xlsx(request):
    """One table as an XLSX spreadsheet (numbers as numbers)."""
    rows, name = _export_table(request, "xlsx")
    return downloads.xlsx_response(rows, name, sheet_name=rows[0][1])


def work_table(base, breakdown, codes=WORK):
    """The WORK (or LAW) indicators side by side, one row per service (or municipality): each column
    published, and so protected, on its own. A count missing from a column is a true zero;
    an average or a median missing has nothing to rest on (None, shown empty)."""
    columns = []
    rows = {}
    for code in codes:
        ind = indicators.REGISTRY[code]
        published = publishing.publish(ind(indicators.Query(**base, breakdown=breakdown)))
        columns.append(published)
        for cell in published.cells:
            rows.setdefault(cell.key, cell.label)
    if not rows:
        return None
    table = []
    order = (lambda item: item[0]) if breakdown == "month" else (lambda item: item[1])
    for key, label in sorted(rows.items(), key=order):
        values = []
        for published in columns:
            unit = published.indicator.unit
            cell = next((c for c in published.cells if c.key == key), None)
            if cell is not None:
                values.append({"value": cell.value, "suppressed": cell.suppressed, "unit": unit})
            else:
                zero = 0 if unit == "count" else None
                values.append({"value": zero, "suppressed": False, "unit": unit})
        table.append({"key": key, "label": label, "values": values})
    more = max(0, len(table) - MUNICIPALITY_ROWS)
    return {
        "breakdown": breakdown,
        "columns": columns,
        "rows": table[:MUNICIPALITY_ROWS],
        "more": more,
    }


def _link_violation_total(cards, panels, by_municipality, base):
    """The violations card beside the page's tables of the same violations (by type, month,
    sex…, municipality): published so that no table's sum proves one of its small cells
    (disclosure.linked_many)."""
    card = next((c for c in cards if c.indicator.code == "violacoes"), None)
    if card is None:
        return
    result = card.indicator(indicators.Query(**base))
    partitions = [
        [cell.value or 0 for cell in panel["published"].cells]
        for panel in panels
        if panel["indicator"].code == "violacoes"
    ]
    if by_municipality is not None:
        partitions.append([cell.value or 0 for cell in by_municipality.all_cells])
    row = result.rows[0] if result.rows else None
    card.total = publishing.disclosure.linked_many(
        int(result.total or 0), row.key_sum if row and row.key_sum is not None else 0, partitions
    )


@role_required(*MANAGERS)
@replica.reading_from_replica()  # the access check above read the primary
def dashboard(request):
    actor = access.actor_for(request.user)
    is_state = actor.has_role(Role.STATE_MANAGER)
    base = _query_for(request)
    municipality_id = base["municipality_id"]
    municipalities = Municipality.objects.restrict(request.user).filter(state__uf=actor.state_code)
    municipalities = (
        municipalities.filter(adhesion__status="active").order_by("name")
        if is_state
        else municipalities.filter(code=actor.municipality_id)
    )
    organizations = Organization.objects.restrict(request.user).filter(
        municipality__state__uf=actor.state_code, is_active=True
    )
    if municipality_id:
        organizations = organizations.filter(municipality_id=municipality_id)
    form = DashboardForm(
        request.GET or None,
        municipalities=municipalities,
        organizations=organizations.order_by("name"),
    )
    if request.GET:
        form.is_valid()  # shows the field errors; the query above ignored bad values
    start, end = base["start"], base["end"]
    organization = (
        Organization.objects.restrict(request.user).get(pk=base["organization_id"])
        if base["organization_id"]
        else None
    )
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
                "breakdown": breakdown,
                "id": f"painel-{number}",
            }
        )
    by_municipality = None
    if is_state and not municipality_id:
        ind = indicators.REGISTRY["violacoes"]
        by_municipality = publishing.publish(
            ind(indicators.Query(**base, breakdown="municipality"))
        )
        # The page stays light with 853 municipalities: the 40 with most violations here,
        # every one in the CSV.
        by_municipality.more = max(0, len(by_municipality.cells) - MUNICIPALITY_ROWS)
        by_municipality.all_cells = by_municipality.cells
        by_municipality.cells = by_municipality.cells[:MUNICIPALITY_ROWS]
    _link_violation_total(cards, panels, by_municipality, base)
    work_cards = [
        publishing.publish(indicators.REGISTRY[code](indicators.Query(**base))) for code in WORK
    ]
    work = (
        None
        if organization
        else work_table(
            base, "municipality" if is_state and not municipality_id else "organization"
        )
    )
    law_cards = [
        publishing.publish(indicators.REGISTRY[code](indicators.Query(**base)))
        for code in LAW_CARDS
    ]
    law = (
        None
        if organization
        else work_table(
            base, "municipality" if is_state and not municipality_id else "organization", LAW
        )
    )
    under = (
        None
        if organization
        else work_table(
            base, "municipality" if is_state and not municipality_id else "month", UNDER
        )
    )
    if under and not any(v["value"] for row in under["rows"] for v in row["values"][:1]):
        under = None  # no Disque 100 data loaded for the territory and period
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
            "work_cards": work_cards,
            "work": work,
            "law_cards": law_cards,
            "law": law,
            "under": under,
            "where": where,
            "start": start,
            "end": end,
            "is_state": is_state,
            "page_query": request.GET.urlencode(),
            "threshold": publishing.disclosure.threshold(),
            "noise": publishing.disclosure.spread(),
            **(maps.dashboard_map(request, base) if is_state and not municipality_id else {}),
        },
    )
