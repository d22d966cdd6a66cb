from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from serdh.cases.api.serializers import TermCode

from ..choices import FlagKind, PlanKind, TaskKind
from ..models import (
    Assignment,
    CasePlan,
    ClosureRequest,
    Notification,
    PlanAction,
    SafetyFlag,
    Task,
)


class AssignmentOut(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "case",
            "organization",
            "user",
            "user_name",
            "is_responsible",
            "assigned_by",
            "assigned_at",
            "ended_at",
        ]
        read_only_fields = fields


class AssignmentInput(serializers.Serializer):
    cases = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        max_length=200,
        help_text=_("Os casos a atribuir (um ou vários, até 200)."),
    )
    user = serializers.IntegerField(min_value=1, help_text=_("O(a) profissional do serviço."))
    responsible = serializers.BooleanField(
        default=True, help_text=_("Técnico(a) de referência (verdadeiro) ou só na equipe.")
    )


class ClosureRequestOut(serializers.ModelSerializer):
    reason = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ClosureRequest
        fields = [
            "id",
            "case",
            "organization",
            "status",
            "reason",
            "note",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields


class ClosureRequestInput(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    reason = TermCode("closure_reason", required=True, allow_null=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    confirm_open_referrals = serializers.BooleanField(default=False)


class DecisionInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class NotificationOut(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "link", "created_at", "read_at"]
        read_only_fields = fields


class SafetyFlagOut(serializers.ModelSerializer):
    note = serializers.SerializerMethodField()

    class Meta:
        model = SafetyFlag
        fields = ["id", "case", "organization", "kind", "note", "flagged_by", "flagged_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_note(self, flag):
        # Why a flag was set is read with the whole case only.
        full = self.context.get("full_cases", set())
        return flag.note if flag.case_id in full else None


class SafetyFlagInput(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=FlagKind.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class FlagRemoveInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class TaskOut(serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = [
            "id",
            "case",
            "organization",
            "kind",
            "due_date",
            "assigned_to",
            "note",
            "status",
            "created_by",
            "done_by",
            "done_at",
        ]
        read_only_fields = fields


class TaskInput(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=TaskKind.choices)
    due_date = serializers.DateField()
    assigned_to = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TaskFinishInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[("done", "done"), ("cancelled", "cancelled")])


class PlanActionOut(serializers.ModelSerializer):
    class Meta:
        model = PlanAction
        fields = [
            "id",
            "goal",
            "action",
            "responsible_organization",
            "responsible_user",
            "due_date",
            "status",
            "task",
        ]
        read_only_fields = fields


class PlanOut(serializers.ModelSerializer):
    actions = PlanActionOut(many=True, read_only=True)

    class Meta:
        model = CasePlan
        fields = [
            "id",
            "case",
            "organization",
            "kind",
            "status",
            "approved_by",
            "approved_at",
            "refusal_reason",
            "last_review_on",
            "next_review_on",
            "actions",
        ]
        read_only_fields = fields


class PlanInput(serializers.Serializer):
    case = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=PlanKind.choices)


class PlanActionInput(serializers.Serializer):
    goal = serializers.CharField(max_length=2000)
    action = serializers.CharField(max_length=2000)
    due_date = serializers.DateField()
    responsible_organization = serializers.IntegerField(min_value=1, required=False)
    responsible_user = serializers.IntegerField(min_value=1, required=False)
