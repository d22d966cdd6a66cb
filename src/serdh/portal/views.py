"""Portal views outside the page tree: search, the experience submission form (routed by
the experiences index page) and the image renditions."""

import mimetypes
import re
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from .access import is_professional, require_professional
from .forms import ExperienceForm, SearchForm
from .models.public import documents_for
from .models.training import PROFESSIONAL_PAGE_TYPES
from .submissions import submit_experience as submit_experience_service

WORD = re.compile(r"\w+")


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    # Words only: quotes, parentheses and upper-case OR/AND/NOT are the full-text engines'
    # syntax (SQLite FTS5 answered '") OR' with an error); the search is for words anyway.
    words = " ".join(WORD.findall(query)).lower()
    pages = documents = None
    if words:
        pages_qs = Page.objects.live().public().exclude(depth__lte=1)
        if not is_professional(request.user):
            pages_qs = pages_qs.not_type(*PROFESSIONAL_PAGE_TYPES)
        documents_qs = documents_for(request.user)
        pages = Paginator(pages_qs.search(words, operator="and"), 10).get_page(
            request.GET.get("pagina")
        )
        pages.object_list = [page.specific for page in pages.object_list]
        documents = list(documents_qs.search(words, operator="and")[:10])
    return render(
        request,
        "portal/search.html",
        {
            "form": form,
            "search_query": query,
            "pages": pages,
            "documents": documents,
            "extra_query": urlencode({"q": query}),
        },
    )


def submit_experience(request, index_page):
    refused = require_professional(request)
    if refused is not None:
        return refused
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submit_experience_service(request.user, membership, index_page, form.cleaned_data)
        messages.success(
            request,
            _("Experiência recebida. A equipe editorial estadual vai revisá-la antes de publicar."),
        )
        return redirect(index_page.url)
    response = render(
        request,
        "portal/experience_form.html",
        {"page": index_page, "form": form, "membership": membership},
        status=400 if request.method == "POST" else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def rendition(request, name):
    """An image rendition (never an original upload, never another file of the media
    folder)."""
    root = (Path(settings.MEDIA_ROOT) / "images").resolve()
    path = (root / name).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        raise Http404
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
