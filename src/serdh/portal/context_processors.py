"""The portal's menu and the addresses of its functional pages, for every template (the
footer links to "Onde buscar ajuda" and "Como denunciar" on SIMA pages too)."""

from django.utils.functional import SimpleLazyObject

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


def portal(request):
    cache = {}

    def get(key):
        if not cache:
            cache.update(_links())
        return cache[key]

    return {
        "portal_links": SimpleLazyObject(lambda: get("links")),
        "portal_menu": SimpleLazyObject(lambda: get("menu")),
    }
