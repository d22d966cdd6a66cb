"""System clients: registration, suspension, secret rotation, and OAuth2 token issuance
(client credentials grant, RFC 6749 §4.4)."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serdh.accounts.models import Membership
from serdh.core import access, audit
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.roles import Role
from serdh.network.models import Organization

from .models import ALL_SCOPES, CASE_SCOPES, AccessToken, ClientStatus, SystemClient
from .policies import DELIVER

SECRET_PREFIX = "scs_"
TOKEN_PREFIX = "sat_"


def digest(value):
    return hashlib.sha256(value.encode()).hexdigest()


def new_secret():
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _clean_scopes(scopes):
    chosen = sorted({s for s in scopes if s})
    unknown = [s for s in chosen if s not in ALL_SCOPES]
    if unknown:
        raise ServiceError(_("Escopo desconhecido: %(s)s.") % {"s": ", ".join(unknown)})
    if not chosen:
        raise ServiceError(_("Escolha ao menos um escopo."), field="scopes")
    return " ".join(chosen)


def _request_approval(user, client, requested):
    """Case or person scopes wait for a coordinator of the client's organization."""
    client.pending_scopes = requested
    client.approval_requested_by = user
    client.approval_requested_at = timezone.now()
    client.approved_by = None
    client.approved_at = None
    client.approval_note = ""


def register_client(user, *, organization, name, scopes, rate_limit=120):
    """Register a system for ``organization``. Returns (client, secret): the secret is shown
    once and never stored in clear.

    A client that asks for a case or person scope is registered *pending*, without a secret
    (``secret`` is None): a coordinator of the organization approves it, and the secret goes to
    the approver's side only (interop.approvals), never to the admin who asked."""
    if not access.restrict(Organization.objects.all(), user, access.CHANGE).filter(
        pk=organization.pk
    ):
        raise NotPermitted(_("Você não administra esta organização."))
    requested = _clean_scopes(scopes)
    needs_approval = bool(CASE_SCOPES & set(requested.split()))
    secret = None if needs_approval else new_secret()
    with transaction.atomic():
        client_id = "serdh-" + secrets.token_hex(8)
        service_user = get_user_model().objects.create(
            username=f"sistema.{client_id}",
            full_name=name[:150],
            is_system=True,
        )
        service_user.set_unusable_password()
        service_user.save(update_fields=["password"])
        Membership.objects.create(
            user=service_user,
            organization=organization,
            role=Role.WORKER,
            granted_by=user,
            is_active=not needs_approval,
        )
        client = SystemClient(
            organization=organization,
            name=name.strip(),
            client_id=client_id,
            secret_hash=digest(secret) if secret else "",
            scopes=requested,
            rate_limit=rate_limit,
            service_user=service_user,
            created_by=user,
        )
        if needs_approval:
            client.status = ClientStatus.PENDING
            client.scopes = " ".join(sorted(set(requested.split()) - CASE_SCOPES))
            _request_approval(user, client, requested)
        client.save()
        audit.record(
            "api_client.registered",
            client,
            organization_id=organization.pk,
            flagged=needs_approval,
            data={
                "client_id": client_id,
                "scopes": client.scopes,
                "pending_scopes": client.pending_scopes,
                "rate_limit": rate_limit,
            },
        )
    return client, secret


def _locked(user, client, action=access.CHANGE):
    locked = (
        SystemClient.objects.restrict(user, action).select_for_update().filter(pk=client.pk).first()
    )
    if locked is None:
        raise NotPermitted(_("Você não administra este sistema."))
    return locked


def update_client(user, client, *, name, scopes, rate_limit):
    """Narrowing the scopes takes effect now; a case or person scope the client did not hold
    waits for a coordinator's approval (and its secret is then issued again, to the
    approver's side)."""
    requested = set(_clean_scopes(scopes).split())
    with transaction.atomic():
        client = _locked(user, client)
        held = set(client.scope_list)
        usable = requested & (held | (set(ALL_SCOPES) - CASE_SCOPES))
        client.name = name.strip()
        client.rate_limit = rate_limit
        client.scopes = " ".join(sorted(usable))
        asks = requested - usable
        if asks:
            _request_approval(user, client, " ".join(sorted(requested)))
        else:
            client.pending_scopes = ""  # a narrowing withdraws an earlier request
        client.save()
        # Tokens carry the scopes they were issued with: narrowing must take effect now.
        revoked = _revoke_tokens(client)
        audit.record(
            "api_client.updated",
            client,
            organization_id=client.organization_id,
            flagged=bool(asks),
            data={
                "scopes": client.scopes,
                "pending_scopes": client.pending_scopes,
                "rate_limit": rate_limit,
                "tokens_revoked": revoked,
            },
        )
    return client


def _revoke_tokens(client):
    return AccessToken.objects.filter(client=client, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def revoke_previous(client):
    """Before a new secret: the current and previous ones stop, and so do issued tokens."""
    client.previous_secret_hash = ""
    client.previous_valid_until = None
    return _revoke_tokens(client)


def locked_for_delivery(user, client):
    """Lock a client whose secret this user's side issues (inside a transaction)."""
    return _locked(user, client, DELIVER if client.reaches_cases else access.CHANGE)


def rotate_secret(user, client, *, grace_hours=0):
    """A new secret. With ``grace_hours`` the old one keeps working that long (so the other
    system can switch without downtime); with 0 it stops now and issued tokens are revoked
    (the answer to a leaked secret). Returns the new secret, shown once."""
    if grace_hours not in (0, 1, 24, 72):
        raise ServiceError(_("Período de transição inválido."), field="grace_hours")
    secret = new_secret()
    with transaction.atomic():
        # A client that reaches case data gets its secret from the approver's side (a
        # coordinator of its organization), never from the admin who configures it.
        client = locked_for_delivery(user, client)
        if client.status in (ClientStatus.PENDING, ClientStatus.REFUSED):
            raise ServiceError(_("Este sistema ainda não foi aprovado."))
        now = timezone.now()
        if grace_hours:
            client.previous_secret_hash = client.secret_hash
            client.previous_valid_until = now + timedelta(hours=grace_hours)
            revoked = 0
        else:
            client.previous_secret_hash = ""
            client.previous_valid_until = None
            revoked = _revoke_tokens(client)
        client.secret_hash = digest(secret)
        client.secret_rotated_at = now
        client.save()
        audit.record(
            "api_client.secret_rotated",
            client,
            organization_id=client.organization_id,
            data={"grace_hours": grace_hours, "tokens_revoked": revoked},
        )
    return secret


def set_status(user, client, status, *, reason=""):
    """Suspend (tokens revoked, new ones refused) or reactivate a client."""
    reason = (reason or "").strip()
    if status == ClientStatus.SUSPENDED and not reason:
        raise ServiceError(_("Informe o motivo da suspensão."), field="reason")
    if status not in (ClientStatus.ACTIVE, ClientStatus.SUSPENDED):
        raise ServiceError(_("Situação inválida."))
    with transaction.atomic():
        client = _locked(user, client)
        if client.status in (ClientStatus.PENDING, ClientStatus.REFUSED):
            # Only the approval makes a client usable.
            raise ServiceError(_("Este sistema aguarda a aprovação da coordenação."))
        if client.status == status:
            return client
        client.status = status
        client.status_reason = reason
        client.save(update_fields=["status", "status_reason"])
        revoked = _revoke_tokens(client) if status == ClientStatus.SUSPENDED else 0
        Membership.objects.filter(user=client.service_user).update(
            is_active=status == ClientStatus.ACTIVE
        )
        audit.record(
            f"api_client.{'suspended' if status == ClientStatus.SUSPENDED else 'reactivated'}",
            client,
            organization_id=client.organization_id,
            reason=reason,
            data={"tokens_revoked": revoked},
        )
    return client


# --- tokens ------------------------------------------------------------------------------


class TokenError(Exception):
    """An OAuth2 error response (RFC 6749 §5.2)."""

    def __init__(self, error, description, status=400):
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


def authenticate_client(client_id, secret):
    """The active client whose current (or still-valid previous) secret this is, else None.
    Compares digests in constant time."""
    client = (
        SystemClient.objects.select_related("organization", "service_user")
        .filter(client_id=client_id)
        .first()
    )
    if client is None or not secret or not client.secret_hash:
        return None
    given = digest(secret)
    ok = hmac.compare_digest(given, client.secret_hash)
    if not ok and client.previous_secret_hash and client.previous_valid_until:
        ok = client.previous_valid_until > timezone.now() and hmac.compare_digest(
            given, client.previous_secret_hash
        )
    if not ok or client.status != ClientStatus.ACTIVE:
        return None
    return client


def issue_token(client, requested_scope=""):
    """A bearer token for ``client`` with the requested scopes (all of its scopes if none
    were asked). Returns (token, access_token_row)."""
    allowed = set(client.scope_list)
    requested = set(requested_scope.split()) if requested_scope.strip() else allowed
    secret_hash = client.secret_hash
    if not requested <= allowed:
        raise TokenError(
            "invalid_scope",
            _("Escopos não concedidos a este sistema: %(s)s.")
            % {"s": " ".join(sorted(requested - allowed))},
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        # Serialized with rotation, suspension and scope changes (they lock the same row): a
        # token is never issued under a secret or scopes that were revoked meanwhile.
        locked = SystemClient.objects.select_for_update().filter(pk=client.pk).first()
        if (
            locked is None
            or locked.status != ClientStatus.ACTIVE
            or not requested <= set(locked.scope_list)
            or (locked.secret_hash != secret_hash and not locked.previous_secret_hash)
        ):
            raise TokenError("invalid_client", _("O sistema mudou; peça o token de novo."), 401)
        now = timezone.now()
        row = AccessToken.objects.create(
            client=locked,
            token_hash=digest(token),
            scopes=" ".join(sorted(requested)),
            issued_at=now,
            expires_at=now + timedelta(seconds=settings.SERDH_TOKEN_LIFETIME),
        )
        locked.last_token_at = now
        locked.save(update_fields=["last_token_at"])
    return token, row


def token_for(raw):
    """The live token row (with client and service user) for a bearer token, else None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    row = (
        AccessToken.objects.select_related("client__service_user", "client__organization")
        .filter(token_hash=digest(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if row is None or row.client.status != ClientStatus.ACTIVE:
        return None
    return row
