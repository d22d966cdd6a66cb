"""The case plan (Plano Individual de Atendimento / Plano de Acompanhamento Familiar): goals and
actions with the responsible service and professional, due dates and status. The coordinator
of the service approves it (a worker submits; a service without a coordinator approves on
submission, as with closures); once approved it is reviewed every
``TeamSettings.plan_review_days`` days, and the review is a task. An action with a
professional of the service becomes that professional's task. Approvals, refusals (with a
reason) and reviews are on the timeline and in the audit chain."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.cases.acting import acting_organization, lock_case, log
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.network.models import Organization

from . import notifications
from .assignments import team
from .choices import ActionStatus, NotificationKind, PlanKind, PlanStatus, TaskKind, TaskStatus
from .closure import coordinators
from .models import CasePlan, PlanAction, Task, TeamSettings

DEFAULT_REVIEW_DAYS = 90


def review_days(organization):
    row = TeamSettings.objects.filter(organization=organization).first()
    return row.plan_review_days if row else DEFAULT_REVIEW_DAYS


def plan_for(user, case):
    """The plan of the user's service for this case, or None."""
    return (
        CasePlan.objects.restrict(user)
        .filter(case=case, organization_id=access.actor_for(user).organization_id)
        .first()
    )


def _lock_plan(user, plan):
    locked = CasePlan.objects.restrict(user, access.CHANGE).select_for_update().filter(pk=plan.pk)
    locked = locked.first()
    if locked is None:
        raise NotPermitted(_("Você não tem permissão para esta ação neste caso."))
    lock_case(user, locked.case)
    return locked


def start_plan(user, case, *, kind):
    if kind not in PlanKind.values:
        raise ServiceError(_("Escolha o tipo de plano."), field="kind")
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case)
        if not case.is_open:
            raise ServiceError(_("Só casos abertos recebem plano de acompanhamento."))
        if CasePlan.objects.filter(case=case, organization=organization).exists():
            raise ServiceError(_("O seu serviço já tem um plano para este caso."), field="kind")
        plan = CasePlan.objects.create(
            case=case, organization=organization, kind=kind, created_by=user
        )
        log(
            case,
            "plan_started",
            _("Plano iniciado: %(k)s") % {"k": plan.get_kind_display()},
            user,
            organization,
        )
        audit.record("plan.started", plan, data={"case": case.pk, "kind": kind})
    return plan


def add_action(
    user, plan, *, goal, action, due_date, responsible_organization=None, responsible_user=None
):
    goal, action = (goal or "").strip(), (action or "").strip()
    if not goal:
        raise ServiceError(_("Escreva o objetivo."), field="goal")
    if not action:
        raise ServiceError(_("Escreva a ação."), field="action")
    if due_date is None:
        raise ServiceError(_("Informe o prazo."), field="due_date")
    with transaction.atomic():
        organization = acting_organization(user)
        plan = _lock_plan(user, plan)
        responsible_organization = responsible_organization or organization
        if not Organization.objects.filter(pk=responsible_organization.pk, is_active=True).exists():
            raise ServiceError(
                _("Escolha um serviço ativo da rede."), field="responsible_organization"
            )
        professional = None
        if responsible_user is not None:
            if responsible_organization.pk != organization.pk:
                raise ServiceError(
                    _(
                        "Só se indica profissional do próprio serviço; "
                        "o outro serviço indica o seu."
                    ),
                    field="responsible_user",
                )
            membership = team(organization).filter(user_id=responsible_user).first()
            if membership is None:
                raise ServiceError(
                    _("Escolha um(a) profissional do próprio serviço."), field="responsible_user"
                )
            professional = membership.user
        item = PlanAction.objects.create(
            plan=plan,
            goal=goal[:2000],
            action=action[:2000],
            responsible_organization=responsible_organization,
            responsible_user=professional,
            due_date=due_date,
        )
        if professional is not None:
            item.task = Task.objects.create(
                case=plan.case,
                organization=organization,
                kind=TaskKind.PLAN_ACTION,
                due_date=due_date,
                assigned_to=professional,
                created_by=user,
            )
            item.save(update_fields=["task"])
        log(
            plan.case,
            "plan_action_added",
            _("Ação incluída no plano, prazo %(d)s") % {"d": due_date.strftime("%d/%m/%Y")},
            user,
            organization,
        )
        audit.record("plan.action_added", plan, data={"action": item.pk})
    return item


def set_action_status(user, item, status):
    if status not in ActionStatus.values:
        raise ServiceError(_("Escolha a situação da ação."), field="status")
    with transaction.atomic():
        organization = acting_organization(user)
        item = (
            PlanAction.objects.restrict(user, access.CHANGE)
            .select_for_update()
            .filter(pk=item.pk)
            .select_related("plan")
            .first()
        )
        if item is None:
            raise NotPermitted(_("Você não tem permissão para esta ação neste caso."))
        item.status = status
        item.save(update_fields=["status"])
        if status in (ActionStatus.DONE, ActionStatus.DROPPED) and item.task_id:
            Task.objects.filter(pk=item.task_id, status=TaskStatus.OPEN).update(
                status=TaskStatus.DONE if status == ActionStatus.DONE else TaskStatus.CANCELLED,
                done_by=user,
                done_at=timezone.now(),
            )
        log(
            item.plan.case,
            "plan_action_status",
            _("Ação do plano: %(s)s") % {"s": item.get_status_display()},
            user,
            organization,
        )
        audit.record("plan.action_status", item.plan, data={"action": item.pk, "status": status})
    return item


def _approve(user, plan, organization, today):
    plan.status = PlanStatus.APPROVED
    plan.approved_by = user
    plan.approved_at = timezone.now()
    plan.refusal_reason = ""
    _schedule_review(user, plan, organization, today)
    plan.save()


def _schedule_review(user, plan, organization, today):
    plan.next_review_on = today + timedelta(days=review_days(organization))
    assignee = plan.submitted_by or plan.created_by
    Task.objects.filter(
        case=plan.case, organization=organization, kind=TaskKind.PLAN_REVIEW, status=TaskStatus.OPEN
    ).update(status=TaskStatus.DONE, done_by=user, done_at=timezone.now())
    Task.objects.create(
        case=plan.case,
        organization=organization,
        kind=TaskKind.PLAN_REVIEW,
        due_date=plan.next_review_on,
        assigned_to=assignee,
        created_by=user,
    )


def submit(user, plan):
    with transaction.atomic():
        organization = acting_organization(user)
        plan = _lock_plan(user, plan)
        if plan.status != PlanStatus.DRAFT:
            raise ServiceError(_("Este plano não está em elaboração."))
        if not plan.actions.exists():
            raise ServiceError(_("Inclua ao menos uma ação antes de enviar o plano."))
        plan.submitted_by = user
        reviewers = (
            [] if access.actor_for(user).has_role(Role.COORDINATOR) else coordinators(organization)
        )
        if reviewers:
            plan.status = PlanStatus.PENDING
            plan.save()
            log(plan.case, "plan_submitted", _("Plano enviado à coordenação"), user, organization)
            audit.record("plan.submitted", plan, data={"case": plan.case_id})
            notifications.notify_all(
                reviewers,
                NotificationKind.APPROVAL_WAITING,
                _("Um plano de acompanhamento aguarda a sua aprovação."),
                reverse("workflow:plan", args=[plan.case_id]),
                dedupe_key=f"plan:{plan.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
            )
        else:
            _approve(user, plan, organization, timezone.localdate())
            log(plan.case, "plan_approved", _("Plano aprovado"), user, organization)
            audit.record("plan.approved", plan, data={"case": plan.case_id})
    return plan


def decide(user, plan, *, approve, reason=""):
    reason = (reason or "").strip()
    with transaction.atomic():
        organization = acting_organization(user)
        if not access.actor_for(user).has_role(Role.COORDINATOR):
            raise NotPermitted(_("Só a coordenação do serviço aprova o plano."))
        plan = _lock_plan(user, plan)
        if plan.status != PlanStatus.PENDING:
            raise ServiceError(_("Este plano não aguarda aprovação."))
        if plan.submitted_by_id == user.pk:
            raise NotPermitted(_("Quem envia o plano não o aprova."))
        if approve:
            _approve(user, plan, organization, timezone.localdate())
            log(
                plan.case, "plan_approved", _("Plano aprovado pela coordenação"), user, organization
            )
            audit.record("plan.approved", plan, data={"case": plan.case_id})
        else:
            if len(reason) < 10:
                raise ServiceError(
                    _("Diga à equipe o que mudar no plano (ao menos 10 caracteres)."),
                    field="reason",
                )
            plan.status = PlanStatus.DRAFT
            plan.refusal_reason = reason[:1000]
            plan.save()
            log(
                plan.case,
                "plan_refused",
                _("Plano devolvido pela coordenação"),
                user,
                organization,
                detail=plan.refusal_reason,
            )
            audit.record("plan.refused", plan, data={"case": plan.case_id})
        if plan.submitted_by_id:
            notifications.notify(
                plan.submitted_by,
                NotificationKind.CLOSURE_DECIDED,
                _("O plano de acompanhamento que você enviou foi decidido."),
                reverse("workflow:plan", args=[plan.case_id]),
                dedupe_key=f"plan-decided:{plan.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
            )
    return plan


def review(user, plan, *, note=""):
    with transaction.atomic():
        organization = acting_organization(user)
        plan = _lock_plan(user, plan)
        if plan.status != PlanStatus.APPROVED:
            raise ServiceError(_("Só um plano aprovado é revisado."))
        today = timezone.localdate()
        plan.last_review_on = today
        _schedule_review(user, plan, organization, today)
        plan.save()
        log(
            plan.case,
            "plan_reviewed",
            _("Plano revisado"),
            user,
            organization,
            detail=(note or "").strip(),
        )
        audit.record("plan.reviewed", plan, data={"case": plan.case_id})
    return plan


def overdue_reviews(organization_ids=None, today=None):
    today = today or timezone.localdate()
    qs = CasePlan.objects.filter(
        status=PlanStatus.APPROVED,
        next_review_on__lt=today,
        case__status__in=("registered", "in_follow_up"),
    )
    if organization_ids is not None:
        qs = qs.filter(organization_id__in=list(organization_ids))
    return qs


def anonymize(case_ids):
    PlanAction.objects.filter(plan__case_id__in=list(case_ids)).update(
        goal="[anonimizado]", action="[anonimizado]"
    )
    CasePlan.objects.filter(case_id__in=list(case_ids)).update(refusal_reason="")
