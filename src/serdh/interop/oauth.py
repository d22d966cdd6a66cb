"""The OAuth2 token endpoint: client credentials grant only (RFC 6749 §4.4).

Client authentication by HTTP Basic (``client_secret_basic``) or in the form body
(``client_secret_post``). Errors follow §5.2 (``{"error": ..., "error_description": ...}``).
"""

import base64
import binascii
from urllib.parse import unquote_plus

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from serdh.core import throttle

from . import clients


def _error(error, description, status=400):
    response = JsonResponse({"error": error, "error_description": str(description)}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="serdh"'
    response["Cache-Control"] = "no-store"
    return response


def _credentials(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        client_id, _sep, secret = decoded.partition(":")
        # RFC 6749 §2.3.1: both are form-urlencoded before Basic encoding.
        return unquote_plus(client_id), unquote_plus(secret)
    return request.POST.get("client_id"), request.POST.get("client_secret")


# Failed client authentications allowed per window before the endpoint answers 429: per
# client id and address (a brute force on one client), and per address (across client ids).
FAILURE_WINDOW = 600
FAILURES_PER_CLIENT = 10
FAILURES_PER_ADDRESS = 50


def _throttled(client_id, ip):
    return (
        throttle.count("oauth-client", f"{client_id}|{ip}", FAILURE_WINDOW) >= FAILURES_PER_CLIENT
        or throttle.count("oauth-ip", ip, FAILURE_WINDOW) >= FAILURES_PER_ADDRESS
    )


def _failed(client_id, ip):
    throttle.hit("oauth-client", f"{client_id}|{ip}", FAILURE_WINDOW)
    throttle.hit("oauth-ip", ip, FAILURE_WINDOW)


@csrf_exempt
@require_POST
def token(request):
    if request.content_type != "application/x-www-form-urlencoded":
        return _error("invalid_request", "Envie application/x-www-form-urlencoded.")
    # RFC 6749 §3.2: parameters must not be included more than once.
    repeated = sorted(k for k in request.POST if len(request.POST.getlist(k)) > 1)
    if repeated:
        return _error("invalid_request", f"Parâmetro repetido: {', '.join(repeated)}.")
    grant_type = request.POST.get("grant_type")
    if not grant_type:
        return _error("invalid_request", "Falta o parâmetro grant_type.")
    if grant_type != "client_credentials":
        return _error(
            "unsupported_grant_type", "Só o fluxo client_credentials é aceito.", status=400
        )
    # RFC 6749 §2.3: a client uses one authentication method per request.
    basic = request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("basic ")
    if basic and ("client_secret" in request.POST or "client_id" in request.POST):
        return _error(
            "invalid_request",
            "Use um só método de autenticação do cliente: HTTP Basic ou o corpo do formulário.",
        )
    client_id, secret = _credentials(request)
    ip = request.META.get("REMOTE_ADDR", "")
    request.serdh_client_id = (client_id or "")[:40]
    if _throttled(client_id or "", ip):
        response = _error(
            "invalid_client",
            "Muitas tentativas com credenciais inválidas; aguarde antes de tentar de novo.",
            status=429,
        )
        response["Retry-After"] = str(throttle.retry_after(FAILURE_WINDOW))
        return response
    client = clients.authenticate_client(client_id or "", secret or "")
    if client is None:
        _failed(client_id or "", ip)
        return _error("invalid_client", "Credenciais do sistema inválidas ou suspensas.", 401)
    try:
        raw, row = clients.issue_token(client, request.POST.get("scope", ""))
    except clients.TokenError as exc:
        return _error(exc.error, exc.description, exc.status)
    response = JsonResponse(
        {
            "access_token": raw,
            "token_type": "Bearer",
            "expires_in": int((row.expires_at - row.issued_at).total_seconds()),
            "scope": row.scopes,
        }
    )
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response
