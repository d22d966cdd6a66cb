"""The case list: the service's cases in full, managers' territory pseudonymized; filters
posted and brought back as a GET, a person's name never in a URL (kept encrypted in the
session under a random search id), keyset pages, and the read audited."""

import secrets
from urllib.parse import urlencode

from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from serdh.core import access, audit, crypto
from serdh.core.roles import CASEWORK_ROLES, Role
from serdh.core.views import role_required
from serdh.network.models import Municipality

from . import selectors
from .forms import CaseFilterForm
from .views import MANAGERS, _cursor

SEARCHES_KEY = "serdh_case_searches"
SEARCHES_KEPT = 5
SEARCH_CONTEXT = "case-list-name-search"


def _remember_name(request, name):
    """A person's name never travels in a URL (proxies, browser history, Referer and server
    logs keep URLs): it is kept encrypted in the session under a random search id, and the
    URL carries the id."""
    searches = dict(request.session.get(SEARCHES_KEY, {}))
    search_id = secrets.token_urlsafe(9)
    searches[search_id] = crypto.encrypt(name, SEARCH_CONTEXT)
    request.session[SEARCHES_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return search_id


def _remembered_name(request, search_id):
    stored = request.session.get(SEARCHES_KEY, {}).get(search_id or "")
    if not stored:
        return ""
    try:
        return crypto.decrypt(stored, SEARCH_CONTEXT)
    except crypto.DecryptionError:
        return ""


@role_required(*CASEWORK_ROLES, *MANAGERS)
def case_list(request):
    actor = access.actor_for(request.user)
    mode = selectors.case_mode(request.user)
    municipalities = (
        Municipality.objects.restrict(request.user)
        .filter(state__uf=actor.state_code)
        .select_related("state")
    )
    if actor.has_role(Role.MUNICIPAL_MANAGER, *CASEWORK_ROLES):
        municipalities = municipalities.filter(code=actor.municipality_id)
    show_name = mode == "full"
    if request.method == "POST":
        # The filters arrive by POST (so a name is never in a URL) and come back as a GET.
        form = CaseFilterForm(request.POST, municipalities=municipalities, show_name=show_name)
        if form.is_valid():
            query = {
                key: request.POST.get(key)
                for key in form.fields
                if key != "name" and request.POST.get(key)
            }
            if show_name and form.cleaned_data.get("name", "").strip():
                query["busca"] = _remember_name(request, form.cleaned_data["name"].strip())
            return redirect(reverse("cases:case_list") + ("?" + urlencode(query) if query else ""))
        return render(
            request,
            "cases/case_list.html",
            {"form": form, "page": selectors.Page([], None, None), "mode": mode, "page_query": ""},
        )
    data = request.GET.copy()
    data.pop("name", None)  # an old link's name is ignored, never searched
    search_id = data.get("busca", "")
    name = _remembered_name(request, search_id) if show_name else ""
    if name:
        data["name"] = name
    form = CaseFilterForm(data or None, municipalities=municipalities, show_name=show_name)
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.case_list(request.user, filters, cursor=_cursor(request.GET.get("antes")))
    if mode == "full" and page.rows:
        with transaction.atomic():
            # A list with names is a read of personal data: which cases were shown, and
            # which filters (never the name searched for) were used.
            audit.record(
                "case.list_viewed",
                data={
                    "cases": [c.pk for c in page.rows],
                    "filters": sorted(k for k, v in filters.items() if v),
                },
            )
    query = request.GET.copy()
    query.pop("antes", None)
    query.pop("name", None)
    return render(
        request,
        "cases/case_list.html",
        {"form": form, "page": page, "mode": mode, "page_query": query.urlencode()},
    )
