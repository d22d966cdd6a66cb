from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from serdh.interop import oauth
from serdh.monitoring import opendata_views
from serdh.portal import views as portal_views
from serdh.web import views as web_views

urlpatterns = [
    path("healthz", web_views.healthz, name="healthz"),
    path("i18n/idioma/", set_language, name="set_language"),
    path("conta/", include("serdh.accounts.urls")),
    path("api/", include("serdh.api_urls")),
    path("oauth/token/", oauth.token, name="oauth_token"),
    path("sima/integracao/", include("serdh.interop.urls")),
    path("sima/monitoramento/", include("serdh.monitoring.urls")),
    path("sima/importacoes/", include("serdh.imports.urls")),
    path("sima/rma/", include("serdh.rma.urls")),
    path("dados-abertos/", opendata_views.index, name="open_data"),
    path("dados-abertos/<slug:slug>.csv", opendata_views.download, name="open_data_file"),
    path(
        "dados-abertos/versao-<int:number>/<slug:slug>.csv",
        opendata_views.download,
        name="open_data_release_file",
    ),
    path("sima/", include("serdh.web.urls")),
    path("sima/rede/", include("serdh.network.urls")),
    path("sima/vocabularios/", include("serdh.vocabularies.urls")),
    path("sima/lgpd/", include("serdh.privacy.urls")),
    path("sima/pessoas/", include("serdh.people.urls")),
    path("sima/", include("serdh.cases.urls")),
    path("sima/", include("serdh.workflow.urls")),
    path("sima/", include("serdh.obligations.urls")),
    # The portal: the editors' area, documents, search, image renditions, and (last) every
    # other path goes to Wagtail's page tree, whose root is the portal's home page.
    path(
        "editorial/login/",
        RedirectView.as_view(url="/conta/entrar/", query_string=True),
        name="editorial_login",
    ),
    path("editorial/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    path("busca/", portal_views.search, name="portal_search"),
    path("midia/images/<path:name>", portal_views.rendition, name="portal_rendition"),
    path("", include(wagtail_urls)),
]


def handler404(request, exception=None):
    """Under /api/ and /oauth/ a 404 is a problem document, even for a path no route can
    match; elsewhere Django's page (the project's 404.html)."""
    if request.path.startswith(("/api/", "/oauth/")):
        from serdh.core.api import not_found

        return not_found(request)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
