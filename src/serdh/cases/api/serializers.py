"""Serializers of the SIMA API: inputs validated field by field, outputs that never carry
names or the account where the caller sees a case pseudonymized."""

from rest_framework import serializers

from serdh.core.dates import DatePrecision
from serdh.network.models import Municipality
from serdh.people.choices import Sex
from serdh.vocabularies.selectors import terms

from .. import referrals
from ..choices import (
    FHIR_TASK_STATUS,
    CaseStatus,
    PartyRole,
    Recurrence,
    ReferralStatus,
    SharingBasis,
    Urgency,
)
from ..models import Referral


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

    def to_internal_value(self, data):
        # PostgreSQL refuses a NUL byte in a query (a 500 found by schemathesis): such a code
        # is no term's, and says so as any unknown code does.
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


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


class PartyInput(serializers.Serializer):
    """A person taking part in the case. Identity fields are optional (an unknown author, an
    anonymous reporter); identifiers are checked by their check digits."""

    role = serializers.ChoiceField(choices=PartyRole.choices)
    is_anonymous = serializers.BooleanField(default=False, help_text="reporters only")
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    social_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    mother_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    birth_date = serializers.DateField(required=False, allow_null=True)
    age_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=120
    )
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    race_color = serializers.SlugRelatedField(
        slug_field="code", queryset=terms("race_color"), required=False, allow_null=True
    )
    gender_identity = serializers.SlugRelatedField(
        slug_field="code", queryset=terms("gender_identity"), required=False, allow_null=True
    )
    sexual_orientation = serializers.SlugRelatedField(
        slug_field="code", queryset=terms("sexual_orientation"), required=False, allow_null=True
    )
    cpf = serializers.CharField(required=False, allow_blank=True)
    cns = serializers.CharField(required=False, allow_blank=True)
    nis = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=500)

    def person_data(self):
        data = dict(self.validated_data)
        out = {k: v for k, v in data.items() if k in PERSON_INPUT}
        for field in ("race_color", "gender_identity", "sexual_orientation"):
            if out.get(field) is not None:
                out[field] = out[field].code
        return out

    def party_data(self):
        data = self.validated_data
        return {
            "is_anonymous": data.get("is_anonymous", False),
            "age_years": data.get("age_years"),
            "sex": data.get("sex", ""),
            "notes": data.get("notes", ""),
        }


PERSON_INPUT = (
    "full_name",
    "social_name",
    "mother_name",
    "birth_date",
    "sex",
    "race_color",
    "gender_identity",
    "sexual_orientation",
    "cpf",
    "cns",
    "nis",
)


class ViolationAddInput(serializers.Serializer):
    """A violation of an existing case: victim and author are party ids of the case."""

    type = TermCode("violation_type", required=True, allow_null=False)
    subtype = TermCode("violation_type")
    victim = serializers.IntegerField(help_text="party id (role victim)")
    author = serializers.IntegerField(required=False, allow_null=True, help_text="party id")
    relationship = TermCode("relationship")
    motivation = TermCode("motivation")
    vulnerable_group = TermCode("vulnerable_group")
    means = serializers.SlugRelatedField(
        slug_field="code", queryset=terms("means"), many=True, required=False
    )
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, default="unknown")


class PersonOut(serializers.Serializer):
    """A person as the services that follow one of their cases see them (audited)."""

    id = serializers.IntegerField()
    full_name = serializers.CharField()
    social_name = serializers.CharField()
    mother_name = serializers.CharField()
    birth_date = serializers.CharField(help_text="ISO date or empty")
    sex = serializers.CharField()
    race_color = serializers.CharField(help_text="term code or empty")
    gender_identity = serializers.CharField(help_text="term code or empty")
    sexual_orientation = serializers.CharField(help_text="term code or empty")
    cpf = serializers.CharField()
    cns = serializers.CharField()
    nis = serializers.CharField()
    cases = serializers.ListField(child=serializers.CharField(), help_text="protocols you see")


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


class CaseUpdate(serializers.Serializer):
    """The case's own data (not parties, violations or referrals, which have their own calls)."""

    intake_channel = TermCode("intake_channel")
    reported_on = serializers.DateField(required=False, allow_null=True)
    reported_precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    occurred_on = serializers.DateField(required=False, allow_null=True)
    occurred_precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    place = TermCode("place")
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    narrative = serializers.CharField(required=False, allow_blank=True)


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
    subtype = serializers.CharField(source="subtype.code", default=None, allow_null=True)
    victim = serializers.CharField(source="victim.pseudonym")
    author = serializers.CharField(source="author.pseudonym", default=None, allow_null=True)
    relationship = serializers.CharField(source="relationship.code", default=None, allow_null=True)
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
    intake_channel = serializers.CharField(
        source="intake_channel.code", default=None, allow_null=True
    )
    reported_on = serializers.DateField(allow_null=True)
    reported_precision = serializers.CharField()
    occurred_on = serializers.DateField(allow_null=True)
    occurred_precision = serializers.CharField()
    place = serializers.CharField(source="place.code", default=None, allow_null=True)
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
    intake_channel = serializers.CharField(
        source="intake_channel.code", default=None, allow_null=True
    )
    reported_on = serializers.DateField(allow_null=True)
    occurred_on = serializers.DateField(allow_null=True)
    place = serializers.CharField(source="place.code", default=None, allow_null=True)
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
    # Consent or the legal basis for sharing the case (cases.referrals.check_sharing_basis).
    sharing_basis = serializers.ChoiceField(choices=SharingBasis.choices)
    sharing_note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ReferralOut(serializers.ModelSerializer):
    protocol = serializers.CharField(source="case.protocol")
    overdue = serializers.SerializerMethodField()
    fhir_task_status = serializers.SerializerMethodField()
    decision_summary = serializers.SerializerMethodField()
    refusal_code = serializers.SlugRelatedField(
        source="refusal", slug_field="code", read_only=True, allow_null=True
    )
    cancellation_code = serializers.SlugRelatedField(
        source="cancellation", slug_field="code", read_only=True, allow_null=True
    )

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
            "refusal_code",
            "cancel_reason",
            "cancellation_code",
            "counter_referral",
            "sharing_basis",
            "sharing_note",
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
    reason_code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="Coded reason of a decline (vocabulary referral_refusal) or a cancellation "
        "(referral_cancellation); 'other' requires `reason`.",
    )
    counter_referral = serializers.CharField(required=False, allow_blank=True)
