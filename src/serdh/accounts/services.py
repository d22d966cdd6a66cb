"""Users and memberships: create, grant, revoke, change. Access re-checked in the transaction."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.core import access, audit
from serdh.core.crypto import blind_index, normalize_identifier
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.identifiers import is_valid_cpf
from serdh.core.roles import CASE_CONTENT_ROLES, MUNICIPAL_GRANTABLE, STATE_ROLES, Role

from .models import Approval, Membership, User

SELF_GRANT = _("Ninguém concede, aprova ou altera vínculos da própria conta.")


def may_grant(actor_user, organization, role):
    """May this actor give ``role`` in ``organization``?"""
    actor = access.actor_for(actor_user)
    state_org = organization.level == "state"
    if role in STATE_ROLES and not state_org:
        return False
    if actor.has_role(Role.STATE_ADMIN):
        return organization.municipality.state.uf == actor.state_code
    if actor.has_role(Role.MUNICIPAL_ADMIN):
        return (
            role in MUNICIPAL_GRANTABLE
            and not state_org
            and organization.municipality_id == actor.municipality_id
        )
    return False


def grantable_roles(actor_user):
    actor = access.actor_for(actor_user)
    if actor.has_role(Role.STATE_ADMIN):
        return list(Role)
    if actor.has_role(Role.MUNICIPAL_ADMIN):
        return [r for r in Role if r in MUNICIPAL_GRANTABLE]
    return []


def _check_cpf(cpf, exclude_pk=None):
    if not cpf:
        return "", ""
    if not is_valid_cpf(cpf):
        raise ServiceError(_("CPF inválido: confira os 11 dígitos."), field="cpf")
    digits = normalize_identifier(cpf)
    index = blind_index(digits, "cpf")
    clash = User.objects.filter(cpf_index=index).exclude(pk=exclude_pk).exists()
    if clash:
        raise ServiceError(_("Já existe uma conta com este CPF."), field="cpf")
    return digits, index


def create_user(
    actor_user, *, username, full_name, email, password, organization, role, social_name="", cpf=""
):
    with transaction.atomic():
        if not may_grant(actor_user, organization, role):
            raise NotPermitted(_("Você não pode conceder este papel nesta organização."))
        username = username.strip().lower()
        if User.objects.filter(username__iexact=username).exists():
            raise ServiceError(_("Este nome de usuário já está em uso."), field="username")
        cpf_digits, cpf_index = _check_cpf(cpf)
        user = User(
            username=username,
            full_name=full_name.strip(),
            social_name=social_name.strip(),
            email=email.strip().lower(),
            cpf=cpf_digits,
            cpf_index=cpf_index,
        )
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ServiceError(" ".join(exc.messages), field="password") from exc
        user.set_password(password)
        user.save()
        audit.record("user.created", user, data={"username": user.username})
        _open_membership(actor_user, Membership(user=user, organization=organization, role=role))
    return user


def _open_membership(actor_user, membership):
    """Save a granted membership: usable now, or (a role that reaches case content) waiting
    for a second person's approval. Either way an audit event names the grantor."""
    needs_approval = membership.role in CASE_CONTENT_ROLES
    membership.granted_by = actor_user
    membership.granted_at = timezone.now()
    membership.is_active = not needs_approval
    membership.approval = Approval.PENDING if needs_approval else Approval.NOT_REQUIRED
    membership.decided_by = None
    membership.decided_at = None
    membership.decision_note = ""
    membership.save()
    audit.record(
        "membership.requested" if needs_approval else "membership.granted",
        membership,
        flagged=needs_approval,
        data={
            "user": membership.user_id,
            "organization": membership.organization_id,
            "role": membership.role,
            "granted_by": actor_user.pk,
        },
    )
    return membership


def grant_membership(actor_user, user, organization, role):
    if user.is_system:
        raise ServiceError(
            _("Contas de sistema têm um só vínculo, gerido na página do sistema integrado.")
        )
    if user.pk == actor_user.pk:
        raise NotPermitted(SELF_GRANT)
    with transaction.atomic():
        if not may_grant(actor_user, organization, role):
            raise NotPermitted(_("Você não pode conceder este papel nesta organização."))
        membership = (
            Membership.objects.select_for_update()
            .filter(user=user, organization=organization, role=role)
            .first()
        )
        if membership is not None and membership.is_active:
            raise ServiceError(_("Este vínculo já existe."))
        if membership is not None and membership.is_pending:
            raise ServiceError(_("Este vínculo já aguarda aprovação."))
        membership = _open_membership(
            actor_user,
            membership or Membership(user=user, organization=organization, role=role),
        )
    return membership


def revoke_membership(actor_user, membership):
    with transaction.atomic():
        membership = (
            Membership.objects.restrict(actor_user, access.CHANGE)
            .select_for_update()
            .filter(pk=membership.pk)
            .first()
        )
        if membership is None:
            raise NotPermitted(_("Você não tem permissão para esta ação."))
        if membership.user_id == actor_user.pk:
            raise ServiceError(_("Você não pode revogar o seu próprio vínculo."))
        # Revoking a request still waiting for approval withdraws it.
        withdrawn = membership.is_pending
        membership.is_active = False
        if withdrawn:
            membership.approval = Approval.CANCELLED
        membership.save(update_fields=["is_active", "approval", "updated_at"])
        audit.record(
            "membership.withdrawn" if withdrawn else "membership.revoked",
            membership,
            flagged=withdrawn,
            data={
                "user": membership.user_id,
                "organization": membership.organization_id,
                "role": membership.role,
            },
        )
    return membership


USER_FIELDS = ("full_name", "social_name", "email", "is_active")


def update_user(actor_user, user, data):
    with transaction.atomic():
        user = (
            User.objects.restrict(actor_user, access.CHANGE)
            .select_for_update()
            .filter(pk=user.pk)
            .first()
        )
        if user is None:
            raise NotPermitted(_("Você não tem permissão para esta ação."))
        changed = {}
        for key in USER_FIELDS:
            if key in data and getattr(user, key) != data[key]:
                changed[key] = True if key != "is_active" else data[key]
                setattr(user, key, data[key])
        if "cpf" in data:
            digits, index = _check_cpf(data["cpf"], exclude_pk=user.pk)
            if index != user.cpf_index:
                user.cpf, user.cpf_index = digits, index
                changed["cpf"] = True
        user.save()
        ended = 0
        if changed.get("is_active") is False:
            # A deactivated account keeps no session open (ASVS 7.4.2).
            from .sessions import end_sessions

            ended = end_sessions(user)
        # Names and identifiers are personal data: the audit keeps which fields changed only.
        audit.record(
            "user.updated",
            user,
            data={"changed": sorted(changed), **({"sessions_ended": ended} if ended else {})},
        )
    return user


def record_user_viewed(user):
    """The account page shows personal data (CPF): its reading is an audit event."""
    with transaction.atomic():
        audit.record("user.viewed", user)


def record_login(user, organization_id, *, factor=""):
    """``factor``: the second factor's device class that verified the sign-in, if any."""
    with transaction.atomic():
        audit.record(
            "auth.login",
            user,
            actor=user,
            organization_id=organization_id,
            data={"second_factor": factor} if factor else None,
        )


def password_changed(user, *, keep=None):
    """After a password change: every other session of the user ends; an audit event."""
    from . import sessions

    with transaction.atomic():
        ended = sessions.end_sessions(user, keep=keep)
        audit.record("auth.password_changed", user, actor=user, data={"sessions_ended": ended})
    return ended


def record_logout(user):
    with transaction.atomic():
        audit.record("auth.logout", user, actor=user)


def record_login_failure(username):
    """Name the targeted account when it exists; never store what was typed (it may be a
    mistyped password)."""
    target = User.objects.filter(username__iexact=(username or "").strip()).first()
    with transaction.atomic():
        audit.record("auth.login_failed", target)
