from rest_framework import mixins, serializers, viewsets

from serdh.core.api import RestrictedViewMixin

from .models import Municipality, Organization, fold
from .services import ORGANIZATION_FIELDS


class MunicipalitySerializer(serializers.ModelSerializer):
    uf = serializers.CharField(source="state.uf", read_only=True)
    adhesion_status = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = ["code", "name", "uf", "adhesion_status"]

    def get_adhesion_status(self, obj) -> str | None:
        adhesion = getattr(obj, "adhesion", None)
        return adhesion.status if adhesion else None


class MunicipalityViewSet(RestrictedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Municipalities (IBGE), with adhesion status. Filters: ``uf``, ``q`` (name)."""

    scope_resource = "directory"

    model = Municipality
    serializer_class = MunicipalitySerializer
    lookup_field = "code"

    def scope(self, qs):
        qs = qs.select_related("state", "adhesion")
        if uf := self.request.query_params.get("uf"):
            qs = qs.filter(state__uf=uf.upper())
        if q := self.request.query_params.get("q"):
            qs = qs.filter(search_name__contains=fold(q))
        return qs


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", *ORGANIZATION_FIELDS]


class OrganizationViewSet(
    RestrictedViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The network's organizations. Filters: ``municipality`` (IBGE code), ``kind``."""

    scope_resource = "directory"

    model = Organization
    serializer_class = OrganizationSerializer

    def scope(self, qs):
        if municipality := self.request.query_params.get("municipality"):
            valid = municipality.isascii() and municipality.isdigit() and len(municipality) == 7
            qs = qs.filter(municipality_id=int(municipality)) if valid else qs.none()
        if kind := self.request.query_params.get("kind"):
            qs = qs.filter(kind=kind)
        return qs
