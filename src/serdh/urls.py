from django.urls import include, path
from django.views.i18n import set_language

from serdh.interop import oauth
from serdh.monitoring import opendata_views
from serdh.network import help_views
from serdh.web import views as web_views

urlpatterns = [
    path("", web_views.landing, name="landing"),
    path("healthz", web_views.healthz, name="healthz"),
    path("i18n/idioma/", set_language, name="set_language"),
    path("conta/", include("serdh.accounts.urls")),
    path("api/", include("serdh.api_urls")),
    path("oauth/token/", oauth.token, name="oauth_token"),
    path("sima/integracao/", include("serdh.interop.urls")),
    path("sima/monitoramento/", include("serdh.monitoring.urls")),
    path("dados-abertos/", opendata_views.index, name="open_data"),
    path("ajuda/", help_views.finder, name="help_finder"),
    path("ajuda/como-denunciar/", help_views.how_to_report, name="help_report"),
    path("dados-abertos/<slug:slug>.csv", opendata_views.download, name="open_data_file"),
    path("sima/", include("serdh.web.urls")),
    path("sima/rede/", include("serdh.network.urls")),
    path("sima/vocabularios/", include("serdh.vocabularies.urls")),
    path("sima/", include("serdh.cases.urls")),
]
