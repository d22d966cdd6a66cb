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
            )
        )
        try:
            response = self.get_response(request)
        finally:
            context.reset_context(token)
        response["X-Request-ID"] = request_id
        return response


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
        )
    )
