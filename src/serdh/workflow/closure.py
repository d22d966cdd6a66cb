"""The review of a case's closure: a worker's closure becomes a request that the coordinator of
the service approves (the case closes, with the worker's reason) or refuses with a reason.
Requests, approvals and refusals are on the case timeline and in the audit chain.

A service without an active coordinator has nobody to review: its workers close directly, as
before (the timeline says so)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.models import Membership
from serdh.cases import lifecycle
from serdh.cases.acting import acting_organization, lock_case, log
from serdh.cases.policies import CLOSE
from serdh.cases.registration import check_term
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role

from . import notifications
from .choices import ClosureStatus, NotificationKind
from .models import ClosureRequest


class ClosureNeedsApproval(ServiceError):
    pass


def coordinators(organization):
    return [
        m.user
        for m in Membership.objects.filter(
            organization=organization, role=Role.COORDINATOR, is_active=True, user__is_active=True
        ).select_related("user")
    ]


def needs_review(user, case):
    """Whether this user's closure of this case waits for the coordinator."""
    actor = access.actor_for(user)
    if not actor.has_role(Role.WORKER) or case.organization_id != actor.organization_id:
        return False
    return Membership.objects.filter(
        organization_id=actor.organization_id,
        role=Role.COORDINATOR,
        is_active=True,
        user__is_active=True,
    ).exists()


def guard(user, case):
    """cases.lifecycle's closure guard: a worker of a reviewed service cannot close alone."""
    if needs_review(user, case):
        raise ClosureNeedsApproval(
            _("O encerramento deste caso precisa da aprovação da coordenação do serviço.")
        )


def pending(case):
    return case.closure_requests.filter(status=ClosureStatus.PENDING).first()


def request_closure(user, case, *, reason, note="", confirm_open_referrals=False):
    with transaction.atomic():
        organization = acting_organization(user)
        case = lock_case(user, case, CLOSE)
        if not case.is_open:
            raise ServiceError(_("Só um caso registrado e aberto pode ser encerrado."))
        check_term(reason, "closure_reason", "reason")
        if reason is None:
            raise ServiceError(_("Informe o motivo do encerramento."), field="reason")
        if pending(case) is not None:
            raise ServiceError(_("Já há um pedido de encerramento aguardando a coordenação."))
        open_refs = list(case.referrals.filter(status__in=lifecycle.OPEN_REFERRAL_STATUSES))
        if open_refs and not confirm_open_referrals:
            raise lifecycle.OpenReferralsWarning(open_refs)
        closure = ClosureRequest.objects.create(
            case=case,
            organization=organization,
            requested_by=user,
            requested_at=timezone.now(),
            reason=reason,
            note=(note or "").strip(),
        )
        log(
            case,
            "closure_requested",
            _("Encerramento pedido à coordenação: %(r)s") % {"r": reason.label},
            user,
            organization,
            detail=closure.note,
        )
        audit.record("case.closure_requested", case, data={"request": closure.pk})
        notifications.notify_all(
            coordinators(organization),
            NotificationKind.CLOSURE_REQUESTED,
            _("Um pedido de encerramento aguarda a sua aprovação."),
            reverse("workflow:closure_decide", args=[closure.pk]),
            dedupe_key=f"closure:{closure.pk}",
        )
    return closure


def _locked_request(user, closure, action):
    locked = (
        ClosureRequest.objects.restrict(user, action)
        .select_for_update()
        .filter(pk=closure.pk, status=ClosureStatus.PENDING)
        .first()
    )
    if locked is None:
        raise NotPermitted(_("Este pedido não está mais aguardando decisão."))
    return locked


def approve(user, closure):
    with transaction.atomic():
        organization = acting_organization(user)
        closure = _locked_request(user, closure, access.CHANGE)
        if closure.requested_by_id == user.pk:
            raise NotPermitted(_("Quem pede o encerramento não o aprova."))
        # The coordinator closes the case with the worker's reason and note.
        lifecycle.close_case(
            user,
            closure.case,
            reason=closure.reason,
            note=closure.note,
            confirm_open_referrals=True,
        )
        closure.status = ClosureStatus.APPROVED
        closure.decided_by = user
        closure.decided_at = timezone.now()
        closure.save(update_fields=["status", "decided_by", "decided_at"])
        log(
            closure.case,
            "closure_approved",
            _("Encerramento aprovado pela coordenação"),
            user,
            organization,
        )
        audit.record("case.closure_approved", closure.case, data={"request": closure.pk})
        notifications.notify(
            closure.requested_by,
            NotificationKind.CLOSURE_DECIDED,
            _("O seu pedido de encerramento foi decidido."),
            reverse("cases:case_detail", args=[closure.case_id]),
            dedupe_key=f"closure-decided:{closure.pk}",
        )
    return closure


def refuse(user, closure, *, reason):
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ServiceError(
            _("Explique à equipe por que o caso continua aberto (ao menos 10 caracteres)."),
            field="reason",
        )
    with transaction.atomic():
        organization = acting_organization(user)
        closure = _locked_request(user, closure, access.CHANGE)
        closure.status = ClosureStatus.REFUSED
        closure.decided_by = user
        closure.decided_at = timezone.now()
        closure.decision_reason = reason[:1000]
        closure.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        log(
            closure.case,
            "closure_refused",
            _("Encerramento recusado pela coordenação"),
            user,
            organization,
            detail=closure.decision_reason,
        )
        audit.record("case.closure_refused", closure.case, data={"request": closure.pk})
        notifications.notify(
            closure.requested_by,
            NotificationKind.CLOSURE_DECIDED,
            _("O seu pedido de encerramento foi decidido."),
            reverse("cases:case_detail", args=[closure.case_id]),
            dedupe_key=f"closure-decided:{closure.pk}",
        )
    return closure


def withdraw(user, closure):
    with transaction.atomic():
        organization = acting_organization(user)
        closure = _locked_request(user, closure, access.DELETE)
        closure.status = ClosureStatus.WITHDRAWN
        closure.decided_by = user
        closure.decided_at = timezone.now()
        closure.save(update_fields=["status", "decided_by", "decided_at"])
        log(
            closure.case,
            "closure_withdrawn",
            _("Pedido de encerramento retirado"),
            user,
            organization,
        )
        audit.record("case.closure_withdrawn", closure.case, data={"request": closure.pk})
    return closure


def anonymize(case_ids):
    """cases.anonymize's hook: the notes written in closure requests go with the narratives."""
    ClosureRequest.objects.filter(case_id__in=list(case_ids)).update(note="", decision_reason="")


def approvals_section(user):
    """The coordinator's closures to review, on the approvals page (core.approvals)."""
    from serdh.core.approvals import Section

    if not access.actor_for(user).has_role(Role.COORDINATOR):
        return None
    items = (
        ClosureRequest.objects.restrict(user, access.CHANGE)
        .filter(status=ClosureStatus.PENDING)
        .select_related("case", "requested_by", "reason")
        .order_by("requested_at")
    )
    return Section(
        title=_("Encerramentos de caso aguardando aprovação"),
        template="workflow/_closure_approvals.html",
        items=list(items),
    )
