"""Workflow pages about what is due and what to watch for on a case: safety flags, tasks,
"Minhas tarefas" and the service's agenda."""

import calendar
from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serdh.cases.models import Case
from serdh.cases.views import _case_form
from serdh.core import access
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.views import deny, get_restricted
from serdh.network.services import AdhesionInactive

from . import assignments, flags, tasks
from .forms import FlagForm, FlagRemoveForm, TaskForm
from .models import SafetyFlag, Task
from .views import _error, casework_required


def _changeable_case(user, pk):
    case = Case.objects.restrict(user, access.CHANGE).filter(pk=pk).first()
    if case is None:
        deny("cases.case", pk)
    return case


@casework_required
def flag_add(request, pk):
    case = _changeable_case(request.user, pk)
    return _case_form(
        request,
        case,
        FlagForm(request.POST or None),
        lambda data: flags.add_flag(request.user, case, **data),
        _("Alerta de segurança registrado."),
        title=_("Registrar alerta de segurança"),
        submit=_("Registrar alerta"),
    )


@casework_required
def flag_remove(request, pk):
    flag = get_restricted(SafetyFlag, request.user, access.CHANGE, pk=pk, removed_at__isnull=True)
    return _case_form(
        request,
        flag.case,
        FlagRemoveForm(request.POST or None),
        lambda data: flags.remove_flag(request.user, flag, reason=data["reason"]),
        _("Alerta de segurança retirado."),
        title=_("Retirar alerta: %(k)s") % {"k": flag.get_kind_display()},
        submit=_("Retirar alerta"),
    )


def _blocked(request, exc):
    return render(request, "cases/blocked.html", {"message": exc.message})


@casework_required
def my_tasks(request):
    try:
        groups = tasks.my_tasks(request.user)
    except AdhesionInactive as exc:
        return _blocked(request, exc)
    return render(
        request,
        "workflow/my_tasks.html",
        {
            "groups": [
                ("overdue", _("Vencidas"), groups["overdue"]),
                ("today", _("Hoje"), groups["today"]),
                ("week", _("Nesta semana"), groups["week"]),
                ("later", _("Depois"), groups["later"]),
            ],
            "total": sum(len(v) for v in groups.values()),
        },
    )


def _parse_day(value):
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


@casework_required
def agenda(request):
    today = timezone.localdate()
    view = "mes" if request.GET.get("ver") == "mes" else "semana"
    anchor = _parse_day(request.GET.get("dia")) or today
    if view == "mes":
        start = anchor.replace(day=1)
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        previous = (start - timedelta(days=1)).replace(day=1)
        following = end + timedelta(days=1)
    else:
        start = anchor - timedelta(days=anchor.weekday())
        end = start + timedelta(days=6)
        previous, following = start - timedelta(days=7), start + timedelta(days=7)
    try:
        days = tasks.agenda(request.user, start, end)
    except AdhesionInactive as exc:
        return _blocked(request, exc)
    return render(
        request,
        "workflow/agenda.html",
        {
            "view": view,
            "days": days,
            "start": start,
            "end": end,
            "today": today,
            "previous": previous.isoformat(),
            "following": following.isoformat(),
        },
    )


@casework_required
def task_add(request, pk):
    case = _changeable_case(request.user, pk)
    form = TaskForm(
        request.POST or None,
        team=list(assignments.team(request.membership.organization)),
        initial={"assigned_to": request.user.pk},
    )
    return _case_form(
        request,
        case,
        form,
        lambda data: tasks.add_task(request.user, case, **data),
        _("Tarefa agendada."),
        title=_("Agendar tarefa"),
        submit=_("Agendar"),
    )


@casework_required
@require_POST
def task_done(request, pk):
    task = get_restricted(Task, request.user, access.CHANGE, pk=pk)
    status = "cancelled" if request.POST.get("status") == "cancelled" else "done"
    try:
        tasks.finish_task(request.user, task, status=status)
    except (ServiceError, NotPermitted) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Tarefa atualizada."))
    target = request.POST.get("next", "")
    if target in ("agenda", "caso"):
        return redirect(
            "workflow:agenda" if target == "agenda" else "cases:case_detail",
            **({} if target == "agenda" else {"pk": task.case_id}),
        )
    return redirect("workflow:my_tasks")
