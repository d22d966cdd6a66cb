"""Workflow pages: the supervision page and assignments (coordinator), the closure review,
the team's settings, and each person's notifications. Views parse input and call the services;
access is decided by restrict() in the selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.cases.forms import CloseForm
from serdh.cases.lifecycle import OpenReferralsWarning
from serdh.cases.models import Case
from serdh.cases.policies import CLOSE
from serdh.cases.views import _cursor, _form_error
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import CASEWORK_ROLES, Role
from serdh.core.views import deny, get_restricted, role_required

from . import assignments, closure, notifications, selectors, team
from .forms import (
    AssignForm,
    BulkAssignForm,
    DecisionForm,
    PreferencesForm,
    TeamSettingsForm,
)
from .models import Assignment, ClosureRequest, Notification, TeamSettings

coordinator_required = role_required(Role.COORDINATOR)
casework_required = role_required(*CASEWORK_ROLES)


def _error(request, exc):
    messages.error(request, getattr(exc, "message", None) or str(exc))


def _case_choices(rows):
    def label(case):
        types = "; ".join(str(v.subtype or v.type) for v in case.violations.all()) or "—"
        ages = "; ".join(str(p.age_band) for p in case.victims) or "—"
        return f"{case.protocol or case.pk} · {types} · {ages} · {case.get_urgency_display()}"

    return [(c.pk, label(c)) for c in rows]


@coordinator_required
def supervision(request):
    organization = request.membership.organization
    rows, next_cursor, total = selectors.without_responsible(
        request.user, organization, cursor=_cursor(request.GET.get("antes"))
    )
    team = list(assignments.team(organization))
    form = BulkAssignForm(team=team, case_choices=_case_choices(rows))
    return render(
        request,
        "workflow/supervision.html",
        {
            "caseload": selectors.caseload(request.user, organization, members=team),
            "unassigned": rows,
            "unassigned_total": total,
            "next_cursor": next_cursor,
            "cursor": request.GET.get("antes"),
            "form": form,
            "closures": selectors.pending_closures(request.user),
            "settings": TeamSettings.objects.restrict(request.user).first(),
        },
    )


@coordinator_required
@require_POST
def bulk_assign(request):
    organization = request.membership.organization
    team = list(assignments.team(organization))
    requested = [pk for pk in request.POST.getlist("cases") if pk.isascii() and pk.isdigit()]
    cases = list(
        Case.objects.restrict(request.user, access.CHANGE)
        .filter(pk__in=requested[: assignments.BULK_LIMIT + 1])
        .prefetch_related("violations__type", "violations__subtype__parent")
    )
    for case in cases:
        case.victims = [p for p in case.parties.all() if p.role == "victim"]
    form = BulkAssignForm(request.POST, team=team, case_choices=_case_choices(cases))
    if form.is_valid():
        try:
            made = assignments.assign(
                request.user,
                form.cleaned_data["cases"],
                form.cleaned_data["user"],
                responsible=form.cleaned_data["responsible"],
            )
        except (ServiceError, NotPermitted) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("%(n)s caso(s) atribuído(s).") % {"n": len(made)})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("workflow:supervision")


def _full_case(user, pk):
    case = Case.objects.restrict(user, access.VIEW).filter(pk=pk).first()
    if case is None:
        deny("cases.case", pk)
    return case


@coordinator_required
def case_team(request, pk):
    case = _full_case(request.user, pk)
    organization = request.membership.organization
    team = list(assignments.team(organization))
    form = AssignForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            assignments.assign(
                request.user,
                [case.pk],
                form.cleaned_data["user"],
                responsible=form.cleaned_data["responsible"],
            )
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Equipe do caso atualizada."))
            return redirect("cases:case_detail", pk=case.pk)
    current = (
        Assignment.objects.restrict(request.user)
        .filter(case=case, organization=organization, ended_at__isnull=True)
        .select_related("user")
    )
    return render(
        request, "workflow/case_team.html", {"case": case, "form": form, "current": current}
    )


@coordinator_required
@require_POST
def unassign(request, pk):
    assignment = get_restricted(Assignment, request.user, access.CHANGE, pk=pk)
    try:
        assignments.unassign(request.user, assignment)
    except (ServiceError, NotPermitted) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Profissional retirado(a) da equipe do caso."))
    return redirect("workflow:case_team", pk=assignment.case_id)


@casework_required
def closure_request(request, pk):
    case = Case.objects.restrict(request.user, CLOSE).filter(pk=pk).first()
    if case is None or not Case.objects.restrict(request.user).filter(pk=pk).exists():
        deny("cases.case", pk)
    if not closure.needs_review(request.user, case):
        return redirect("cases:case_close", pk=pk)
    form = CloseForm(request.POST or None)
    open_refs = []
    if request.method == "POST" and form.is_valid():
        try:
            closure.request_closure(request.user, case, **form.cleaned_data)
        except OpenReferralsWarning as exc:
            open_refs = exc.referrals
            form = CloseForm(initial={**form.cleaned_data, "confirm_open_referrals": True})
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Pedido de encerramento enviado à coordenação do serviço."))
            return redirect("cases:case_detail", pk=pk)
    return render(
        request,
        "workflow/closure_request.html",
        {"case": case, "form": form, "open_refs": open_refs},
    )


@casework_required
def closure_decide(request, pk):
    item = get_restricted(
        ClosureRequest,
        request.user,
        access.VIEW,
        pk=pk,
        queryset=ClosureRequest.objects.select_related("case", "requested_by", "reason"),
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        verb = request.POST.get("decision", "")
        form.is_valid()
        try:
            if verb == "approve":
                closure.approve(request.user, item)
                messages.success(request, _("Encerramento aprovado: o caso foi encerrado."))
            elif verb == "refuse":
                closure.refuse(request.user, item, reason=form.cleaned_data.get("reason", ""))
                messages.success(request, _("Encerramento recusado: o caso continua aberto."))
            elif verb == "withdraw":
                closure.withdraw(request.user, item)
                messages.success(request, _("Pedido de encerramento retirado."))
            else:
                raise ServiceError(_("Escolha aprovar ou recusar."))
        except (ServiceError, NotPermitted) as exc:
            _form_error(form, exc)
        else:
            return redirect("cases:case_detail", pk=item.case_id)
    with transaction.atomic():
        audit.record("closure_request.viewed", item, data={"case": item.case_id})
    actor = access.actor_for(request.user)
    return render(
        request,
        "workflow/closure_decide.html",
        {
            "item": item,
            "case": item.case,
            "form": form,
            "can_decide": item.status == "pending"
            and actor.has_role(Role.COORDINATOR)
            and item.requested_by_id != request.user.pk,
            "can_withdraw": item.status == "pending" and item.requested_by_id == request.user.pk,
        },
    )


@coordinator_required
def team_settings(request):
    current = TeamSettings.objects.restrict(request.user).first()
    form = TeamSettingsForm(
        request.POST or None,
        initial={
            "everyone_sees_all": bool(current and current.everyone_sees_all),
            "plan_review_days": current.plan_review_days if current else 90,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            _row, waiting = team.save(
                request.user,
                everyone_sees_all=form.cleaned_data["everyone_sees_all"],
                plan_review_days=form.cleaned_data["plan_review_days"],
            )
        except (ServiceError, NotPermitted) as exc:
            form.add_error(None, getattr(exc, "message", None) or str(exc))
        else:
            if waiting:
                messages.warning(
                    request,
                    _(
                        "Abrir todos os casos a toda a equipe aguarda a aprovação de outra "
                        "pessoa da coordenação ou da gestão municipal."
                    ),
                )
            else:
                messages.success(request, _("Organização da equipe salva."))
            return redirect("workflow:supervision")
    return render(
        request,
        "workflow/team_settings.html",
        {"form": form, "waiting": current is not None and current.open_requested_by_id},
    )


@login_required
def notification_list(request):
    if request.method == "POST":
        notifications.mark_read(request.user)
        messages.success(request, _("Notificações marcadas como lidas."))
        return redirect("workflow:notifications")
    cursor = _cursor(request.GET.get("antes"))
    qs = Notification.objects.restrict(request.user)
    if cursor:
        qs = qs.filter(pk__lt=cursor)
    rows = list(qs.order_by("-pk")[:51])
    next_cursor = rows[49].pk if len(rows) > 50 else None
    return render(
        request,
        "workflow/notifications.html",
        {"rows": rows[:50], "next_cursor": next_cursor, "cursor": cursor},
    )


@login_required
def notification_open(request, pk):
    item = get_restricted(Notification, request.user, pk=pk)
    notifications.mark_read(request.user, [item.pk])
    # Only a path inside this site (the link was written by the application).
    if not url_has_allowed_host_and_scheme(
        item.link, allowed_hosts=None
    ) or not item.link.startswith("/"):
        return redirect("workflow:notifications")
    return HttpResponseRedirect(item.link)


@login_required
def notification_preferences(request):
    form = PreferencesForm(request.POST or None, current=notifications.preferences(request.user))
    if request.method == "POST" and form.is_valid():
        notifications.set_preferences(request.user, form.choices())
        messages.success(request, _("Preferências salvas."))
        return redirect("workflow:notifications")
    return render(request, "workflow/preferences.html", {"form": form})


@role_required(Role.COORDINATOR, Role.MUNICIPAL_MANAGER)
@require_POST
def team_open_decide(request, pk):
    row = get_restricted(TeamSettings, request.user, "approve", pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        team.decide(
            request.user,
            row,
            approve=request.POST.get("decision") == "approve",
            reason=form.cleaned_data.get("reason", ""),
        )
    except (ServiceError, NotPermitted) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, _("Decisão registrada."))
    return redirect("web:approvals")
