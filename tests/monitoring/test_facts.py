"""Monitoring facts: kept by the case services in the same transaction, and a full rebuild
gives exactly the same rows."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from serdh.cases import lifecycle, referrals, registration
from serdh.demo import cases as demo_cases
from serdh.monitoring.models import AgeBand, CaseFact, ReferralFact, ViolationFact
from tests.cases.factories import acting, follow, open_case, refer, term

pytestmark = pytest.mark.django_db

FIELDS = {
    ViolationFact: "violation_id",
    ReferralFact: "referral_id",
    CaseFact: "case_id",
}


def snapshot():
    """Every fact row, as comparable tuples (without the surrogate pk)."""
    out = {}
    for model, key in FIELDS.items():
        names = [f.name for f in model._meta.concrete_fields if f.name != "id"]
        out[model.__name__] = sorted(model.objects.order_by(key).values_list(*names))
    return out


def exercise_the_services():
    """A little of everything a service does to a case."""
    first = open_case(victim_name="Fato Um Silva", age=9)
    second = open_case("cras.bh", victim_name="Fato Dois Souza", age=15)
    open_case(register=False, victim_name="Rascunho Tres")  # drafts have no facts
    referral = refer(first)
    referrals.transition_referral(acting("ct.passos"), referral, "accept")
    follow(first, "ct.passos")
    referrals.transition_referral(acting("ct.passos"), referral, "start")
    referrals.transition_referral(
        acting("ct.passos"), referral, "complete", note="Contrarreferência do teste."
    )
    declined = refer(second, from_user="cras.bh", to="Conselho Tutelar Regional Centro-Sul")
    referrals.transition_referral(
        acting("ct.bh"), declined, "decline", reason="Fora da competência"
    )
    victim = first.parties.get(role="victim")
    registration.add_violation(
        acting("cras.passos"),
        first,
        {"type": term("violation_type", code="psychological"), "victim": victim},
    )
    registration.add_party(
        acting("cras.passos"), first, "author", {"full_name": "Autor Dois", "sex": "F"}, {}
    )
    lifecycle.close_case(
        acting("cras.bh"),
        second,
        reason=term("closure_reason"),
        confirm_open_referrals=True,
    )
    return first, second


def test_the_services_keep_the_facts_and_a_rebuild_gives_the_same_rows():
    first, second = exercise_the_services()
    incremental = snapshot()
    assert len(incremental["ViolationFact"]) >= 3 and len(incremental["CaseFact"]) >= 2
    call_command("monitoring", "rebuild", verbosity=0)
    assert snapshot() == incremental
    fact = CaseFact.objects.get(case_id=first.pk)
    assert fact.first_follow_up_on == date(2026, 3, 12) and fact.follow_up_within_30
    assert fact.violations == 2 and fact.victim_person_ids == [
        first.parties.get(role="victim").person_id
    ]
    closed = CaseFact.objects.get(case_id=second.pk)
    assert closed.status == "closed" and closed.days_to_close is not None
    assert not closed.follow_up_within_30
    accepted = ReferralFact.objects.get(case_id=first.pk)
    assert accepted.received_at is not None and accepted.hours_to_receive >= 0
    assert accepted.status == "completed" and accepted.finished_at is not None
    declined = ReferralFact.objects.get(case_id=second.pk)
    assert declined.status == "declined" and not declined.accepted
    assert declined.answered_late is False and declined.hours_to_answer >= 0
    assert ReferralFact.objects.filter(case_id=first.pk, accepted=True).count() == 1
    child = ViolationFact.objects.filter(case_id=first.pk).first()
    assert child.victim_age_band == AgeBand.CHILD and child.municipality_id == 3147907


def test_generated_demo_cases_have_facts_equal_to_a_rebuild():
    demo_cases.generate(60, seed=7)
    generated = snapshot()
    assert len(generated["CaseFact"]) >= 60
    call_command("monitoring", "rebuild", verbosity=0)
    assert snapshot() == generated


def test_a_change_that_rolls_back_leaves_the_facts_as_they_were():
    case = open_case()
    before = snapshot()
    with pytest.raises(RuntimeError), transaction.atomic():
        follow(case, "cras.passos")
        raise RuntimeError("falhou depois de gravar")
    assert snapshot() == before


def test_facts_carry_codes_not_names():
    case = open_case(victim_name="Nome Que Nao Pode Aparecer")
    rows = [str(r) for r in ViolationFact.objects.filter(case_id=case.pk).values_list()]
    rows += [str(r) for r in CaseFact.objects.filter(case_id=case.pk).values_list()]
    assert not any("Nome" in r for r in rows)
    facts = set(ViolationFact.objects.filter(case_id=case.pk).values_list("type_id", flat=True))
    assert facts == set(case.violations.values_list("type_id", flat=True))


def test_the_rebuild_shows_progress_and_reports_counts(capsys):
    open_case()
    call_command("monitoring", "rebuild")
    captured = capsys.readouterr()
    assert "Fatos recalculados:" in captured.out and "Recalculando fatos" in captured.err


def rollup_snapshot():
    from serdh.monitoring.models import ViolationCount

    return sorted(
        ViolationCount.objects.filter(count__gt=0).values_list(
            "dimension",
            "month",
            "state_code",
            "municipality_id",
            "organization_id",
            "value",
            "count",
        )
    )


def test_the_rollup_counts_follow_every_change_and_equal_a_rebuild():
    exercise_the_services()
    demo_cases.generate(40, seed=3)
    incremental = rollup_snapshot()
    assert incremental
    call_command("monitoring", "rebuild", verbosity=0)
    assert rollup_snapshot() == incremental


def test_the_dashboard_counts_from_the_rollups_equal_counting_the_facts():
    from datetime import date

    from serdh.monitoring import indicators
    from serdh.monitoring.measures import grouped_counts, violation_facts
    from serdh.network.models import Organization

    demo_cases.generate(80, seed=4)
    cras = Organization.objects.get(name="CRAS Centro — Passos").pk
    breakdowns = (None, "type", "group", "sex", "age_band", "race", "month", "municipality")
    territories = ({}, {"municipality_id": 3147907}, {"organization_id": cras})
    for territory in territories:
        for breakdown in (*breakdowns, "organization"):
            query = indicators.Query(
                31, date(2000, 1, 1), date(2100, 1, 1), breakdown=breakdown, **territory
            )
            rows = indicators.REGISTRY["violacoes"](query).rows
            from_rollups = [(r.key, r.value) for r in rows]
            counted = grouped_counts(violation_facts(query), breakdown)
            from_facts = [(r.key, r.value) for r in counted if r.value]
            assert sorted(from_rollups, key=str) == sorted(from_facts, key=str), (
                territory,
                breakdown,
            )
