"""The second person of the two-person rule for memberships (DESIGN.md, "Separation of duties").

An admin grants a role that reaches case content (``CASE_CONTENT_ROLES``); the membership stays
inactive until someone else approves it:

- a casework role (worker, coordinator): an active coordinator of the receiving organization,
  or a state admin of the state;
- a manager role: a state admin of the state;

and in every case neither the grantor nor the grantee. Requests, approvals and refusals are
flagged audit events naming the grantor and the approver, listed on the auditor's review page.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role

from .models import Approval, Membership
from .policies import APPROVE

APPROVER_ROLES = (Role.COORDINATOR, Role.STATE_ADMIN)


def pending_for(user):
    """The requests this user may decide now, oldest first."""
    return (
        Membership.objects.restrict(user, APPROVE)
        .select_related("user", "organization__municipality", "granted_by")
        .order_by("granted_at", "pk")
    )


def _decide(user, membership, outcome, note):
    with transaction.atomic():
        locked = (
            Membership.objects.restrict(user, APPROVE)
            .select_for_update()
            .filter(pk=membership.pk)
            .first()
        )
        if locked is None:
            # Someone else decided it meanwhile, or this user may not (grantor, grantee,
            # another organization): the same answer, nothing changes.
            raise NotPermitted(_("Este pedido não está entre os que você pode decidir."))
        locked.approval = outcome
        locked.is_active = outcome == Approval.APPROVED
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.decision_note = note
        locked.save()
        audit.record(
            f"membership.{outcome}",
            locked,
            flagged=True,
            reason=note,
            organization_id=access.actor_for(user).organization_id,
            data={
                "user": locked.user_id,
                "organization": locked.organization_id,
                "role": locked.role,
                "granted_by": locked.granted_by_id,
                "decided_by": user.pk,
            },
        )
    return locked


def approve_membership(user, membership):
    return _decide(user, membership, Approval.APPROVED, "")


def refuse_membership(user, membership, *, reason):
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ServiceError(_("Diga em poucas palavras por que recusa o pedido."), field="reason")
    return _decide(user, membership, Approval.REFUSED, reason[:300])


def approvals_section(user):
    """The memberships section of the approvals page (registered in apps.py)."""
    from serdh.core.approvals import Section

    actor = access.actor_for(user)
    if not actor.has_role(*APPROVER_ROLES):
        return None
    return Section(
        title=_("Vínculos com acesso a casos"),
        template="accounts/_membership_approvals.html",
        items=list(pending_for(user)),
    )


def review_section(user):
    """The auditor's view of memberships under the two-person rule: pending and decided."""
    from serdh.core.approvals import Section

    if not access.actor_for(user).has_role(Role.AUDITOR):
        return None
    rows = (
        Membership.objects.restrict(user)
        .exclude(approval=Approval.NOT_REQUIRED)
        .select_related("user", "organization__municipality", "granted_by", "decided_by")
        .order_by("-updated_at")[:100]
    )
    return Section(
        title=_("Vínculos com acesso a casos: pedidos e decisões"),
        template="accounts/_membership_review.html",
        items=list(rows),
    )
