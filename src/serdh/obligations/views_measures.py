"""The pages where the Conselho Tutelar and the network record protective measures and the
Maria da Penha urgent requests of a case, and keep them current (obligations.measures)."""

from django.utils.translation import gettext as _

from serdh.cases.views import _case_form, casework_required
from serdh.core import access
from serdh.core.views import get_restricted
from serdh.network.choices import OrganizationKind

from . import measures
from .forms_measures import DecisionForm, MeasureChangeForm, MeasureForm, RequestForm
from .models_measures import AppliedBy, MeasureStatus, ProtectiveMeasure, UrgentMeasureRequest
from .views import _changeable_case


def _parties(case):
    found = {}
    for parties in measures.eligible_groups(case).values():
        for party in parties:
            found.setdefault(party.pk, party)
    return sorted(found.values(), key=lambda p: (p.role, p.ordinal))


@casework_required
def measure_add(request, pk):
    case = _changeable_case(request.user, pk)
    organization = request.membership.organization
    suggested = measures.suggested_rights_groups(case)
    initial = {}
    if organization.kind == OrganizationKind.CONSELHO_TUTELAR:
        initial["applied_by"] = AppliedBy.CONSELHO_TUTELAR
    if len(suggested) == 1:
        initial["rights_group"] = suggested[0].pk
    form = MeasureForm(
        request.POST or None,
        initial=initial,
        terms=measures.measure_terms(),
        parties=_parties(case),
    )
    return _case_form(
        request,
        case,
        form,
        lambda data: measures.record_measure(request.user, case, **data),
        _("Medida de proteção registrada."),
        "obligations/measure_form.html",
        suggested=suggested,
        title=_("Registrar medida de proteção"),
        submit=_("Registrar medida"),
    )


@casework_required
def measure_change(request, pk):
    row = get_restricted(
        ProtectiveMeasure, request.user, access.CHANGE, pk=pk, status=MeasureStatus.IN_FORCE
    )
    return _case_form(
        request,
        row.case,
        MeasureChangeForm(request.POST or None),
        lambda data: measures.change_measure(request.user, row, **data),
        _("Medida de proteção atualizada."),
        "obligations/measure_form.html",
        measure=row,
        title=_("Atualizar medida: %(m)s") % {"m": row.measure.label},
        submit=_("Salvar"),
    )


@casework_required
def request_add(request, pk):
    case = _changeable_case(request.user, pk)
    terms = [t for t in measures.measure_terms() if measures.group_of(t) in measures.LMP_GROUPS]
    form = RequestForm(
        request.POST or None,
        terms=terms,
        victims=measures.eligible_parties(case, measures.LMP_23),
        authors=measures.eligible_parties(case, measures.LMP_22),
    )
    return _case_form(
        request,
        case,
        form,
        lambda data: measures.record_request(request.user, case, **data),
        _("Pedido de medidas protetivas de urgência registrado."),
        "obligations/measure_form.html",
        urgent=True,
        title=_("Registrar pedido de medidas protetivas de urgência"),
        submit=_("Registrar pedido"),
    )


@casework_required
def request_decide(request, pk):
    row = get_restricted(
        UrgentMeasureRequest, request.user, access.CHANGE, pk=pk, decided_at__isnull=True
    )
    asked = list(row.measures.select_related("measure"))
    return _case_form(
        request,
        row.case,
        DecisionForm(request.POST or None, measures=asked),
        lambda data: measures.record_decision(request.user, row, **data),
        _("Decisão registrada."),
        "obligations/measure_form.html",
        urgent_request=row,
        title=_("Registrar decisão sobre medidas protetivas de urgência"),
        submit=_("Registrar decisão"),
    )
