"""The case plan page (PIA / PAF): one page per case for the user's service, with the forms to
start the plan, add actions, change an action's status, submit, decide (coordinator) and
review. Every form posts to the same page with ``op``; the services decide."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from serdh.cases.choices import ENGAGED
from serdh.cases.models import Case
from serdh.cases.views import _form_error
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.core.views import deny
from serdh.network.models import Organization

from . import assignments, plans
from .forms import ActionStatusForm, DecisionForm, PlanActionForm, PlanReviewForm, PlanStartForm
from .models import CasePlan, PlanAction
from .views import casework_required

OPS = ("start", "add", "status", "submit", "approve", "refuse", "review")


def _services(user, case):
    """The services involved in the case: who may be responsible for an action."""
    engaged = list(
        case.referrals.filter(status__in=ENGAGED).values_list("to_organization_id", flat=True)
    )
    return list(
        Organization.objects.restrict(user).filter(
            is_active=True, pk__in=[case.organization_id, *engaged]
        )
    )


@casework_required
def plan_page(request, pk):
    case = Case.objects.restrict(request.user).filter(pk=pk).first()
    if case is None:
        deny("cases.case", pk)
    organization = request.membership.organization
    plan = plans.plan_for(request.user, case)
    others = list(
        CasePlan.objects.restrict(request.user)
        .filter(case=case)
        .exclude(organization=organization)
        .select_related("organization")
        .prefetch_related("actions__responsible_organization")
    )
    team = list(assignments.team(organization))
    services = sorted(
        {o.pk: o for o in _services(request.user, case) + [organization]}.values(),
        key=lambda o: o.name,
    )
    forms = {
        "start": PlanStartForm(),
        "add": PlanActionForm(
            services=services, team=team, initial={"responsible_organization": organization.pk}
        ),
        "decision": DecisionForm(),
        "review": PlanReviewForm(),
    }
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op not in OPS:
                raise ServiceError(_("Ação desconhecida."))
            done = _do(request, op, case, plan, forms, services, team)
        except (ServiceError, NotPermitted) as exc:
            target = {"start": "start", "add": "add", "refuse": "decision", "review": "review"}
            form = forms.get(target.get(op, ""))
            if form is not None and form.is_bound:
                _form_error(form, exc)
            else:
                messages.error(request, getattr(exc, "message", None) or str(exc))
        else:
            if done:
                messages.success(request, done)
                return redirect("workflow:plan", pk=case.pk)
    with transaction.atomic():
        audit.record("plan.viewed", case, data={"plan": plan.pk if plan else None})
    actor = access.actor_for(request.user)
    return render(
        request,
        "workflow/plan.html",
        {
            "case": case,
            "plan": plan,
            "actions": list(
                plan.actions.select_related("responsible_organization", "responsible_user")
            )
            if plan
            else [],
            "others": others,
            "forms": forms,
            "status_form": ActionStatusForm(),
            "can_edit": plan is not None and case.is_open,
            "can_decide": plan is not None
            and plan.status == "pending"
            and actor.has_role(Role.COORDINATOR)
            and plan.submitted_by_id != request.user.pk,
        },
    )


def _do(request, op, case, plan, forms, services, team):
    user = request.user
    if op == "start":
        form = forms["start"] = PlanStartForm(request.POST)
        if not form.is_valid():
            return None
        plans.start_plan(user, case, kind=form.cleaned_data["kind"])
        return _("Plano iniciado: inclua as ações.")
    if plan is None:
        raise ServiceError(_("O seu serviço ainda não tem plano para este caso."))
    if op == "add":
        form = forms["add"] = PlanActionForm(request.POST, services=services, team=team)
        if not form.is_valid():
            return None
        plans.add_action(user, plan, **form.cleaned_data)
        return _("Ação incluída no plano.")
    if op == "status":
        form = ActionStatusForm(request.POST)
        item = (
            PlanAction.objects.restrict(user, access.CHANGE)
            .filter(
                pk=request.POST.get("action_id")
                if str(request.POST.get("action_id", "")).isdigit()
                else 0,
                plan=plan,
            )
            .first()
        )
        if item is None or not form.is_valid():
            raise ServiceError(_("Escolha a ação e a situação."))
        plans.set_action_status(user, item, form.cleaned_data["status"])
        return _("Situação da ação atualizada.")
    if op == "submit":
        plan = plans.submit(user, plan)
        return (
            _("Plano aprovado.") if plan.status == "approved" else _("Plano enviado à coordenação.")
        )
    if op in ("approve", "refuse"):
        form = forms["decision"] = DecisionForm(request.POST)
        form.is_valid()
        plans.decide(
            user, plan, approve=op == "approve", reason=form.cleaned_data.get("reason", "")
        )
        return _("Plano aprovado.") if op == "approve" else _("Plano devolvido à equipe.")
    form = forms["review"] = PlanReviewForm(request.POST)
    form.is_valid()
    plans.review(user, plan, note=form.cleaned_data.get("note", ""))
    return _("Revisão do plano registrada.")
