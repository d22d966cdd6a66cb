from rest_framework import serializers, viewsets

from serdh.core.api import RestrictedViewMixin

from .models import Term, Vocabulary


class TermSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(
        source="parent.code", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Term
        fields = [
            "code",
            "label",
            "parent",
            "sinan_code",
            "disque100_code",
            "legal_source",
            "violation_types",
            "is_active",
        ]


class VocabularySerializer(serializers.ModelSerializer):
    terms = TermSerializer(many=True, read_only=True)

    class Meta:
        model = Vocabulary
        fields = ["key", "name", "version", "hierarchical", "terms"]


class VocabularyViewSet(RestrictedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Controlled vocabularies with their SINAN and Disque 100 codes, the legal source of each
    term taken from the law and, for the ECA's rights groups, the violation types they cover."""

    scope_resource = "directory"

    model = Vocabulary
    serializer_class = VocabularySerializer
    lookup_field = "key"
    pagination_class = None

    def scope(self, qs):
        from django.db.models import Prefetch

        return qs.prefetch_related(
            Prefetch("terms", queryset=Term.objects.select_related("parent").order_by("order"))
        ).order_by("key")
