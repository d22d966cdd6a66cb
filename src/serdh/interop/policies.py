"""Who sees and manages system clients, webhooks and the message log (see core.access).

Clients and webhook endpoints are managed by whoever manages their organization (state admin,
or the municipal admin for municipal services); the auditor reads everything, changes nothing.
Tokens and the chain head are read only by the kernel code that owns them.
"""

from django.db.models import Q

from serdh.core import access
from serdh.core.roles import Role
from serdh.network.models import Organization

# A coordinator of a client's organization is the approver's side (interop.approvals):
# APPROVE decides a request for case or person scopes; DELIVER issues the secret of a client
# that reaches case data (the admin who configures it never sees that secret).
APPROVE = "approve"
DELIVER = "deliver"


def _managed_orgs(actor):
    return access.restrict(Organization.objects.all(), actor, access.CHANGE)


def _by_organization(actor, action, qs, prefix=""):
    if actor.is_anonymous:
        return None
    if action == access.VIEW and actor.has_role(Role.AUDITOR):
        return qs.filter(**{f"{prefix}organization__municipality__state__uf": actor.state_code})
    if action in (access.VIEW, access.ADD, access.CHANGE) and actor.has_role(
        Role.STATE_ADMIN, Role.MUNICIPAL_ADMIN
    ):
        return qs.filter(**{f"{prefix}organization__in": _managed_orgs(actor)})
    return None


@access.register_policy("interop.SystemClient")
def system_client_policy(actor, action, qs):
    if actor.has_role(Role.COORDINATOR):
        own = qs.filter(organization_id=actor.organization_id)
        if action == access.VIEW:
            return own
        if action == APPROVE:
            return own.exclude(pending_scopes="").exclude(approval_requested_by_id=actor.user_id)
        if action == DELIVER:
            return own
        return None
    return _by_organization(actor, action, qs)


@access.register_policy("interop.SecretHandoff")
def secret_handoff_policy(actor, action, qs):
    # A handoff is collected by its designee alone (and never by whoever asked for the client).
    if action == access.VIEW and not actor.is_anonymous:
        return qs.filter(designee_id=actor.user_id).exclude(
            Q(client__approval_requested_by_id=actor.user_id)
        )
    return None


@access.register_policy("interop.WebhookEndpoint")
def webhook_endpoint_policy(actor, action, qs):
    return _by_organization(actor, action, qs)


@access.register_policy("interop.Delivery")
def delivery_policy(actor, action, qs):
    # Replaying a dead delivery is a change of the endpoint's.
    return _by_organization(actor, action, qs, prefix="endpoint__")


@access.register_policy("interop.OutboxEvent")
def outbox_event_policy(actor, action, qs):
    if action == access.VIEW and actor.has_role(Role.AUDITOR):
        return qs
    return None


@access.register_policy("interop.MessageLogEntry")
def message_log_policy(actor, action, qs):
    if action == access.VIEW and actor.has_role(Role.AUDITOR):
        return qs
    return None


@access.register_policy("interop.AccessToken")
def access_token_policy(actor, action, qs):
    return None  # read by interop.auth only


@access.register_policy("interop.MessageLogHead")
def message_log_head_policy(actor, action, qs):
    return None  # read by core.chain only
