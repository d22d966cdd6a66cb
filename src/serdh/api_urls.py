"""/api/v1/ (the REST API), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI served by
the application itself, from the drf-spectacular-sidecar package: no CDN)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from serdh.cases.api import CaseViewSet, ReferralViewSet
from serdh.network.api import MunicipalityViewSet, OrganizationViewSet
from serdh.vocabularies.api import VocabularyViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("vocabularies", VocabularyViewSet, basename="vocabulary")

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    # The contract is public (it holds no data): integrators read it before they have access.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
]
