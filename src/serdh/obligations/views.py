"""The pages where a service records what the law required of it on a case."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from serdh.cases.choices import PartyRole
from serdh.cases.models import Case
from serdh.cases.views import _case_form, casework_required
from serdh.core import access, audit
from serdh.core.views import deny, get_restricted

from . import risk, rules, services
from .forms import CommunicationForm, HearingForm, ProceedingForm, RiskForm
from .links import OWN_FULFILMENT, action_for
from .models import Obligation, RiskAssessment


def _changeable_case(user, pk):
    case = Case.objects.restrict(user, access.CHANGE).filter(pk=pk).first()
    if case is None:
        deny("cases.case", pk)
    return case


@casework_required
def fulfil(request, pk):
    obligation = get_restricted(Obligation, request.user, access.CHANGE, pk=pk, status="due")
    if obligation.kind in OWN_FULFILMENT:
        return redirect(action_for(obligation)[0])
    rule = rules.get(obligation.rule)
    return _case_form(
        request,
        obligation.case,
        CommunicationForm(request.POST or None),
        lambda data: services.record_communication(request.user, obligation, **data),
        _("Cumprimento registrado."),
        "obligations/fulfil.html",
        obligation=obligation,
        source=rule.source if rule else "",
        title=_("Registrar cumprimento: %(k)s") % {"k": obligation.get_kind_display()},
        submit=_("Registrar cumprimento"),
    )


@casework_required
def hearing_add(request, pk):
    case = _changeable_case(request.user, pk)
    children = [
        p
        for p in case.parties.filter(role__in=[PartyRole.VICTIM, PartyRole.WITNESS])
        if p.age_years is not None and p.age_years < rules.CHILD_AGE
    ]
    earlier = [(p, services.qualified_hearings(case, p)) for p in children]
    return _case_form(
        request,
        case,
        HearingForm(request.POST or None, parties=children),
        lambda data: services.record_hearing(request.user, case, **data),
        _("Oitiva registrada."),
        "obligations/hearing_form.html",
        earlier=[(p, found) for p, found in earlier if found],
        title=_("Registrar oitiva de criança ou adolescente"),
        submit=_("Registrar oitiva"),
    )


@casework_required
def proceeding_add(request, pk):
    case = _changeable_case(request.user, pk)
    return _case_form(
        request,
        case,
        ProceedingForm(request.POST or None),
        lambda data: services.record_proceeding(request.user, case, **data),
        _("Procedimento registrado."),
        title=_("Registrar boletim, inquérito ou processo"),
        submit=_("Registrar"),
    )


@casework_required
def risk_add(request, pk):
    case = _changeable_case(request.user, pk)
    victims = risk.women_victims(case)
    if not victims:
        deny("cases.case", pk)
    form = RiskForm(
        request.POST or None,
        victims=victims,
        questions=risk.questions(),
        answer_labels=risk.form()["answers"],
    )
    return _case_form(
        request,
        case,
        form,
        lambda data: risk.record(request.user, case, **form.service_data()),
        _("Avaliação de risco registrada."),
        "obligations/risk_form.html",
        risk_form=risk.form(),
        title=_("Avaliação de risco (Formulário Nacional)"),
        submit=_("Registrar avaliação"),
    )


@casework_required
def risk_detail(request, pk):
    assessment = get_restricted(RiskAssessment, request.user, access.VIEW, pk=pk)
    # On the case, so the data subject's access report lists it (privacy.subject).
    audit.record("risk_assessment.viewed", assessment.case, data={"assessment": assessment.pk})
    return render(
        request,
        "obligations/risk_detail.html",
        {
            "case": assessment.case,
            "assessment": assessment,
            "blocks": risk.answered(assessment),
            "rule": risk.form()["levels"]["rule"],
        },
    )
