"""What every SER-DH API endpoint shares: errors as RFC 9457 problem details in Portuguese,
cursor pagination, and querysets that always come from restrict()."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler

from . import access, denials
from .errors import ServiceError

PROBLEM_TYPE = "https://serdh.invalid/problemas/"
PROBLEM_CONTENT_TYPE = "application/problem+json"

# Lazy: the title follows the language of the request, not of the import.
TITLES = {
    400: gettext_lazy("Requisição inválida"),
    401: gettext_lazy("Autenticação necessária"),
    403: gettext_lazy("Acesso não permitido"),
    404: gettext_lazy("Não encontrado"),
    405: gettext_lazy("Método não permitido"),
    409: gettext_lazy("Conflito"),
    412: gettext_lazy("A versão do recurso mudou"),
    415: gettext_lazy("Tipo de conteúdo não aceito"),
    422: gettext_lazy("Regra de negócio não atendida"),
    428: gettext_lazy("Pré-condição necessária"),
    429: gettext_lazy("Muitas requisições"),
}


def problem(status_code, detail, *, slug=None, errors=None, request=None):
    body = {
        "type": PROBLEM_TYPE + (slug or str(status_code)),
        "title": str(TITLES.get(status_code, _("Erro"))),
        "status": status_code,
        "detail": str(detail),
    }
    if request is not None:
        body["instance"] = request.get_full_path()
    if errors:
        body["errors"] = errors
    response = Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)
    return response


def _flatten(detail, prefix=""):
    """DRF's nested error dict as a list of {field, message}."""
    out = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out += _flatten(value, "" if key == "non_field_errors" else name)
    elif isinstance(detail, list):
        for item in detail:
            out += _flatten(item, prefix)
    else:
        out.append({"field": prefix or None, "message": str(detail)})
    return out


def _denied(context, status):
    """A denied API read is an audit event too (core.denials), like the web's."""
    view = context.get("view")
    kind = (getattr(view, "basename", None) or type(view).__name__) if view else "api"
    denials.record(f"api.{kind}", (context.get("kwargs") or {}).get("pk", ""), status=status)


def problem_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, ServiceError):
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else None
        return problem(422, exc.message, slug="regra", errors=errors, request=request)
    if isinstance(exc, Http404 | exceptions.NotFound):
        _denied(context, 404)
        return problem(404, _("Recurso não encontrado ou fora do seu acesso."), request=request)
    if isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        _denied(context, 403)
    if isinstance(exc, PermissionDenied) and not isinstance(exc, exceptions.APIException):
        return problem(
            403, str(exc) or _("Você não tem permissão para esta ação."), request=request
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return problem(
            400,
            _("Há campos inválidos; veja 'errors'."),
            slug="validacao",
            errors=errors,
            request=request,
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    result = problem(
        response.status_code, detail if isinstance(detail, str) else str(detail), request=request
    )
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    scope = getattr(getattr(request, "_request", None), "serdh_insufficient_scope", None)
    if response.status_code == 403 and scope is not None:
        # RFC 6750 §3.1: a bearer request without the scope it needs.
        result["WWW-Authenticate"] = (
            f'Bearer realm="serdh", error="insufficient_scope", scope="{scope}"'
        )
    return result


class CursorPage(CursorPagination):
    page_size = 25
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering = "-pk"

    def get_page_size(self, request):
        """``page_size`` from 1 to ``max_page_size``; anything else (``null``, ``0``, ``1e3``,
        ``1000``) is a 400 problem, not a silent default."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        raw = values[-1]
        if (
            len(values) > 1
            or not (raw.isascii() and raw.isdigit())
            or not 1 <= int(raw) <= self.max_page_size
        ):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: _("Use um inteiro de 1 a %(n)s, uma só vez.")
                    % {"n": self.max_page_size}
                }
            )
        return int(raw)

    def decode_cursor(self, request):
        if len(request.query_params.getlist(self.cursor_query_param)) > 1:
            raise exceptions.ValidationError({self.cursor_query_param: _("Use um só cursor.")})
        return super().decode_cursor(request)


def one_of(request, name, allowed, default=None):
    """A query parameter that takes one of ``allowed`` values, once; else a 400 problem."""
    values = request.query_params.getlist(name)
    if not values:
        return default
    if len(values) > 1 or values[0] not in allowed:
        raise exceptions.ValidationError(
            {name: _("Use um destes valores, uma só vez: %(v)s.") % {"v": ", ".join(allowed)}}
        )
    return values[0]


class RestrictedViewMixin:
    """``get_queryset`` starts from ``Model.objects.restrict(user, view_action)``; subclasses
    only narrow it in ``scope``. Objects outside it are 404."""

    view_action = access.VIEW
    model = None

    def scope(self, queryset):
        return queryset

    def get_queryset(self):
        return self.scope(self.model.objects.restrict(self.request.user, self.view_action))


IDEMPOTENCY_HEADER = "HTTP_IDEMPOTENCY_KEY"
IDEMPOTENCY_HOURS = 24


def _replay(found, request):
    """The stored first response, again; the replay itself is audited (it shows content)."""
    import json

    from . import audit

    replay = Response(json.loads(found.response_body), status=found.status_code)
    replay["Idempotent-Replayed"] = "true"
    audit.record(
        "api.idempotent_replay",
        object_type="core.idempotencykey",
        object_id=str(found.pk),
        data={"path": request.path},
    )
    return replay


def idempotent(create):
    """POST with an ``Idempotency-Key`` header: a retried request with the same key and body
    returns the first response instead of creating a second object; the same key with another
    body is refused (422). Keys belong to one user and are kept ``IDEMPOTENCY_HOURS``; the
    stored response is encrypted (it may carry names) and the replay is audited."""
    import hashlib
    import json
    from datetime import timedelta
    from functools import wraps

    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from .models import IdempotencyKey

    @wraps(create)
    def wrapper(self, request, *args, **kwargs):
        key = request.META.get(IDEMPOTENCY_HEADER, "").strip()
        if not key:
            return create(self, request, *args, **kwargs)
        if len(key) > 100:
            return problem(400, _("Idempotency-Key tem no máximo 100 caracteres."), request=request)
        digest = hashlib.sha256(
            json.dumps(request.data, sort_keys=True, default=str).encode() + request.path.encode()
        ).hexdigest()
        cutoff = timezone.now() - timedelta(hours=IDEMPOTENCY_HOURS)
        IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
        found = IdempotencyKey.objects.filter(user=request.user, key=key).first()
        if found is not None:
            if found.request_hash != digest:
                return problem(
                    422,
                    _("Esta Idempotency-Key já foi usada com outro conteúdo."),
                    slug="idempotencia",
                    request=request,
                )
            with transaction.atomic():
                return _replay(found, request)
        try:
            with transaction.atomic():
                response = create(self, request, *args, **kwargs)
                if response.status_code < 300:  # a refused request may be corrected and retried
                    IdempotencyKey.objects.create(
                        user=request.user,
                        key=key,
                        request_hash=digest,
                        status_code=response.status_code,
                        response_body=json.dumps(response.data, default=str),
                    )
        except IntegrityError:
            # The same key arrived twice at once: the other request won; replay it.
            found = IdempotencyKey.objects.get(user=request.user, key=key)
            with transaction.atomic():
                return _replay(found, request)
        return response

    return wrapper


def only_serdh_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: the schema documents SER-DH's API under /api/
    only (Wagtail's admin has a private API of its own under /editorial/)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


def _problem_json(status, detail, request):
    """A problem document outside DRF (plain Django views under /api/ and /oauth/)."""
    from django.http import JsonResponse

    return JsonResponse(
        {
            "type": PROBLEM_TYPE + str(status),
            "title": str(TITLES.get(status, _("Erro"))),
            "status": status,
            "detail": str(detail),
            "instance": request.get_full_path(),
        },
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def not_found(request, rest=""):
    """Paths under /api/ that match no route: a problem, never Django's HTML page."""
    return _problem_json(
        404, _("Não há recurso neste endereço da API (veja /api/schema/)."), request
    )


not_found.csrf_exempt = True


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an API or token request gets a problem, never the HTML page (a
    bearer request is never CSRF-checked; a browser session without the token is refused)."""
    if request.path.startswith(("/api/", "/oauth/")):
        return _problem_json(
            403,
            _("Requisição de sessão sem o token CSRF; sistemas usam Authorization: Bearer."),
            request,
        )
    from django.views.csrf import csrf_failure as django_csrf_failure

    return django_csrf_failure(request, reason=reason)
