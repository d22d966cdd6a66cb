"""The portal's menu and the addresses of its functional pages, for every template (the
footer links to "Onde buscar ajuda" and "Como denunciar" on SIMA pages too).

They change only when a page is published, unpublished, moved or deleted: they are kept in
the cache and dropped on those signals (editorial.connect), with a short lifetime so other
processes follow within a minute."""

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

CACHE_KEY = "portal:links"
CACHE_SECONDS = 60

FALLBACK = {
    "home": "/",
    "finder": "/ajuda/",
    "report": "/ajuda/como-denunciar/",
    "statistics": "/estatisticas/",
    "search": "/busca/",
}


def _links():
    from wagtail.models import Page

    from .models import HomePage, HowToReportPage, ServiceFinderPage, StatisticsPage

    links = dict(FALLBACK)
    home = HomePage.objects.live().first()
    if home is None:
        return {"links": links, "menu": []}
    kinds = {
        "finder": ServiceFinderPage,
        "report": HowToReportPage,
        "statistics": StatisticsPage,
    }
    for key, model in kinds.items():
        page = model.objects.live().descendant_of(home).first()
        if page is not None:
            links[key] = page.url
    links["home"] = home.url
    menu = [
        {"title": p.title, "url": p.url}
        for p in Page.objects.live().public().child_of(home).filter(show_in_menus=True)
    ]
    return {"links": links, "menu": menu}


def forget_links(**kwargs):
    cache.delete(CACHE_KEY)


def portal(request):
    found = {}

    def get(key):
        if not found:
            links = cache.get(CACHE_KEY)
            if links is None:
                links = _links()
                cache.set(CACHE_KEY, links, CACHE_SECONDS)
            found.update(links)
        return found[key]

    return {
        "portal_links": SimpleLazyObject(lambda: get("links")),
        # Where "Sair rápido" leads on the help pages: a neutral site (a setting).
        "quick_exit_url": settings.SERDH_QUICK_EXIT_URL,
        "portal_menu": SimpleLazyObject(lambda: get("menu")),
    }
