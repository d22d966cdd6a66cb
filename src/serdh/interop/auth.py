"""DRF glue for system clients: bearer-token authentication, scopes, per-client rate limits.

A system client acts as its service user, so every queryset still comes from
``restrict(user, action)``; its token's scopes then narrow which endpoints it may call.
"""

from django.core.cache import cache
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from serdh.core.middleware import bind_actor

from . import clients
from .models import AccessToken, Scope


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != self.keyword:
            return None
        row = clients.token_for(raw.strip())
        if row is None:
            # RFC 6750 §3.1: say which error in the challenge (authenticate_header).
            request._request.serdh_bearer_error = "invalid_token"
            raise exceptions.AuthenticationFailed(_("Token inválido, expirado ou revogado."))
        user = row.client.service_user
        request._request.serdh_client_id = row.client.client_id
        bind_actor(request._request, user, row.client.organization_id, channel="api")
        return user, row

    def authenticate_header(self, request):
        """The challenge of a 401 (RFC 6750 §3): with ``error="invalid_token"`` when a token
        was sent and refused, bare when none was sent."""
        if getattr(request._request, "serdh_bearer_error", None):
            # The description is ASCII: RFC 6750 §3 allows no other characters there.
            return (
                'Bearer realm="serdh", error="invalid_token", '
                'error_description="token invalido, expirado ou revogado"'
            )
        return 'Bearer realm="serdh"'


def required_scope(request, view):
    """``<resource>:read`` for safe methods, ``<resource>:write`` otherwise; a view may name
    another resource per action in ``scope_resources``."""
    action = getattr(view, "action", None)
    resource = getattr(view, "scope_resources", {}).get(action) or getattr(
        view, "scope_resource", None
    )
    if resource is None:
        return None
    verb = "read" if request.method in permissions.SAFE_METHODS else "write"
    return f"{resource}:{verb}"


class HasScope(permissions.BasePermission):
    """Token requests need the scope of the endpoint; a view without one refuses tokens
    (fail closed). Session requests are governed by the role alone."""

    message = _("O token não tem o escopo necessário para esta operação.")

    def has_permission(self, request, view):
        if not isinstance(request.auth, AccessToken):
            return True
        needed = required_scope(request, view)
        # The token's scopes, within what the client holds now.
        granted = set(request.auth.scopes.split()) & set(request.auth.client.scope_list)
        if needed is None or needed not in granted:
            self.message = _("O token não tem o escopo necessário (%(s)s).") % {"s": needed or "—"}
            # RFC 6750 §3.1: the 403 names the scope it lacked (core.api.problem_handler).
            request._request.serdh_insufficient_scope = needed or ""
            return False
        return True


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """Requests per minute per system client (``SystemClient.rate_limit``); sessions are not
    throttled here (people are limited by the login lockout)."""

    cache = cache
    scope = "client"

    def get_rate(self):
        return None

    def allow_request(self, request, view):
        if not isinstance(request.auth, AccessToken):
            return True
        client = request.auth.client
        self.rate = f"{client.rate_limit}/min"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return f"throttle_client_{request.auth.client.client_id}"


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme: OAuth2 client credentials with SER-DH's scopes."""

    target_class = BearerTokenAuthentication
    name = "oauth2"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": "Sistemas clientes: fluxo client credentials (docs/api.md).",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/oauth/token/",
                    "scopes": {value: str(label) for value, label in Scope.choices},
                }
            },
        }
