"""How a service organizes its caseload (TeamSettings), under the two-person rule.

Narrowing applies at once: each worker back to their own cases and the unassigned ones.
Opening every case of the service to the whole team is a new path to case content, so the
coordinator's choice waits for a second person: another coordinator of the service or the
municipal manager of its municipality (the service's chain of command), never the one who
asked. The request, the decision and the opening itself are flagged for the auditor.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.models import Membership
from serdh.cases.acting import acting_organization
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role

from . import notifications
from .choices import NotificationKind
from .models import TeamSettings


def current(organization):
    return TeamSettings.objects.filter(organization=organization).first()


def approvers(settings_row):
    organization = settings_row.organization
    found = Membership.objects.filter(is_active=True, user__is_active=True).filter(
        organization=organization, role=Role.COORDINATOR
    ) | Membership.objects.filter(
        is_active=True,
        user__is_active=True,
        role=Role.MUNICIPAL_MANAGER,
        organization__municipality_id=organization.municipality_id,
    )
    return [
        m.user
        for m in found.exclude(user_id=settings_row.open_requested_by_id).select_related("user")
    ]


def save(user, *, everyone_sees_all, plan_review_days):
    """The coordinator's settings. Returns (settings, waiting): ``waiting`` when opening the
    cases to the whole team now waits for a second person."""
    with transaction.atomic():
        organization = acting_organization(user)
        if not access.actor_for(user).has_role(Role.COORDINATOR):
            raise NotPermitted(_("Só a coordenação do serviço organiza a equipe."))
        row, _new = TeamSettings.objects.select_for_update().get_or_create(
            organization=organization
        )
        row.plan_review_days = plan_review_days
        row.updated_by = user
        waiting = False
        if everyone_sees_all and not row.everyone_sees_all:
            if row.open_requested_by_id is None:
                row.open_requested_by = user
                row.open_requested_at = timezone.now()
                notifications.notify_all(
                    approvers(row),
                    NotificationKind.APPROVAL_WAITING,
                    _("Um pedido de organização da equipe aguarda a sua aprovação."),
                    reverse("web:approvals"),
                    dedupe_key=f"team-open:{row.pk}:{row.open_requested_at.timestamp():.0f}",
                )
                audit.record(
                    "team.open_requested", organization, data={"settings": row.pk}, flagged=True
                )
            waiting = True
        elif not everyone_sees_all:
            row.everyone_sees_all = False
            row.open_requested_by = row.open_requested_at = row.open_approved_by = None
        row.save()
        audit.record(
            "team.settings_changed",
            organization,
            data={
                "everyone_sees_all": row.everyone_sees_all,
                "waiting": waiting,
                "plan_review_days": plan_review_days,
            },
        )
    return row, waiting


def decide(user, settings_row, *, approve, reason=""):
    reason = (reason or "").strip()
    if not approve and len(reason) < 5:
        raise ServiceError(_("Diga em poucas palavras por que recusa o pedido."), field="reason")
    with transaction.atomic():
        row = (
            TeamSettings.objects.restrict(user, "approve")
            .select_for_update()
            .filter(pk=settings_row.pk, open_requested_by__isnull=False)
            .first()
        )
        if row is None:
            raise NotPermitted(_("Este pedido não está entre os que você pode decidir."))
        if row.open_requested_by_id == user.pk:
            raise NotPermitted(_("Quem pede não aprova o próprio pedido."))
        requester = row.open_requested_by
        if approve:
            row.everyone_sees_all = True
            row.open_approved_by = user
        row.open_requested_by = row.open_requested_at = None
        row.save()
        audit.record(
            "team.open_approved" if approve else "team.open_refused",
            row.organization,
            data={"settings": row.pk, "requested_by": requester.pk, "reason": reason[:300]},
            flagged=approve,
        )
        notifications.notify(
            requester,
            NotificationKind.APPROVAL_WAITING,
            _("O seu pedido de organização da equipe foi decidido."),
            reverse("workflow:supervision"),
            dedupe_key=f"team-open-decided:{row.pk}:{timezone.now().timestamp():.0f}",
        )
    return row


def approvals_section(user):
    """Requests to open a service's cases to its whole team, on the approvals page."""
    from serdh.core.approvals import Section

    if not access.actor_for(user).has_role(Role.COORDINATOR, Role.MUNICIPAL_MANAGER):
        return None
    items = (
        TeamSettings.objects.restrict(user, "approve")
        .filter(open_requested_by__isnull=False)
        .exclude(open_requested_by=user)
        .select_related("organization", "open_requested_by")
    )
    return Section(
        title=_("Abrir todos os casos do serviço a toda a equipe"),
        template="workflow/_team_open_approvals.html",
        items=list(items),
    )
