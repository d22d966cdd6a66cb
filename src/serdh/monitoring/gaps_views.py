"""The managers' "Onde a rede falha" page (monitoring.network_gaps): the state's managers see
every municipality and the state by kind of service; a municipal manager sees its own."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from serdh.core import access
from serdh.core.roles import Role
from serdh.core.views import role_required
from serdh.network.models import Municipality

from . import disclosure, indicators, network_gaps
from .forms import DashboardForm
from .views import MANAGERS, _query_for


@role_required(*MANAGERS)
def network_gaps_page(request):
    actor = access.actor_for(request.user)
    is_state = actor.has_role(Role.STATE_MANAGER)
    base = _query_for(request)
    base["organization_id"] = None  # a page about kinds of service, not one service
    municipalities = Municipality.objects.restrict(request.user).filter(state__uf=actor.state_code)
    municipalities = (
        municipalities.filter(adhesion__status="active").order_by("name")
        if is_state
        else municipalities.filter(code=actor.municipality_id)
    )
    form = DashboardForm(request.GET or None, municipalities=municipalities, organizations=[])
    del form.fields["organization"]
    if request.GET:
        form.is_valid()
    query = indicators.Query(**base)
    report = network_gaps.report(query)
    by_kind = (
        network_gaps.report(query, by_municipality=False).gaps
        if is_state and not base["municipality_id"]
        else None
    )
    chosen = (
        Municipality.objects.restrict(request.user).filter(code=base["municipality_id"]).first()
        if base["municipality_id"]
        else None
    )
    where = chosen.name if chosen else _("Estado (%(uf)s)") % {"uf": actor.state_code}
    return render(
        request,
        "monitoring/network_gaps.html",
        {
            "form": form,
            "report": report,
            "by_kind": by_kind,
            "where": where,
            "start": base["start"],
            "end": base["end"],
            "threshold": disclosure.threshold(),
            "noise": disclosure.spread(),
        },
    )
