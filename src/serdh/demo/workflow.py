"""The demo's caseload (data/workflow.json): a coordinator assigns the service's recent open
cases to its worker (and joins the team of one), the worker asks to close one, and a new
critical referral reaches the Conselho Tutelar of Passos (and so a notification). Through the
real services, so timeline, audit chain and notifications are as in use."""

import json
from pathlib import Path

from django.db import transaction

from serdh.accounts.models import User
from serdh.accounts.selectors import use_membership
from serdh.cases.models import Case
from serdh.network.models import Organization
from serdh.vocabularies.models import Term

DATA = Path(__file__).parent / "data" / "workflow.json"


def _acting(username):
    user = User.objects.get(username=username)
    use_membership(user, user.memberships.filter(is_active=True).first())
    return user


def load(stdout=None):
    from serdh.cases import referrals
    from serdh.workflow import assignments, closure
    from serdh.workflow.models import Assignment

    plan = json.loads(DATA.read_text(encoding="utf-8"))
    service = Organization.objects.filter(name=plan["service"]).first()
    if Assignment.objects.exists() or service is None:
        return 0
    coordinator, worker = _acting(plan["coordinator"]), _acting(plan["worker"])
    open_cases = list(
        Case.objects.filter(organization=service, status__in=("registered", "in_follow_up"))
        .order_by("-registered_at")
        .values_list("pk", flat=True)[: plan["assign_responsible"] + 10]
    )
    made = []
    with transaction.atomic():
        if open_cases:
            made = assignments.assign(
                coordinator, open_cases[: plan["assign_responsible"]], worker.pk
            )
            assignments.assign(coordinator, open_cases[:1], coordinator.pk, responsible=False)
        reason = Term.objects.filter(
            vocabulary__key="closure_reason", code=plan["closure"]["reason"]
        ).first()
        if len(open_cases) > 1 and reason is not None:
            closure.request_closure(
                worker,
                Case.objects.get(pk=open_cases[1]),
                reason=reason,
                note=plan["closure"]["note"],
                confirm_open_referrals=True,
            )
        ref = plan["referral"]
        target = Organization.objects.filter(name=ref["to"]).first()
        source_case = (
            Case.objects.filter(organization__name=ref["from"], status="registered")
            .exclude(referrals__to_organization=target)
            .order_by("-registered_at")
            .first()
        )
        if source_case is not None and target is not None:
            referrals.send_referral(
                _acting(ref["from_user"]),
                source_case,
                to_organization=target,
                service_requested=ref["service_requested"],
                urgency=ref["urgency"],
                # ECA art. 13 for a child victim; an adult victim consented.
                sharing_basis="child"
                if source_case.parties.filter(role="victim", age_years__lt=18).exists()
                else "consent_victim",
            )
    if stdout:
        stdout.write(
            f"Supervisão: {len(made)} casos de {service.name} com técnico(a) de referência."
        )
    return len(made)
