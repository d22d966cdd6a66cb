"""``GET /api/v1/referrals/{id}/fhir/``: a referral as FHIR R4 (interop.fhir), on the same
access policy and scopes as the referral itself. It lives here, one floor above the cases
app, so the cases API knows nothing of FHIR."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from serdh.cases.models import Referral
from serdh.core import access, audit
from serdh.core.api import RestrictedViewMixin

from .fhir import referral_bundle


class FhirJSONRenderer(JSONRenderer):
    media_type = "application/fhir+json"


class ReferralFhirView(RestrictedViewMixin, generics.GenericAPIView):
    model = Referral
    view_action = access.CHANGE  # the service's own side of each referral
    scope_resource = "referrals"
    basename = "referral-fhir"
    renderer_classes = [FhirJSONRenderer, JSONRenderer]

    @extend_schema(
        operation_id="referrals_fhir_retrieve",
        responses={(200, "application/fhir+json"): OpenApiTypes.OBJECT},
        description="The referral as FHIR R4: a Bundle with a ServiceRequest and its Task.",
    )
    def get(self, request, pk):
        referral = self.get_object_or_404(pk)
        with transaction.atomic():
            audit.record(
                "referral.viewed", referral, data={"case": referral.case_id, "format": "fhir"}
            )
        response = Response(referral_bundle(referral), content_type="application/fhir+json")
        response["X-SERDH-Protocol"] = referral.case.protocol or ""
        return response

    def get_object_or_404(self, pk):
        from django.http import Http404

        referral = (
            self.get_queryset()
            .select_related("case", "from_organization", "to_organization")
            .filter(pk=pk)
            .first()
        )
        if referral is None:
            raise Http404
        return referral
