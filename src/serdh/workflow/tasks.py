"""What is due: tasks with a date on a case, for one professional of a service, and the
referrals a service must decide (read from the referrals, with their deadlines). "Minhas
tarefas" groups them as overdue, today, this week and later; the service's agenda shows a week
or a month. Each change re-checks access in its transaction and writes timeline and audit."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.selectors import build_actor
from serdh.cases.acting import acting_organization, lock_case, log
from serdh.cases.choices import AWAITING_DECISION, Urgency
from serdh.cases.models import Case, Referral
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError

from . import notifications
from .assignments import team
from .choices import NotificationKind, TaskKind, TaskStatus
from .models import Task

MAX_AHEAD_DAYS = 366 * 2


def add_task(user, case, *, kind, due_date, assigned_to, note=""):
    if kind not in TaskKind.values:
        raise ServiceError(_("Escolha o tipo da tarefa."), field="kind")
    today = timezone.localdate()
    if due_date is None:
        raise ServiceError(_("Informe para quando é a tarefa."), field="due_date")
    if due_date > today + timedelta(days=MAX_AHEAD_DAYS):
        raise ServiceError(
            _("Marque a tarefa para no máximo dois anos à frente."), field="due_date"
        )
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        if not case.is_open:
            raise ServiceError(_("Só casos abertos recebem tarefas."))
        membership = team(organization).filter(user_id=assigned_to).first()
        if membership is None:
            raise ServiceError(
                _("Escolha um(a) profissional do próprio serviço."), field="assigned_to"
            )
        # Whoever does it must see the case in full (workflow's caseload rule).
        sees = Case.objects.restrict(build_actor(membership.user, membership)).filter(pk=case.pk)
        if not sees.exists():
            raise ServiceError(
                _("Esta pessoa não está na equipe do caso: a coordenação a inclui antes."),
                field="assigned_to",
            )
        task = Task.objects.create(
            case=case,
            organization=organization,
            kind=kind,
            due_date=due_date,
            assigned_to=membership.user,
            note=(note or "").strip()[:2000],
            created_by=user,
        )
        log(
            case,
            "task_added",
            _("Tarefa agendada: %(k)s para %(d)s")
            % {"k": task.get_kind_display(), "d": due_date.strftime("%d/%m/%Y")},
            user,
            organization,
            detail=task.note,
        )
        audit.record("task.added", task, data={"case": case.pk, "kind": kind})
        if membership.user_id != user.pk:
            notifications.notify(
                membership.user,
                NotificationKind.TASK_DUE,
                _("Uma tarefa foi agendada para você."),
                reverse("workflow:my_tasks"),
                dedupe_key=f"task-assigned:{task.pk}",
            )
    return task


def finish_task(user, task, *, status=TaskStatus.DONE):
    if status not in (TaskStatus.DONE, TaskStatus.CANCELLED):
        raise ServiceError(_("Marque a tarefa como feita ou cancelada."))
    with transaction.atomic():
        organization = acting_organization(user)
        task = (
            Task.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=task.pk, status=TaskStatus.OPEN)
            .first()
        )
        if task is None:
            raise NotPermitted(_("Esta tarefa não está mais aberta para você."))
        task.status = status
        task.done_by = user
        task.done_at = timezone.now()
        task.save(update_fields=["status", "done_by", "done_at"])
        summary = (
            _("Tarefa feita: %(k)s") if status == TaskStatus.DONE else _("Tarefa cancelada: %(k)s")
        ) % {"k": task.get_kind_display()}
        log(task.case, "task_" + status, summary, user, organization)
        audit.record(f"task.{status}", task, data={"case": task.case_id})
    return task


@dataclass
class Due:
    """One row of "Minhas tarefas" or the agenda: a task, or a referral to decide."""

    due_date: date
    label: str
    link: str
    case: object
    task: object = None
    referral: object = None
    who: str = ""


# What the rows show, and nothing more: hundreds of rows a page, whose other columns
# (timestamps, the case's encrypted texts) would cost more to load than the rest of the page.
CASE_COLUMNS = ("case_id", "case__id", "case__protocol")
REFERRAL_COLUMNS = ("id", "due_date", "urgency", *CASE_COLUMNS)
TASK_COLUMNS = ("id", "due_date", "kind", "assigned_to_id", *CASE_COLUMNS)
USER_COLUMNS = tuple(f"assigned_to__{f}" for f in ("id", "username", "full_name", "social_name"))


def pk_link(name):
    """``reverse()`` once for the rows of a page, whose links differ only by the primary key."""
    head, tail = reverse(name, args=[987654321]).split("987654321")
    return lambda pk: f"{head}{pk}{tail}"


def _referral_rows(user, organization, until=None, since=None):
    qs = (
        Referral.objects.restrict(user, access.CHANGE)
        .filter(to_organization=organization, status__in=list(AWAITING_DECISION))
        .select_related("case")
        .only(*REFERRAL_COLUMNS)
    )
    if until is not None:
        qs = qs.filter(due_date__lte=until)
    if since is not None:
        qs = qs.filter(due_date__gte=since)
    link = pk_link("cases:referral_detail")
    labels = {
        value: _("Decidir encaminhamento (urgência %(u)s)") % {"u": str(label).lower()}
        for value, label in Urgency.choices
    }
    who = _("serviço")
    return [
        Due(
            r.due_date,
            labels.get(r.urgency) or r.get_urgency_display(),
            link(r.pk),
            r.case,
            referral=r,
            who=who,
        )
        for r in qs.order_by("due_date", "pk")[:500]
    ]


def _task_rows(qs):
    link = pk_link("cases:case_detail")
    labels = {value: str(label) for value, label in TaskKind.choices}
    return [
        Due(
            t.due_date,
            labels.get(t.kind) or t.get_kind_display(),
            link(t.case_id),
            t.case,
            task=t,
            who=t.assigned_to.display_name,
        )
        for t in qs.select_related("case", "assigned_to")
        .only(*TASK_COLUMNS, *USER_COLUMNS)
        .order_by("due_date", "pk")[:500]
    ]


# Rows other rooms add to "Minhas tarefas" and the agenda, service-wide like the referrals
# to decide (obligations: what the law requires of the service, by when):
# func(user, organization, since, until) -> [Due] (since/until may be None).
_sources = []


def register_source(func):
    if func not in _sources:
        _sources.append(func)
    return func


def _source_rows(user, organization, since=None, until=None):
    return [row for func in _sources for row in func(user, organization, since, until)]


def my_tasks(user, today=None):
    """{'overdue', 'today', 'week', 'later'}: the user's open tasks and the referrals their
    service must decide (nobody there is responsible for a referral before it is accepted)."""
    today = today or timezone.localdate()
    organization = acting_organization(user)
    mine = Task.objects.restrict(user).filter(assigned_to=user, status=TaskStatus.OPEN)
    rows = _task_rows(mine) + _referral_rows(user, organization) + _source_rows(user, organization)
    rows.sort(key=lambda r: (r.due_date, r.referral is None, r.label))
    week_end = today + timedelta(days=6 - today.weekday())
    groups = {"overdue": [], "today": [], "week": [], "later": []}
    for row in rows:
        if row.due_date < today:
            groups["overdue"].append(row)
        elif row.due_date == today:
            groups["today"].append(row)
        elif row.due_date <= week_end:
            groups["week"].append(row)
        else:
            groups["later"].append(row)
    return groups


def agenda(user, start, end):
    """The service's open tasks and referral deadlines from ``start`` to ``end`` (inclusive),
    as [(day, [rows])] for every day of the period."""
    organization = acting_organization(user)
    tasks = Task.objects.restrict(user).filter(
        status=TaskStatus.OPEN, due_date__gte=start, due_date__lte=end
    )
    rows = (
        _task_rows(tasks)
        + _referral_rows(user, organization, until=end, since=start)
        + _source_rows(user, organization, since=start, until=end)
    )
    by_day = {}
    for row in rows:
        by_day.setdefault(row.due_date, []).append(row)
    days = []
    day = start
    while day <= end:
        days.append((day, by_day.get(day, [])))
        day += timedelta(days=1)
    return days


def remind(today=None):
    """The worker's reminders: a task due tomorrow, and a task overdue, each told once."""
    today = today or timezone.localdate()
    made = 0
    with transaction.atomic():
        tomorrow = Task.objects.filter(status=TaskStatus.OPEN, due_date=today + timedelta(days=1))
        for task in tomorrow.select_related("assigned_to"):
            made += bool(
                notifications.notify(
                    task.assigned_to,
                    NotificationKind.TASK_DUE,
                    _("Você tem uma tarefa para amanhã."),
                    reverse("workflow:my_tasks"),
                    dedupe_key=f"task-tomorrow:{task.pk}",
                )
            )
        # A week back is enough: older ones were told when they fell due.
        overdue = Task.objects.filter(
            status=TaskStatus.OPEN, due_date__lt=today, due_date__gte=today - timedelta(days=7)
        )
        for task in overdue.select_related("assigned_to"):
            made += bool(
                notifications.notify(
                    task.assigned_to,
                    NotificationKind.TASK_DUE,
                    _("Você tem uma tarefa vencida."),
                    reverse("workflow:my_tasks"),
                    dedupe_key=f"task-overdue:{task.pk}",
                )
            )
    return made


def anonymize(case_ids):
    Task.objects.filter(case_id__in=list(case_ids)).update(note="")
