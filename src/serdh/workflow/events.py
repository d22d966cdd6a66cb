"""Notifications for the referral changes that cases records (an audit listener: cases does not
know workflow). In the change's transaction: if it rolls back, nobody is told."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serdh.accounts.models import Membership
from serdh.core.roles import CASEWORK_ROLES

from . import notifications
from .choices import NotificationKind

ANSWERS = {
    "referral.accepted": gettext_lazy("Um encaminhamento enviado pelo seu serviço foi aceito."),
    "referral.declined": gettext_lazy("Um encaminhamento enviado pelo seu serviço foi recusado."),
    "referral.completed": gettext_lazy("Um encaminhamento enviado pelo seu serviço foi concluído."),
}


def team_users(organization_id):
    return [
        m.user
        for m in Membership.objects.filter(
            organization_id=organization_id,
            role__in=list(CASEWORK_ROLES),
            is_active=True,
            user__is_active=True,
        ).select_related("user")
    ]


def _approvers(membership):
    """Who may decide a membership under the two-person rule (accounts.policies): the
    coordinators of the service for casework roles, else the state admins of the state;
    never the grantor nor the grantee."""
    from serdh.core.roles import Role

    if membership.role in CASEWORK_ROLES:
        found = Membership.objects.filter(
            organization_id=membership.organization_id, role=Role.COORDINATOR
        )
    else:
        found = Membership.objects.filter(
            role=Role.STATE_ADMIN,
            organization__municipality__state_id=membership.organization.municipality.state_id,
        )
    return [
        m.user
        for m in found.filter(is_active=True, user__is_active=True)
        .exclude(user_id__in=[membership.user_id, membership.granted_by_id])
        .select_related("user")
    ]


def on_audit_event(audit_event, obj):
    from serdh.accounts.models import Membership as MembershipModel
    from serdh.cases.models import CaseTransfer, Referral

    if audit_event.action == "membership.requested" and isinstance(obj, MembershipModel):
        notifications.notify_all(
            _approvers(obj),
            NotificationKind.APPROVAL_WAITING,
            _("Um vínculo aguarda a sua aprovação."),
            reverse("web:approvals"),
            dedupe_key=f"membership:{obj.pk}:{audit_event.seq}",
        )
        return

    if isinstance(obj, CaseTransfer):
        on_transfer_event(audit_event.action, obj)
        return
    if not isinstance(obj, Referral):
        return
    link = reverse("cases:referral_detail", args=[obj.pk])
    if audit_event.action == "referral.sent":
        # Everyone of the receiving service: nobody there is responsible for it yet.
        message = (
            _("Um encaminhamento de urgência crítica chegou para o seu serviço.")
            if obj.urgency == "critical"
            else _("Um encaminhamento chegou para o seu serviço.")
        )
        notifications.notify_all(
            team_users(obj.to_organization_id),
            NotificationKind.REFERRAL_RECEIVED,
            message,
            link,
            dedupe_key=f"referral-sent:{obj.pk}",
        )
    elif audit_event.action in ANSWERS:
        notifications.notify(
            obj.sent_by,
            NotificationKind.REFERRAL_ANSWERED,
            ANSWERS[audit_event.action],
            link,
            dedupe_key=f"{audit_event.action}:{obj.pk}",
        )


def on_transfer_event(action, transfer):
    """A transfer asked: those who decide in the receiving service (its coordinators, or its
    whole team without one) are told; decided: the one who asked is told. Accepted: the former
    owner's work on the case stops (workflow.handover)."""
    from serdh.cases.transfers import has_coordinator

    from . import handover
    from .closure import coordinators

    link = reverse("cases:transfer_detail", args=[transfer.pk])
    if action == "case.transfer_requested":
        to_id = transfer.to_organization_id
        deciders = (
            coordinators(transfer.to_organization) if has_coordinator(to_id) else team_users(to_id)
        )
        notifications.notify_all(
            deciders,
            NotificationKind.TRANSFER_REQUESTED,
            _("Um pedido de transferência de caso aguarda o seu serviço."),
            link,
            dedupe_key=f"transfer:{transfer.pk}",
        )
    elif action in ("case.transferred", "case.transfer_refused"):
        notifications.notify(
            transfer.requested_by,
            NotificationKind.TRANSFER_DECIDED,
            _("O seu pedido de transferência de caso foi decidido."),
            link,
            dedupe_key=f"transfer-decided:{transfer.pk}",
        )
        if action == "case.transferred":
            handover.former_owner_steps_back(transfer)
