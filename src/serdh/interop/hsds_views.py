"""Read-only HSDS 3.0 API (Open Referral): public, like the public directory it mirrors.

GET /api/hsds/ · /services · /services/{id} · /organizations · /organizations/{id} ·
/service_at_locations · /service_at_locations/{id} · /taxonomies · /taxonomies/{id} ·
/taxonomy_terms · /taxonomy_terms/{id}. Lists take ``page`` (from 1), ``per_page`` (≤ 100),
``search``; services also ``modified_after`` (ISO 8601), ``taxonomy_term_id`` and
``municipality`` (IBGE code, a SER-DH extension).
"""

import math
from datetime import datetime, time

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from serdh.network.models import fold

from . import hsds, hsds_openapi

MAX_PER_PAGE = 100


class BadParameter(Exception):
    pass


def _problem(status, detail):
    return JsonResponse(
        {
            "type": "about:blank",
            "title": _("Requisição inválida"),
            "status": status,
            "detail": str(detail),
        },
        status=status,
        content_type="application/problem+json",
    )


def _int(request, name, default, minimum=1, maximum=None):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < minimum:
        raise BadParameter(_("%(p)s deve ser um inteiro ≥ %(m)s.") % {"p": name, "m": minimum})
    value = int(raw)
    if maximum and value > maximum:
        # Refused, not silently capped: the caller would miss items (docs/api.md).
        raise BadParameter(_("%(p)s deve ser no máximo %(m)s.") % {"p": name, "m": maximum})
    return value


def _page(request, items, render):
    """HSDS 3.0 paginated envelope over a queryset or a list."""
    page = _int(request, "page", 1)
    per_page = _int(request, "per_page", 50, maximum=MAX_PER_PAGE)
    total = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    contents = [render(item) for item in items[start : start + per_page]]
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": not contents,
            "contents": contents,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _organizations(request):
    qs = hsds.public_organizations()
    if search := request.GET.get("search", "").strip():
        qs = qs.filter(search_name__contains=fold(search))
    if raw := request.GET.get("modified_after"):
        try:
            when = parse_datetime(raw)
            if when is None and (day := parse_date(raw)):
                when = datetime.combine(day, time.min)
        except ValueError:  # well-formed but impossible (February 30th, 25 o'clock)
            when = None
        if when is None:
            raise BadParameter(_("modified_after deve ser uma data ISO 8601."))
        if when.tzinfo is None:
            when = timezone.make_aware(when)
        qs = qs.filter(updated_at__gt=when)
    if municipality := request.GET.get("municipality"):
        if not (municipality.isascii() and municipality.isdigit() and len(municipality) == 7):
            raise BadParameter(_("municipality deve ser o código IBGE."))
        qs = qs.filter(municipality_id=int(municipality))
    if term := request.GET.get("taxonomy_term_id"):
        qs = hsds.filter_by_term(qs, term)
    return qs.order_by("pk")


def _json(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _not_found():
    return JsonResponse(
        {"type": "about:blank", "title": _("Não encontrado"), "status": 404},
        status=404,
        content_type="application/problem+json",
    )


def _guarded(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return _problem(400, exc)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return require_GET(wrapper)


@_guarded
def index(request):
    return _json(
        {
            "version": hsds.HSDS_VERSION,
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": request.build_absolute_uri(reverse("api:hsds_openapi")),
        }
    )


@_guarded
def openapi(request):
    """The OpenAPI document of these endpoints (interop.hsds_openapi)."""
    return _json(hsds_openapi.document())


@_guarded
def service_list(request):
    return _page(request, _organizations(request), hsds.service)


@_guarded
def organization_list(request):
    return _page(request, _organizations(request), hsds.organization)


@_guarded
def service_at_location_list(request):
    return _page(request, _organizations(request), hsds.service_at_location)


def _one(kind, render):
    @_guarded
    def detail(request, item_id):
        pk = hsds.parse_id(item_id, kind)
        org = hsds.public_organizations().filter(pk=pk).first() if pk else None
        return _json(render(org)) if org is not None else _not_found()

    detail.__name__ = f"{kind}_detail"
    return detail


service_detail = _one("service", hsds.service)
organization_detail = _one("organization", hsds.organization)
service_at_location_detail = _one("service_at_location", hsds.service_at_location)


@_guarded
def taxonomy_list(request):
    return _page(request, [hsds.taxonomy(n) for n in hsds.TAXONOMIES], lambda t: t)


@_guarded
def taxonomy_detail(request, item_id):
    number = hsds.parse_id(item_id, "taxonomy")
    return _json(hsds.taxonomy(number)) if number in hsds.TAXONOMIES else _not_found()


@_guarded
def taxonomy_term_list(request):
    terms = hsds.all_taxonomy_terms()
    if search := request.GET.get("search", "").strip():
        terms = [t for t in terms if fold(search) in fold(t["name"])]
    return _page(request, terms, lambda t: t)


@_guarded
def taxonomy_term_detail(request, item_id):
    pk = hsds.parse_id(item_id, "taxonomy_term")
    term = hsds.taxonomy_term(pk) if pk else None
    return _json(term) if term is not None else _not_found()
