"""The demo's caseload (data/workflow.json): a coordinator assigns the service's recent open
cases to its worker (and joins the team of one), the worker asks to close one, and a new
critical referral reaches the Conselho Tutelar of Passos (and so a notification); safety flags,
tasks, an approved follow-up plan, two linked cases of one family, and a case transferred from
CRAS to CREAS. Through the real services, so timeline, audit chain and notifications are as in
use. ``"case": N`` in the data file is the N-th most recent open case of the service."""

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
        families = _network_work(plan, worker, coordinator, open_cases)
    if stdout:
        stdout.write(
            f"Supervisão: {len(made)} casos de {service.name} com técnico(a) de referência."
        )
        stdout.write(f"Famílias acompanhadas: {families}.")
    return len(made)


def _network_work(plan, worker, coordinator, open_cases):
    """Flags, tasks, a plan, a family with linked cases and a transfer; returns the number of
    families recorded."""
    from datetime import timedelta

    from django.utils import timezone

    from serdh.cases import transfers
    from serdh.workflow import flags, households, plans, tasks

    def case(index):
        return Case.objects.get(pk=open_cases[index]) if index < len(open_cases) else None

    today = timezone.localdate()
    for item in plan["flags"]:
        if target := case(item["case"]):
            flags.add_flag(worker, target, kind=item["kind"], note=item["note"])
    for item in plan["tasks"]:
        if target := case(item["case"]):
            tasks.add_task(
                worker,
                target,
                kind=item["kind"],
                due_date=today + timedelta(days=item["in_days"]),
                assigned_to=worker.pk,
                note=item["note"],
            )
    if target := case(plan["plan"]["case"]):
        made = plans.start_plan(worker, target, kind=plan["plan"]["kind"])
        for action in plan["plan"]["actions"]:
            plans.add_action(
                worker,
                made,
                goal=action["goal"],
                action=action["action"],
                due_date=today + timedelta(days=action["in_days"]),
                responsible_user=worker.pk,
            )
        plans.submit(worker, made)
        plans.decide(coordinator, made, approve=True)
    families = 0
    for item in plan["links"]:
        first, second = case(item["cases"][0]), case(item["cases"][1])
        if first and second and first.protocol and second.protocol:
            households.link_cases(
                worker, first, other=second.protocol, kind=item["kind"], reason=item["reason"]
            )
    for item in plan["households"]:
        first, second = case(item["cases"][0]), case(item["cases"][1])
        if not (first and second):
            continue
        reference = first.parties.filter(role="victim", person__isnull=False).first()
        member = second.parties.filter(role="victim", person__isnull=False).first()
        if reference is None or member is None:
            continue
        family = households.record_household(
            worker, first, members={}, reference=reference.person_id, note=item["note"]
        )
        households.record_household(
            worker, second, members={member.person_id: item["kinship"]}, household=family
        )
        families += 1
    move = plan["transfer"]
    source = (
        Case.objects.filter(organization__name=move["from"], status__in=("registered",))
        .exclude(transfers__isnull=False)
        .order_by("-registered_at")
        .first()
    )
    target_org = Organization.objects.filter(name=move["to"]).first()
    if source is not None and target_org is not None:
        transfer = transfers.request_transfer(
            _acting(move["from_user"]), source, to_organization=target_org, reason=move["reason"]
        )
        transfers.accept(_acting(move["accept_by"]), transfer)
    return families
