"""Workflow over the REST API: the same services and access policy as the pages. Assignments
and closure requests are case data (scopes ``cases:read``/``cases:write`` for system
clients); notifications are people's own and refuse tokens (no scope)."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from serdh.cases.models import Case
from serdh.cases.policies import CLOSE
from serdh.core import access
from serdh.core.api import CursorPage, RestrictedViewMixin, one_of
from serdh.network.models import Organization

from .. import assignments, closure, flags, notifications, plans, tasks
from ..choices import ClosureStatus
from ..models import Assignment, CasePlan, ClosureRequest, Notification, SafetyFlag, Task
from .serializers import (
    AssignmentInput,
    AssignmentOut,
    ClosureRequestInput,
    ClosureRequestOut,
    DecisionInput,
    FlagRemoveInput,
    NotificationOut,
    PlanActionInput,
    PlanInput,
    PlanOut,
    SafetyFlagInput,
    SafetyFlagOut,
    TaskFinishInput,
    TaskInput,
    TaskOut,
)


def _case_filter(request, qs):
    raw = request.query_params.get("case")
    if raw is None:
        return qs
    if not (raw.isascii() and raw.isdigit() and len(raw) < 19):
        raise ValidationError({"case": ["Informe o número (id) do caso."]})
    return qs.filter(case_id=int(raw))


class AssignmentViewSet(RestrictedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Who is assigned to the cases the caller may see (``active=false`` includes ended
    assignments); the coordinator assigns (``POST``, one or many cases) and ends them."""

    model = Assignment
    serializer_class = AssignmentOut
    pagination_class = CursorPage
    scope_resource = "cases"
    lookup_value_regex = "[0-9]+"

    def scope(self, qs):
        qs = _case_filter(self.request, qs.select_related("user"))
        if one_of(self.request, "active", ("true", "false"), "true") == "true":
            qs = qs.filter(ended_at__isnull=True)
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("case", int),
            OpenApiParameter("active", str, enum=["true", "false"]),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=AssignmentInput, responses={201: AssignmentOut(many=True)})
    def create(self, request):
        data = AssignmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        made = assignments.assign(
            request.user,
            data.validated_data["cases"],
            data.validated_data["user"],
            responsible=data.validated_data["responsible"],
        )
        return Response(AssignmentOut(made, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AssignmentOut)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = Assignment.objects.restrict(request.user, access.CHANGE).filter(pk=pk).first()
        if assignment is None:
            raise Http404
        assignment = assignments.unassign(request.user, assignment)
        return Response(AssignmentOut(assignment).data)


class ClosureRequestViewSet(RestrictedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Closure requests of the caller's service: a worker asks (``POST``), the coordinator
    approves or refuses with a reason, the requester may withdraw."""

    model = ClosureRequest
    serializer_class = ClosureRequestOut
    pagination_class = CursorPage
    scope_resource = "cases"
    lookup_value_regex = "[0-9]+"

    def scope(self, qs):
        qs = _case_filter(self.request, qs.select_related("reason"))
        if status_ := one_of(self.request, "status", ClosureStatus.values):
            qs = qs.filter(status=status_)
        return qs

    @extend_schema(parameters=[OpenApiParameter("case", int), OpenApiParameter("status", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ClosureRequestInput, responses={201: ClosureRequestOut})
    def create(self, request):
        data = ClosureRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = Case.objects.restrict(request.user, CLOSE).filter(pk=fields.pop("case")).first()
        if case is None or not Case.objects.restrict(request.user).filter(pk=case.pk).exists():
            raise Http404
        item = closure.request_closure(request.user, case, **fields)
        return Response(ClosureRequestOut(item).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, pk, verb):
        item = self.get_object()
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        if verb == "approve":
            closure.approve(request.user, item)
        elif verb == "refuse":
            closure.refuse(request.user, item, reason=data.validated_data.get("reason", ""))
        else:
            closure.withdraw(request.user, item)
        item.refresh_from_db()
        return Response(ClosureRequestOut(item).data)

    @extend_schema(request=DecisionInput, responses=ClosureRequestOut)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, pk, "approve")

    @extend_schema(request=DecisionInput, responses=ClosureRequestOut)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, pk, "refuse")

    @extend_schema(request=DecisionInput, responses=ClosureRequestOut)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._decide(request, pk, "withdraw")


class NotificationViewSet(RestrictedViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications (``unread=true`` for the unread ones)."""

    model = Notification
    serializer_class = NotificationOut
    pagination_class = CursorPage
    lookup_value_regex = "[0-9]+"

    def scope(self, qs):
        if one_of(self.request, "unread", ("true", "false"), "false") == "true":
            qs = qs.filter(read_at__isnull=True)
        return qs

    @extend_schema(parameters=[OpenApiParameter("unread", str, enum=["true", "false"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=NotificationOut)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        item = self.get_queryset().filter(pk=pk).first()
        if item is None:
            raise Http404
        notifications.mark_read(request.user, [item.pk])
        item.refresh_from_db()
        return Response(NotificationOut(item).data)

    @extend_schema(request=None, responses={200: None})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications.mark_read(request.user)})


class SafetyFlagViewSet(RestrictedViewMixin, viewsets.ReadOnlyModelViewSet):
    """Active safety flags of the cases the caller may see (a receiving service before it
    accepts included); ``note`` only with the whole case. The services of the case set and
    remove them (``remove`` needs a ``reason``)."""

    model = SafetyFlag
    serializer_class = SafetyFlagOut
    pagination_class = CursorPage
    scope_resource = "cases"
    lookup_value_regex = "[0-9]+"

    def scope(self, qs):
        return _case_filter(self.request, qs.filter(removed_at__isnull=True))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        visible = Case.objects.restrict(self.request.user).values_list("pk", flat=True)
        context["full_cases"] = _LazyCaseSet(visible)
        return context

    @extend_schema(parameters=[OpenApiParameter("case", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=SafetyFlagInput, responses={201: SafetyFlagOut})
    def create(self, request):
        data = SafetyFlagInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = Case.objects.restrict(request.user, access.CHANGE).filter(pk=fields.pop("case"))
        case = case.first()
        if case is None:
            raise Http404
        flag = flags.add_flag(request.user, case, **fields)
        context = {"full_cases": {case.pk}}
        return Response(SafetyFlagOut(flag, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FlagRemoveInput, responses={200: None})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        flag = SafetyFlag.objects.restrict(request.user, access.CHANGE).filter(pk=pk).first()
        if flag is None or flag.removed_at is not None:
            raise Http404
        data = FlagRemoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        flags.remove_flag(request.user, flag, reason=data.validated_data["reason"])
        return Response({"removed": flag.pk})


class _LazyCaseSet:
    """``case_id in full_cases`` asked per flag, one query per case at most."""

    def __init__(self, visible):
        self.visible, self.cache = visible, {}

    def __contains__(self, case_id):
        if case_id not in self.cache:
            self.cache[case_id] = self.visible.filter(pk=case_id).exists()
        return self.cache[case_id]


class TaskViewSet(RestrictedViewMixin, viewsets.ReadOnlyModelViewSet):
    """The service's tasks on the cases the caller sees in full, and the caller's own
    (``mine=true``); ``status`` filters (default ``open``). Create one on a case; ``finish``
    marks it done or cancelled."""

    model = Task
    serializer_class = TaskOut
    pagination_class = CursorPage
    scope_resource = "cases"
    lookup_value_regex = "[0-9]+"

    def scope(self, qs):
        qs = _case_filter(self.request, qs)
        if one_of(self.request, "mine", ("true", "false"), "false") == "true":
            qs = qs.filter(assigned_to=self.request.user)
        status_ = one_of(self.request, "status", ("open", "done", "cancelled"), "open")
        return qs.filter(status=status_)

    @extend_schema(
        parameters=[
            OpenApiParameter("case", int),
            OpenApiParameter("mine", str, enum=["true", "false"]),
            OpenApiParameter("status", str, enum=["open", "done", "cancelled"]),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TaskInput, responses={201: TaskOut})
    def create(self, request):
        data = TaskInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = Case.objects.restrict(request.user, access.CHANGE).filter(pk=fields.pop("case"))
        case = case.first()
        if case is None:
            raise Http404
        task = tasks.add_task(request.user, case, **fields)
        return Response(TaskOut(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskFinishInput, responses=TaskOut)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        task = Task.objects.restrict(request.user, access.CHANGE).filter(pk=pk).first()
        if task is None:
            raise Http404
        data = TaskFinishInput(data=request.data)
        data.is_valid(raise_exception=True)
        task = tasks.finish_task(request.user, task, status=data.validated_data["status"])
        return Response(TaskOut(task).data)


class PlanViewSet(RestrictedViewMixin, viewsets.ReadOnlyModelViewSet):
    """The case plans (PIA / PAF) of the cases the caller sees in full, with their actions.
    The caller's service starts one, adds actions, submits it; its coordinator approves or
    refuses (``reason``); an approved plan is reviewed."""

    model = CasePlan
    serializer_class = PlanOut
    pagination_class = CursorPage
    scope_resource = "cases"
    lookup_value_regex = "[0-9]+"

    def scope(self, qs):
        return _case_filter(self.request, qs.prefetch_related("actions"))

    @extend_schema(parameters=[OpenApiParameter("case", int)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _plan(self, request, pk):
        plan = CasePlan.objects.restrict(request.user, access.CHANGE).filter(pk=pk).first()
        if plan is None:
            raise Http404
        return plan

    def _out(self, plan):
        return Response(PlanOut(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(request=PlanInput, responses={201: PlanOut})
    def create(self, request):
        data = PlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = Case.objects.restrict(request.user, access.CHANGE).filter(
            pk=data.validated_data["case"]
        )
        case = case.first()
        if case is None:
            raise Http404
        plan = plans.start_plan(request.user, case, kind=data.validated_data["kind"])
        return Response(PlanOut(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanActionInput, responses=PlanOut)
    @action(detail=True, methods=["post"])
    def actions(self, request, pk=None):
        plan = self._plan(request, pk)
        data = PlanActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "responsible_organization" in fields:
            org = Organization.objects.restrict(request.user).filter(
                pk=fields["responsible_organization"]
            )
            fields["responsible_organization"] = org.first()
            if fields["responsible_organization"] is None:
                raise ValidationError({"responsible_organization": ["Serviço desconhecido."]})
        plans.add_action(request.user, plan, **fields)
        return self._out(plan)

    @extend_schema(request=None, responses=PlanOut)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._out(plans.submit(request.user, self._plan(request, pk)))

    @extend_schema(request=DecisionInput, responses=PlanOut)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._out(plans.decide(request.user, self._plan(request, pk), approve=True))

    @extend_schema(request=DecisionInput, responses=PlanOut)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = plans.decide(
            request.user,
            self._plan(request, pk),
            approve=False,
            reason=data.validated_data.get("reason", ""),
        )
        return self._out(plan)

    @extend_schema(request=DecisionInput, responses=PlanOut)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = plans.review(
            request.user, self._plan(request, pk), note=data.validated_data.get("reason", "")
        )
        return self._out(plan)
