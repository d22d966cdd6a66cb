import re

from django.conf import settings

from . import context

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")


class RequestContextMiddleware:
    """Opens a request context and echoes its id in the ``X-Request-ID`` response header.

    A well-formed incoming ``X-Request-ID`` (from a proxy or a calling system) is kept so a
    request can be followed across systems; anything else is replaced.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(settings.SERDH_REQUEST_ID_HEADER, "")
        request_id = incoming if _REQUEST_ID_RE.match(incoming) else context.new_request_id()
        request.request_id = request_id
        token = context.set_context(
            context.RequestContext(
                request_id=request_id,
                ip=request.META.get("REMOTE_ADDR", ""),
                channel="api" if request.path.startswith(("/api/", "/oauth/")) else "web",
                origin=_origin(request),
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset_context(token)
        response["X-Request-ID"] = request_id
        return response


def _origin(request):
    try:
        return f"{request.scheme}://{request.get_host()}"
    except Exception:  # a host outside ALLOWED_HOSTS: Django answers 400 further on
        return ""


def bind_actor(request, user, organization_id=None, channel=None):
    """Called once authentication is known (see accounts.middleware, interop.auth)."""
    ctx = context.current()
    context.set_context(
        context.RequestContext(
            request_id=ctx.request_id,
            actor_id=user.pk if user.is_authenticated else None,
            actor_label=user.get_username() if user.is_authenticated else "",
            organization_id=organization_id,
            ip=ctx.ip,
            channel=channel or ctx.channel,
            origin=ctx.origin,
        )
    )


# Pages under these prefixes show personal or case data to signed-in people: no browser,
# proxy or shared computer may keep a copy (issue 11).
PRIVATE_PREFIXES = ("/sima/", "/conta/", "/editorial/", "/api/", "/oauth/")


class PrivatePagesMiddleware:
    """``Cache-Control: no-store, private`` on every response under ``PRIVATE_PREFIXES``
    (a view that already says ``no-store`` keeps its own wording)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES):
            current = response.get("Cache-Control", "")
            if "no-store" not in current:
                response["Cache-Control"] = "no-store, private"
            elif "private" not in current and not request.path.startswith("/oauth/"):
                response["Cache-Control"] = current + ", private"
        return response


class RejectNulMiddleware:
    """A NUL byte in the query string is refused with 400 before any view: no page needs one,
    and PostgreSQL refuses it in a query (a 500 found by tests/test_fuzz_query.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists()):
            if request.path.startswith(("/api/", "/oauth/")):
                from django.http import JsonResponse

                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": "Requisição inválida",
                        "status": 400,
                        "detail": "A consulta contém um caractere nulo.",
                    },
                    status=400,
                    content_type="application/problem+json",
                )
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest(
                "Requisição inválida: a consulta contém um caractere nulo.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
