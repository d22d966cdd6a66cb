"""SIMA over the REST API: the same selectors, services and access policy as the web pages."""

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from serdh.core import access, audit
from serdh.core.api import CursorPage, RestrictedViewMixin, idempotent
from serdh.core.dates import DatePrecision
from serdh.network.models import Municipality
from serdh.people.choices import Sex
from serdh.vocabularies.selectors import terms

from . import followups, referrals, registration, selectors
from .choices import FHIR_TASK_STATUS, CaseStatus, Recurrence, ReferralStatus, Urgency
from .models import Case, Referral
from .policies import PSEUDONYMIZED


class TermCode(serializers.SlugRelatedField):
    """A term given by its code within one vocabulary."""

    def __init__(self, vocabulary, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(
            slug_field="code",
            queryset=terms(vocabulary),
            **kwargs,
        )


class VictimInput(serializers.Serializer):
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    social_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    age_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=120
    )
    birth_date = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    cpf = serializers.CharField(required=False, allow_blank=True)
    cns = serializers.CharField(required=False, allow_blank=True)
    nis = serializers.CharField(required=False, allow_blank=True)


class AuthorInput(serializers.Serializer):
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    age_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=120
    )


class ViolationInput(serializers.Serializer):
    type = TermCode("violation_type", required=True, allow_null=False)
    subtype = TermCode("violation_type")
    relationship = TermCode("relationship")
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, default="unknown")


class CaseInput(serializers.Serializer):
    intake_channel = TermCode("intake_channel")
    reported_on = serializers.DateField(required=False, allow_null=True)
    reported_precision = serializers.ChoiceField(choices=DatePrecision.choices, default="day")
    occurred_on = serializers.DateField(required=False, allow_null=True)
    occurred_precision = serializers.ChoiceField(choices=DatePrecision.choices, default="day")
    municipality = serializers.IntegerField(required=False, help_text="IBGE code")
    place = TermCode("place")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.MEDIUM)
    narrative = serializers.CharField(required=False, allow_blank=True)
    victim = VictimInput(required=False)
    author = AuthorInput(required=False)
    violation = ViolationInput(required=False)
    register = serializers.BooleanField(
        default=True, help_text="false saves a draft without a protocol"
    )

    def validate_municipality(self, value):
        municipality = (
            Municipality.objects.restrict(self.context.get("user"))
            .filter(code=value)
            .select_related("state")
            .first()
        )
        if municipality is None:
            raise serializers.ValidationError("Município não encontrado.")
        return municipality


class PartyOut(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    ordinal = serializers.IntegerField()
    pseudonym = serializers.CharField()
    name = serializers.SerializerMethodField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    age_years = serializers.IntegerField(allow_null=True)
    sex = serializers.CharField()

    def get_name(self, party) -> str:
        return party.display_name()


class PseudoPartyOut(serializers.Serializer):
    role = serializers.CharField()
    ordinal = serializers.IntegerField()
    pseudonym = serializers.CharField()
    age_band = serializers.CharField()
    sex = serializers.CharField()


class ViolationOut(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField(source="type.code")
    subtype = serializers.CharField(source="subtype.code", default=None)
    victim = serializers.CharField(source="victim.pseudonym")
    author = serializers.CharField(source="author.pseudonym", default=None)
    relationship = serializers.CharField(source="relationship.code", default=None)
    recurrence = serializers.CharField()


class CaseReferralOut(serializers.Serializer):
    id = serializers.IntegerField()
    from_organization = serializers.IntegerField(source="from_organization_id")
    to_organization = serializers.IntegerField(source="to_organization_id")
    status = serializers.CharField()
    due_date = serializers.DateField()


class CaseOut(serializers.Serializer):
    id = serializers.IntegerField()
    protocol = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    urgency = serializers.CharField()
    municipality = serializers.IntegerField(source="municipality_id")
    organization = serializers.IntegerField(source="organization_id")
    intake_channel = serializers.CharField(source="intake_channel.code", default=None)
    reported_on = serializers.DateField(allow_null=True)
    reported_precision = serializers.CharField()
    occurred_on = serializers.DateField(allow_null=True)
    occurred_precision = serializers.CharField()
    place = serializers.CharField(source="place.code", default=None)
    registered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    narrative = serializers.CharField()
    parties = PartyOut(many=True, source="parties.all")
    violations = ViolationOut(many=True, source="violations.all")
    referrals = CaseReferralOut(many=True, source="referrals.all")
    view = serializers.SerializerMethodField()

    def get_view(self, case) -> str:
        return "full"


class PseudonymizedCaseOut(serializers.Serializer):
    id = serializers.IntegerField()
    protocol = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    urgency = serializers.CharField()
    municipality = serializers.IntegerField(source="municipality_id")
    organization = serializers.IntegerField(source="organization_id")
    intake_channel = serializers.CharField(source="intake_channel.code", default=None)
    reported_on = serializers.DateField(allow_null=True)
    occurred_on = serializers.DateField(allow_null=True)
    place = serializers.CharField(source="place.code", default=None)
    parties = PseudoPartyOut(many=True, source="parties.all")
    violations = ViolationOut(many=True, source="violations.all")
    referrals = CaseReferralOut(many=True, source="referrals.all")
    view = serializers.SerializerMethodField()

    def get_view(self, case) -> str:
        return "pseudonymized"


class FollowUpInput(serializers.Serializer):
    kind = TermCode("follow_up_kind", required=True, allow_null=False)
    happened_on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True)


class ReferralInput(serializers.Serializer):
    # Any active organization of an adhered municipality (or a state organ).
    to_organization = serializers.PrimaryKeyRelatedField(queryset=referrals.destinations())
    service_requested = serializers.CharField(max_length=300)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)


class ReferralOut(serializers.ModelSerializer):
    protocol = serializers.CharField(source="case.protocol")
    overdue = serializers.SerializerMethodField()
    fhir_task_status = serializers.SerializerMethodField()
    decision_summary = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "protocol",
            "from_organization",
            "to_organization",
            "service_requested",
            "urgency",
            "due_date",
            "status",
            "fhir_task_status",
            "sent_at",
            "received_at",
            "answered_at",
            "started_at",
            "finished_at",
            "decline_reason",
            "cancel_reason",
            "overdue",
            "decision_summary",
        ]

    def get_overdue(self, referral) -> bool:
        return referrals.is_overdue(referral)

    def get_fhir_task_status(self, referral) -> str:
        return FHIR_TASK_STATUS[ReferralStatus(referral.status)]

    def get_decision_summary(self, referral) -> dict:
        """What the receiving service needs to decide: never names or the account."""
        case = referral.case
        return {
            "municipality": case.municipality_id,
            "urgency": referral.urgency,
            "violation_types": sorted({v.type.code for v in case.violations.all()}),
            "victim_age_bands": [str(p.age_band) for p in case.parties.all() if p.role == "victim"],
        }


class ReferralActionInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)
    counter_referral = serializers.CharField(required=False, allow_blank=True)


def _full_queryset():
    return Case.objects.select_related("intake_channel", "place").prefetch_related(
        "parties__person",
        "violations__type",
        "violations__subtype",
        "violations__victim",
        "violations__author",
        "violations__relationship",
        "referrals",
    )


class CaseViewSet(viewsets.GenericViewSet):
    """Cases the caller may see: in full for the services involved, pseudonymized for
    managers (``view`` says which)."""

    pagination_class = CursorPage
    serializer_class = CaseOut

    def get_queryset(self):
        mode = selectors.case_mode(self.request.user)
        action_ = access.VIEW if mode == "full" else PSEUDONYMIZED
        qs = access.restrict(_full_queryset(), self.request.user, action_)
        if protocol := self.request.query_params.get("protocol"):
            qs = qs.filter(protocol__startswith=protocol.upper())
        if status_ := self.request.query_params.get("status"):
            qs = qs.filter(status=status_)
        return qs

    def _serializer(self, *args, **kwargs):
        mode = selectors.case_mode(self.request.user)
        cls = CaseOut if mode == "full" else PseudonymizedCaseOut
        return cls(*args, **kwargs)

    @extend_schema(parameters=[OpenApiParameter("protocol", str), OpenApiParameter("status", str)])
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        if selectors.case_mode(request.user) == "full" and page:
            with transaction.atomic():
                audit.record(
                    "case.list_viewed", data={"cases": [c.pk for c in page], "channel": "api"}
                )
        return self.get_paginated_response(self._serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        case, mode = selectors.case_for(request.user, pk)
        if case is None or mode == "summary":
            raise Http404
        full = mode == "full"
        case = _full_queryset().get(pk=case.pk)
        with transaction.atomic():
            audit.record(
                "case.viewed" if full else "case.viewed_pseudonymized",
                case,
                data={"persons": sorted({p.person_id for p in case.parties.all() if p.person_id})}
                if full
                else {},
            )
        return Response(self._serializer(case).data)

    @extend_schema(request=CaseInput, responses={201: CaseOut})
    @idempotent
    def create(self, request):
        data = CaseInput(data=request.data, context={"user": request.user})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        victim, author = values.pop("victim", None), values.pop("author", None)
        violation, register = values.pop("violation", None), values.pop("register")
        case = registration.open_case(
            request.user,
            values,
            victim=victim,
            author=author,
            violation=violation,
            register=register,
        )
        return Response(
            CaseOut(_full_queryset().get(pk=case.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=FollowUpInput, responses={201: None})
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request, pk=None):
        case = self._full_case(pk)
        data = FollowUpInput(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up = followups.record_follow_up(request.user, case, **data.validated_data)
        return Response({"id": follow_up.pk, "case": case.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReferralInput, responses={201: ReferralOut})
    @action(detail=True, methods=["post"], url_path="referrals")
    def refer(self, request, pk=None):
        case = self._full_case(pk)
        data = ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referrals.send_referral(request.user, case, **data.validated_data)
        return Response(ReferralOut(referral).data, status=status.HTTP_201_CREATED)

    def _full_case(self, pk):
        case, mode = selectors.case_for(self.request.user, pk)
        if case is None or mode != "full":
            raise Http404
        return case


class ReferralViewSet(RestrictedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Referrals of the caller's service: ``box=received`` (default) or ``box=sent``;
    ``status`` filters. Fetching a referral sent to the service marks it received."""

    model = Referral
    serializer_class = ReferralOut
    view_action = access.CHANGE  # the service's own side of each referral

    def scope(self, qs):
        qs = qs.select_related("case").prefetch_related("case__violations__type", "case__parties")
        if self.action == "list":
            organization_id = access.actor_for(self.request.user).organization_id
            box = self.request.query_params.get("box", "received")
            side = "from_organization_id" if box == "sent" else "to_organization_id"
            qs = qs.filter(**{side: organization_id})
        if status_ := self.request.query_params.get("status"):
            qs = qs.filter(status=status_)
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("box", str, enum=["received", "sent"]),
            OpenApiParameter("status", str),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        referral = referrals.open_referral(request.user, self.get_object())
        with transaction.atomic():
            audit.record("referral.viewed", referral, data={"case": referral.case_id})
        return Response(ReferralOut(self.get_queryset().get(pk=referral.pk)).data)

    def _transition(self, request, pk, verb):
        referral = self.get_object()
        data = ReferralActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referrals.transition_referral(
            request.user,
            referral,
            verb,
            reason=data.validated_data.get("reason", ""),
            note=data.validated_data.get("counter_referral", ""),
        )
        return Response(ReferralOut(self.get_queryset().get(pk=referral.pk)).data)

    @extend_schema(request=ReferralActionInput, responses=ReferralOut)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._transition(request, pk, "accept")

    @extend_schema(request=ReferralActionInput, responses=ReferralOut)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._transition(request, pk, "decline")

    @extend_schema(request=ReferralActionInput, responses=ReferralOut)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._transition(request, pk, "start")

    @extend_schema(request=ReferralActionInput, responses=ReferralOut)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._transition(request, pk, "complete")

    @extend_schema(request=ReferralActionInput, responses=ReferralOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._transition(request, pk, "cancel")
