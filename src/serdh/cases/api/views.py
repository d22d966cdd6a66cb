"""SIMA over the REST API: the same selectors, services and access policy as the web pages."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from serdh.core import access, audit
from serdh.core.api import CursorPage, RestrictedViewMixin, idempotent, one_of, problem
from serdh.core.errors import ServiceError
from serdh.core.roles import CASEWORK_ROLES
from serdh.people.models import Person

from .. import breakglass, followups, referrals, registration, selectors
from ..choices import CaseStatus, ReferralStatus
from ..models import Case, Referral
from ..policies import PSEUDONYMIZED
from .serializers import (
    PERSON_INPUT,
    CaseInput,
    CaseOut,
    CaseUpdate,
    FollowUpInput,
    PartyInput,
    PartyOut,
    PersonOut,
    PseudonymizedCaseOut,
    ReferralActionInput,
    ReferralInput,
    ReferralOut,
    ViolationAddInput,
    ViolationOut,
)


def CASE_VIEW(**kwargs):  # noqa: N802
    """A case as the caller may see it: ``view`` says which shape (full or pseudonymized)."""
    return PolymorphicProxySerializer(
        component_name="CaseView",
        serializers={"full": CaseOut, "pseudonymized": PseudonymizedCaseOut},
        resource_type_field_name="view",
        **kwargs,
    )


def etag(case):
    """Strong validator of a case's data: changes whenever the case row is saved."""
    return f'"{case.pk}-{case.updated_at.timestamp():.6f}"'


def _full_queryset(user, action=access.VIEW):
    """Cases with what the serializers read, and only the referrals the user may see (a
    former owner: those it sent or received)."""
    referrals_qs = Referral.objects.restrict(user, action)
    return Case.objects.select_related("intake_channel", "place").prefetch_related(
        "parties__person",
        "violations__type",
        "violations__subtype",
        "violations__victim",
        "violations__author",
        "violations__relationship",
        Prefetch("referrals", queryset=referrals_qs),
    )


class CaseViewSet(viewsets.GenericViewSet):
    """Cases the caller may see: in full for the services involved, pseudonymized for
    managers (``view`` says which)."""

    pagination_class = CursorPage
    serializer_class = CaseOut
    scope_resource = "cases"  # OAuth2 scopes cases:read / cases:write (interop.auth)
    lookup_value_regex = "[0-9]+"
    scope_resources = {"refer": "referrals"}

    def get_queryset(self):
        mode = selectors.case_mode(self.request.user)
        action_ = access.VIEW if mode == "full" else PSEUDONYMIZED
        qs = access.restrict(_full_queryset(self.request.user, action_), self.request.user, action_)
        if protocol := self.request.query_params.get("protocol"):
            qs = qs.filter(protocol__startswith=protocol.upper())
        if status_ := one_of(self.request, "status", CaseStatus.values):
            qs = qs.filter(status=status_)
        return qs

    def _serializer(self, *args, **kwargs):
        mode = selectors.case_mode(self.request.user)
        cls = CaseOut if mode == "full" else PseudonymizedCaseOut
        return cls(*args, **kwargs)

    @extend_schema(
        parameters=[OpenApiParameter("protocol", str), OpenApiParameter("status", str)],
        responses=CASE_VIEW(many=True),
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        if selectors.case_mode(request.user) == "full" and page:
            with transaction.atomic():
                audit.record(
                    "case.list_viewed", data={"cases": [c.pk for c in page], "channel": "api"}
                )
        return self.get_paginated_response(self._serializer(page, many=True).data)

    @extend_schema(responses=CASE_VIEW())
    def retrieve(self, request, pk=None):
        case, mode = selectors.case_for(request.user, pk)
        if case is None or mode == "summary":
            raise Http404
        full = mode in ("full", "former")
        case = _full_queryset(request.user, access.VIEW if full else PSEUDONYMIZED).get(pk=case.pk)
        breakglass.record_read(
            request.user,
            "case.viewed" if full else "case.viewed_pseudonymized",
            case,
            case_id=case.pk,
            data={
                "persons": sorted({p.person_id for p in case.parties.all() if p.person_id}),
                "channel": "api",
            }
            if full
            else {"channel": "api"},
        )
        # The shape follows the access this read was granted (a manager under break-the-glass
        # reads the case in full, as on the web), never the role alone.
        response = Response((CaseOut if full else PseudonymizedCaseOut)(case).data)
        response["ETag"] = etag(case)
        response["X-SERDH-Protocol"] = case.protocol or ""
        return response

    @extend_schema(
        request=CaseUpdate,
        responses=CaseOut,
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="The ETag of the case as last read",
            )
        ],
    )
    def partial_update(self, request, pk=None):
        """Change the case data (registering service only). Requires ``If-Match`` with the
        ETag last read: a concurrent change gives 412 instead of being overwritten."""
        case = self._full_case(pk)
        expected = request.headers.get("If-Match", "").strip()
        if not expected:
            return problem(
                428, _("Envie If-Match com o ETag lido do caso."), slug="if-match", request=request
            )
        if expected != etag(case):
            return problem(
                412,
                _("O caso mudou desde a sua leitura: leia de novo e reaplique."),
                slug="etag",
                request=request,
            )
        data = CaseUpdate(data=request.data, partial=True, context={"user": request.user})
        data.is_valid(raise_exception=True)
        registration.update_case(request.user, case, dict(data.validated_data))
        case = _full_queryset(request.user).get(pk=case.pk)
        response = Response(CaseOut(case).data)
        response["ETag"] = etag(case)
        return response

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
            CaseOut(_full_queryset(request.user).get(pk=case.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=FollowUpInput, responses={201: None})
    @action(detail=True, methods=["post"], url_path="follow-ups")
    @idempotent
    def follow_ups(self, request, pk=None):
        case = self._full_case(pk)
        data = FollowUpInput(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up = followups.record_follow_up(request.user, case, **data.validated_data)
        return Response({"id": follow_up.pk, "case": case.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(request=PartyInput, responses={201: PartyOut})
    @action(detail=True, methods=["post"], url_path="parties")
    @idempotent
    def parties(self, request, pk=None):
        """Add a party (victim, alleged author, reporter, guardian, witness)."""
        case = self._full_case(pk)
        data = PartyInput(data=request.data)
        data.is_valid(raise_exception=True)
        party = registration.add_party(
            request.user,
            case,
            data.validated_data["role"],
            data.person_data(),
            data.party_data(),
        )
        return Response(PartyOut(party).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ViolationAddInput, responses={201: ViolationOut})
    @action(detail=True, methods=["post"], url_path="violations")
    @idempotent
    def violations(self, request, pk=None):
        """Classify one more act: victim × type (× author)."""
        case = self._full_case(pk)
        data = ViolationAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        parties = {p.pk: p for p in case.parties.all()}
        victim = parties.get(values.pop("victim"))
        author_id = values.pop("author", None)
        author = parties.get(author_id) if author_id else None
        if victim is None:
            raise ServiceError(_("Escolha uma vítima deste caso."), field="victim")
        if author_id and author is None:
            raise ServiceError(_("Escolha um(a) suposto(a) autor(a) deste caso."), field="author")
        violation = registration.add_violation(
            request.user, case, {**values, "victim": victim, "author": author}
        )
        return Response(ViolationOut(violation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReferralInput, responses={201: ReferralOut})
    @action(detail=True, methods=["post"], url_path="referrals")
    @idempotent
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
    scope_resource = "referrals"
    lookup_value_regex = "[0-9]+"

    def scope(self, qs):
        qs = qs.select_related("case").prefetch_related("case__violations__type", "case__parties")
        if self.action == "list":
            organization_id = access.actor_for(self.request.user).organization_id
            box = one_of(self.request, "box", ("received", "sent"), "received")
            side = "from_organization_id" if box == "sent" else "to_organization_id"
            qs = qs.filter(**{side: organization_id})
        if status_ := one_of(self.request, "status", ReferralStatus.values):
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
        response = Response(ReferralOut(self.get_queryset().get(pk=referral.pk)).data)
        response["X-SERDH-Protocol"] = referral.case.protocol or ""
        return response

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
            code=data.validated_data.get("reason_code", ""),
        )
        response = Response(ReferralOut(self.get_queryset().get(pk=referral.pk)).data)
        response["X-SERDH-Protocol"] = referral.case.protocol or ""
        return response

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


class PersonViewSet(viewsets.GenericViewSet):
    """A person, for the services that see one of their cases in full (no list: persons are
    found through their cases). Each read is audited as ``person.viewed``."""

    scope_resource = "cases"
    lookup_value_regex = "[0-9]+"
    serializer_class = PersonOut

    def get_queryset(self):
        return Person.objects.restrict(self.request.user, access.VIEW)

    def retrieve(self, request, pk=None):
        if not access.actor_for(request.user).has_role(*CASEWORK_ROLES):
            # The web's person page is the services' alone (403 for other roles): the API
            # answers the same, break-the-glass or not.
            raise PermissionDenied(_("Só os serviços que atendem o caso leem a pessoa."))
        person = self.get_queryset().filter(pk=pk).first()
        if person is None:
            raise Http404
        protocols = list(
            Case.objects.restrict(request.user, access.VIEW)
            .filter(parties__person=person)
            .exclude(protocol__isnull=True)
            .values_list("protocol", flat=True)
            .distinct()
        )
        with transaction.atomic():
            audit.record("person.viewed", person, data={"channel": "api"})
        # The fields a party can be created with are the ones a person is read with.
        data = {field: getattr(person, field) or "" for field in PERSON_INPUT}
        return Response(PersonOut({"id": person.pk, **data, "cases": sorted(protocols)}).data)
