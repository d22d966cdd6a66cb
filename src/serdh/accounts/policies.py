"""Who sees and manages users and memberships (see core.access)."""

from django.db.models import Exists, OuterRef, Q

from serdh.core import access
from serdh.core.roles import CASEWORK_ROLES, Role

from .models import Approval, Membership

APPROVE = "approve"  # decide a membership waiting for approval (accounts.approvals)
RESET_APPROVE = "approve_reset"  # decide a second-factor reset (accounts.twofactor)


def _managed_orgs_q(actor, prefix="organization__"):
    """Organizations whose memberships the actor administers."""
    if actor.has_role(Role.STATE_ADMIN):
        return Q(**{f"{prefix}municipality__state__uf": actor.state_code})
    if actor.has_role(Role.MUNICIPAL_ADMIN):
        return Q(
            **{f"{prefix}municipality_id": actor.municipality_id, f"{prefix}level": "municipal"}
        )
    return None


@access.register_policy("accounts.Membership")
def membership_policy(actor, action, qs):
    if actor.is_anonymous:
        return None
    managed = _managed_orgs_q(actor)
    if action == access.VIEW:
        if actor.has_role(Role.AUDITOR):
            return qs.filter(organization__municipality__state__uf=actor.state_code)
        own = Q(user_id=actor.user_id)
        return qs.filter(own | managed if managed is not None else own)
    if action in (access.ADD, access.CHANGE, access.DELETE) and managed is not None:
        return qs.filter(managed).exclude(user__is_system=True)
    if action == APPROVE:
        return _approvable(actor, qs)
    return None


def _approvable(actor, qs):
    """Pending memberships the actor may decide: never one it granted or one of its own."""
    if actor.has_role(Role.COORDINATOR):
        qs = qs.filter(organization_id=actor.organization_id, role__in=CASEWORK_ROLES)
    elif actor.has_role(Role.STATE_ADMIN):
        qs = qs.filter(organization__municipality__state__uf=actor.state_code)
    else:
        return None
    return (
        qs.filter(approval=Approval.PENDING)
        .exclude(user_id=actor.user_id)
        .exclude(granted_by_id=actor.user_id)
        .exclude(user__is_system=True)
    )


@access.register_policy("accounts.User")
def user_policy(actor, action, qs):
    if actor.is_anonymous:
        return None
    managed = _managed_orgs_q(actor)
    in_scope = (
        Exists(Membership.objects.filter(managed, user_id=OuterRef("pk")))
        if managed is not None
        else None
    )
    if action == access.VIEW:
        if actor.has_role(Role.AUDITOR):
            return qs.filter(
                Exists(
                    Membership.objects.filter(
                        user_id=OuterRef("pk"),
                        organization__municipality__state__uf=actor.state_code,
                    )
                )
            )
        if in_scope is None:
            return qs.filter(pk=actor.user_id)
        return qs.filter(Q(pk=actor.user_id) | Q(in_scope))
    if action == access.CHANGE and in_scope is not None:
        # Change someone's identity only when all of their memberships are in the actor's
        # territory: a municipal admin cannot lock out another municipality's worker.
        outside = Exists(Membership.objects.filter(user_id=OuterRef("pk")).exclude(managed))
        return (
            qs.filter(in_scope).exclude(outside).exclude(pk=actor.user_id).exclude(is_system=True)
        )
    return None


@access.register_policy("accounts.SecondFactorReset")
def second_factor_reset_policy(actor, action, qs):
    """Resets are seen by their requester, the state's auditors and admins; decided by a
    coordinator of one of the user's services or a state admin, never by the requester or the
    user (accounts.twofactor)."""
    if actor.is_anonymous:
        return None
    in_state = Exists(
        Membership.objects.filter(
            user_id=OuterRef("user_id"), organization__municipality__state__uf=actor.state_code
        )
    )
    if action == access.VIEW:
        if actor.has_role(Role.AUDITOR, Role.STATE_ADMIN):
            return qs.filter(in_state)
        return qs.filter(requested_by_id=actor.user_id)
    if action == RESET_APPROVE:
        if actor.has_role(Role.COORDINATOR):
            qs = qs.filter(
                Exists(
                    Membership.objects.filter(
                        user_id=OuterRef("user_id"),
                        organization_id=actor.organization_id,
                        is_active=True,
                    )
                )
            )
        elif actor.has_role(Role.STATE_ADMIN):
            qs = qs.filter(in_state)
        else:
            return None
        return (
            qs.filter(status=Approval.PENDING)
            .exclude(user_id=actor.user_id)
            .exclude(requested_by_id=actor.user_id)
        )
    return None


@access.register_policy("accounts.UserSession")
def user_session_policy(actor, action, qs):
    """A user sees and ends their own sessions only; an admin ends another user's all at once
    through accounts.sessions.end_sessions (the user page), never one by one."""
    if actor.is_anonymous:
        return None
    if action in (access.VIEW, access.DELETE):
        return qs.filter(user_id=actor.user_id)
    return None
