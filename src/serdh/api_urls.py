"""/api/v1/ (the REST API), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI served by
the application itself, from the drf-spectacular-sidecar package: no CDN)."""

from django.urls import include, path, re_path
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from serdh.cases.api import CaseViewSet, PersonViewSet, ReferralViewSet, TransferViewSet
from serdh.core.api import not_found
from serdh.interop import hsds_views
from serdh.interop.fhir_views import ReferralFhirView
from serdh.network.api import MunicipalityViewSet, OrganizationViewSet
from serdh.vocabularies.api import VocabularyViewSet
from serdh.workflow.api import (
    AssignmentViewSet,
    ClosureRequestViewSet,
    NotificationViewSet,
    PlanViewSet,
    SafetyFlagViewSet,
    TaskViewSet,
)


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, generated once per process, language and version: it depends on
    the code only (public, the same for every caller), and generating it takes about a second
    of a small server's CPU, which anyone could ask for in a loop."""

    _generated = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language(), version, id(self.urlconf), id(self.patterns))
        schema = self._generated.get(key)
        if schema is None:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            schema = self._generated[key] = generator.get_schema(
                request=request, public=self.serve_public
            )
        filename = self._get_filename(request, version)
        return Response(
            data=schema, headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("persons", PersonViewSet, basename="person")
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("vocabularies", VocabularyViewSet, basename="vocabulary")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("closure-requests", ClosureRequestViewSet, basename="closure-request")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("safety-flags", SafetyFlagViewSet, basename="safety-flag")
router.register("tasks", TaskViewSet, basename="task")
router.register("plans", PlanViewSet, basename="plan")
router.register("transfers", TransferViewSet, basename="transfer")

app_name = "api"

HSDS_ID = "<uuid:item_id>"

urlpatterns = [
    path("v1/referrals/<int:pk>/fhir/", ReferralFhirView.as_view(), name="referral-fhir"),
    path("v1/", include(router.urls)),
    # Open Referral HSDS 3.0, read-only and public (the public directory): interop.hsds.
    path("hsds/", hsds_views.index, name="hsds_index"),
    path("hsds/openapi.json", hsds_views.openapi, name="hsds_openapi"),
    path("hsds/services", hsds_views.service_list, name="hsds_services"),
    path(f"hsds/services/{HSDS_ID}", hsds_views.service_detail, name="hsds_service"),
    path("hsds/organizations", hsds_views.organization_list, name="hsds_organizations"),
    path(
        f"hsds/organizations/{HSDS_ID}",
        hsds_views.organization_detail,
        name="hsds_organization",
    ),
    path(
        "hsds/service_at_locations",
        hsds_views.service_at_location_list,
        name="hsds_service_at_locations",
    ),
    path(
        f"hsds/service_at_locations/{HSDS_ID}",
        hsds_views.service_at_location_detail,
        name="hsds_service_at_location",
    ),
    path("hsds/taxonomies", hsds_views.taxonomy_list, name="hsds_taxonomies"),
    path(f"hsds/taxonomies/{HSDS_ID}", hsds_views.taxonomy_detail, name="hsds_taxonomy"),
    path("hsds/taxonomy_terms", hsds_views.taxonomy_term_list, name="hsds_taxonomy_terms"),
    path(
        f"hsds/taxonomy_terms/{HSDS_ID}",
        hsds_views.taxonomy_term_detail,
        name="hsds_taxonomy_term",
    ),
    # The contract is public (it holds no data): integrators read it before they have access.
    path("schema/", SchemaView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    # Anything else under /api/ is a problem+json 404 (last: the routes above win).
    re_path(r"^(?P<rest>[\s\S]*)$", not_found, name="not_found"),
]
