"""The approver's side of system clients that reach case or person data.

An admin registers a client (or widens its scopes) with a case or person scope; it waits for a
coordinator of the client's organization, who is not the one who asked. On approval the client
gets its scopes and a *new* secret, which reaches only the approver's side: shown once to the
approver, or collected once by a person the approver designates, through a one-time link that
expires (``HANDOFF_HOURS``). The previous secret, which the admin may know, stops at once.
Requests, approvals, refusals and collections are flagged audit events for the auditor.
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.models import Membership, User
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role

from . import clients
from .models import CASE_SCOPES, ClientStatus, SecretHandoff, SystemClient
from .policies import APPROVE

HANDOFF_HOURS = 24
HANDOFF_PREFIX = "sho_"


def pending_for(user):
    return (
        SystemClient.objects.restrict(user, APPROVE)
        .select_related("organization__municipality", "approval_requested_by")
        .order_by("approval_requested_at", "pk")
    )


def _designee(username, client):
    """The person who will collect the secret: an active, non-system account with an active
    membership, never the admin who asked for the client."""
    username = (username or "").strip().lower()
    if not username:
        return None
    active = Membership.objects.filter(
        user_id=OuterRef("pk"), is_active=True, organization__is_active=True
    )
    user = (
        User.objects.filter(username__iexact=username, is_active=True, is_system=False)
        .filter(Exists(active))
        .first()
    )
    if user is None:
        raise ServiceError(_("Não há conta ativa com este usuário."), field="designee")
    if user.pk == client.approval_requested_by_id:
        raise ServiceError(_("O segredo não pode ir para quem pediu o sistema."), field="designee")
    return user


def _deliver(user, client, designee):
    """Issue the secret to the approver (returned) or a one-time link for the designee."""
    clients.revoke_previous(client)
    if designee is None:
        secret = clients.new_secret()
        client.secret_hash = clients.digest(secret)
        client.secret_rotated_at = timezone.now()
        client.save()
        return secret, None
    raw = HANDOFF_PREFIX + secrets.token_urlsafe(32)
    client.secret_hash = ""  # nothing works until the designee collects the new secret
    client.save()
    handoff = SecretHandoff.objects.create(
        client=client,
        designee=designee,
        created_by=user,
        token_hash=clients.digest(raw),
        expires_at=timezone.now() + timedelta(hours=HANDOFF_HOURS),
    )
    return None, (handoff, raw)


def _lock_request(user, client):
    """The pending request, locked, if this user may decide it (re-checked in the
    transaction: decided meanwhile, or not this user's to decide, is the same refusal)."""
    locked = (
        SystemClient.objects.restrict(user, APPROVE)
        .select_for_update()
        .filter(pk=client.pk)
        .first()
    )
    if locked is None:
        raise NotPermitted(_("Este pedido não está entre os que você pode decidir."))
    return locked


def approve_client(user, client, *, designee_username=""):
    """Returns (secret, handoff): one of them is None."""
    with transaction.atomic():
        locked = _lock_request(user, client)
        designee = _designee(designee_username, locked)
        now = timezone.now()
        locked.scopes = locked.pending_scopes
        locked.pending_scopes = ""
        locked.approved_by = user
        locked.approved_at = now
        locked.approval_note = ""
        if locked.status in (ClientStatus.PENDING, ClientStatus.REFUSED):
            locked.status = ClientStatus.ACTIVE
        Membership.objects.filter(user=locked.service_user).update(
            is_active=locked.status == ClientStatus.ACTIVE,
            approval="approved",
            decided_by=user,
            decided_at=now,
        )
        secret, handoff = _deliver(user, locked, designee)
        audit.record(
            "api_client.approved",
            locked,
            flagged=True,
            organization_id=locked.organization_id,
            data={
                "client_id": locked.client_id,
                "scopes": locked.scopes,
                "requested_by": locked.approval_requested_by_id,
                "approved_by": user.pk,
                "designee": designee.pk if designee else None,
            },
        )
    return secret, handoff


def refuse_client(user, client, *, reason):
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ServiceError(_("Diga em poucas palavras por que recusa o pedido."), field="reason")
    with transaction.atomic():
        locked = _lock_request(user, client)
        refused_scopes = locked.pending_scopes
        locked.pending_scopes = ""
        locked.approval_note = reason[:300]
        locked.approved_by = user
        locked.approved_at = timezone.now()
        if locked.status == ClientStatus.PENDING:
            locked.status = ClientStatus.REFUSED
        locked.save()
        audit.record(
            "api_client.refused",
            locked,
            flagged=True,
            reason=reason,
            organization_id=locked.organization_id,
            data={
                "client_id": locked.client_id,
                "refused_scopes": refused_scopes,
                "requested_by": locked.approval_requested_by_id,
            },
        )
    return locked


def rotate_for_approver(user, client, *, grace_hours, designee_username=""):
    """The approver's side renews the secret of a client that reaches case data: shown to
    them, or collected by a designee (then without grace: the old one stops now)."""
    if not designee_username:
        return clients.rotate_secret(user, client, grace_hours=grace_hours), None
    with transaction.atomic():
        locked = clients.locked_for_delivery(user, client)
        designee = _designee(designee_username, locked)
        _secret, handoff = _deliver(user, locked, designee)
        audit.record(
            "api_client.secret_rotated",
            locked,
            flagged=True,
            organization_id=locked.organization_id,
            data={"grace_hours": 0, "designee": designee.pk},
        )
    return None, handoff


def collect(user, raw):
    """The designee opens the one-time link: a new secret, made now and shown once."""
    with transaction.atomic():
        handoff = (
            SecretHandoff.objects.restrict(user, access.VIEW)
            .select_for_update()
            .filter(
                token_hash=clients.digest(raw or ""),
                used_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .select_related("client")
            .first()
        )
        if handoff is None:
            return None, None
        client = handoff.client
        secret = clients.new_secret()
        SystemClient.objects.filter(pk=client.pk).update(
            secret_hash=clients.digest(secret), secret_rotated_at=timezone.now()
        )
        handoff.used_at = timezone.now()
        handoff.save(update_fields=["used_at"])
        audit.record(
            "api_client.secret_collected",
            client,
            flagged=True,
            organization_id=client.organization_id,
            data={"client_id": client.client_id, "handoff": handoff.pk},
        )
    return client, secret


def approvals_section(user):
    from serdh.core.approvals import Section

    if not access.actor_for(user).has_role(Role.COORDINATOR):
        return None
    return Section(
        title=_("Sistemas integrados com acesso a casos"),
        template="interop/_client_approvals.html",
        items=list(pending_for(user)),
    )


def review_section(user):
    """Every system client that holds or asks for case or person scopes, for the auditor."""
    from django.db.models import Q

    from serdh.core.approvals import Section

    if not access.actor_for(user).has_role(Role.AUDITOR):
        return None
    reaching = Q()
    for scope in sorted(CASE_SCOPES):
        reaching |= Q(scopes__contains=scope) | Q(pending_scopes__contains=scope)
    rows = (
        SystemClient.objects.restrict(user)
        .filter(reaching)
        .select_related("organization__municipality", "approval_requested_by", "approved_by")
        .order_by("status", "organization__name", "name")
    )
    return Section(
        title=_("Sistemas integrados com acesso a casos"),
        template="interop/_client_review.html",
        items=list(rows),
    )
