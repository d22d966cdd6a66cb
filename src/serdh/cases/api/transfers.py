"""Transfers of responsibility over the REST API (``/transfers/``): the same service
(cases.transfers) and access policy as the pages. Case data: scopes ``cases:read`` and
``cases:write`` for system clients."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from serdh.core import access
from serdh.core.api import CursorPage, RestrictedViewMixin, one_of

from .. import referrals, transfers
from ..choices import TransferStatus
from ..models import Case, CaseTransfer
from ..policies import CLOSE


class TransferOut(serializers.ModelSerializer):
    class Meta:
        model = CaseTransfer
        fields = [
            "id",
            "case",
            "from_organization",
            "to_organization",
            "status",
            "reason",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields


class TransferInput(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    # Any active organization of an adhered municipality (or a state organ); the service
    # says why another one cannot receive the case.
    to_organization = serializers.PrimaryKeyRelatedField(queryset=referrals.destinations())
    reason = serializers.CharField(max_length=2000)


class TransferDecisionInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TransferViewSet(RestrictedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Transfers the caller's service sent (``box=sent``) or received (``box=received``);
    the owning service asks (``POST``), the receiving one accepts or refuses with a reason,
    the sender may cancel while it waits."""

    model = CaseTransfer
    serializer_class = TransferOut
    pagination_class = CursorPage
    scope_resource = "cases"
    lookup_value_regex = "[0-9]+"

    def scope(self, qs):
        organization_id = access.actor_for(self.request.user).organization_id
        box = one_of(self.request, "box", ("received", "sent"), None)
        if box is not None:
            side = "from_organization_id" if box == "sent" else "to_organization_id"
            qs = qs.filter(**{side: organization_id})
        if status_ := one_of(self.request, "status", TransferStatus.values):
            qs = qs.filter(status=status_)
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("box", str, enum=["received", "sent"]),
            OpenApiParameter("status", str, enum=TransferStatus.values),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TransferInput, responses={201: TransferOut})
    def create(self, request):
        data = TransferInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = Case.objects.restrict(request.user, CLOSE).filter(pk=fields.pop("case")).first()
        if case is None or not Case.objects.restrict(request.user).filter(pk=case.pk).exists():
            raise Http404
        item = transfers.request_transfer(request.user, case, **fields)
        return Response(TransferOut(item).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, verb):
        item = self.get_object()
        data = TransferDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        if verb == "accept":
            transfers.accept(request.user, item)
        elif verb == "refuse":
            transfers.refuse(request.user, item, reason=data.validated_data.get("reason", ""))
        else:
            transfers.cancel(request.user, item)
        item.refresh_from_db()
        return Response(TransferOut(item).data)

    @extend_schema(request=TransferDecisionInput, responses=TransferOut)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, "accept")

    @extend_schema(request=TransferDecisionInput, responses=TransferOut)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, "refuse")

    @extend_schema(request=TransferDecisionInput, responses=TransferOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._decide(request, "cancel")
