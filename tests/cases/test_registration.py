import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured  # noqa: F401
from django.db import connection, transaction

from serdh.cases import lifecycle, registration
from serdh.cases.models import Case, CaseEvent, Party, ProtocolCounter
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.network.services import AdhesionInactive
from tests.cases.factories import acting, open_case, term, violation_type

pytestmark = pytest.mark.django_db


def test_registering_gives_a_protocol_per_state_and_year():
    case = open_case()
    year = date.today().year
    assert case.protocol == f"MG-{year}-{ProtocolCounter.objects.get(year=year).last:06d}"
    assert case.status == "registered"
    second = open_case(victim_name="Outra Pessoa")
    assert int(second.protocol[-6:]) == int(case.protocol[-6:]) + 1


def test_a_draft_has_no_protocol_and_needs_little():
    user = acting("cras.passos")
    case = registration.open_case(user, {"urgency": "medium"})
    assert case.protocol is None and case.status == "draft"
    with pytest.raises(ServiceError, match="falta: canal de entrada, data da notificação"):
        registration.register_case(user, case)
    case.refresh_from_db()
    assert case.protocol is None


def test_a_failed_registration_does_not_use_up_a_number():
    open_case()
    before = ProtocolCounter.objects.get().last
    user = acting("cras.passos")
    draft = registration.open_case(user, {"urgency": "medium"})
    with pytest.raises(ServiceError):
        registration.register_case(user, draft)
    assert ProtocolCounter.objects.get().last == before


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"occurred_on": date(2026, 3, 20)}, "não pode ser posterior à notificação"),
        ({"reported_on": date.today() + timedelta(days=3)}, "não pode ser futura"),
        (
            {"occurred_on": date.today() + timedelta(days=3), "reported_on": date.today()},
            "não pode ser futura",
        ),
    ],
)
def test_impossible_dates_are_refused_and_nothing_is_saved(changes, message):
    before = Case.objects.count()
    with pytest.raises(ServiceError, match=message):
        open_case(**changes)
    assert Case.objects.count() == before


def test_an_invalid_cpf_is_refused():
    with pytest.raises(ServiceError, match="CPF inválido"):
        open_case(cpf="123.456.789-00")


def test_month_precision_is_kept_and_normalized():
    case = open_case(occurred_on=date(2026, 2, 17), occurred_precision="month")
    assert case.occurred_on == date(2026, 2, 1)
    assert case.occurred_display == "02/2026"


def test_the_narrative_is_encrypted_at_rest():
    case = open_case()
    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM cases_case WHERE id = %s", [case.pk])
        stored = cursor.fetchone()[0]
    assert "professora" not in stored and stored.startswith("v1$")


def test_a_service_without_active_adhesion_cannot_register():
    with pytest.raises(AdhesionInactive):
        open_case("cras.jf")


def test_managers_and_admins_do_not_register_cases():
    for username in ("gestor.passos", "admin.passos", "auditor.mg"):
        with pytest.raises(NotPermitted):
            open_case(username)


def test_violations_are_counted_per_act():
    case = open_case()
    user = acting("cras.passos")
    second_victim = registration.add_party(
        user, case, "victim", {"full_name": "Bruno Souza", "sex": "M"}, {"age_years": 6}
    )
    type_, _sub = violation_type(with_subtype=False)
    author = case.parties.get(role="author")
    registration.add_violation(
        user, case, {"type": type_, "victim": second_victim, "author": author}
    )
    assert case.violations.count() == 2
    assert list(case.parties.filter(role="victim").values_list("ordinal", flat=True)) == [1, 2]


def test_a_subtype_must_belong_to_its_type():
    case = open_case()
    user = acting("cras.passos")
    types = list(
        term("violation_type")
        .vocabulary.terms.filter(parent__isnull=True, children__isnull=False)
        .distinct()[:2]
    )
    other_subtype = types[1].children.first()
    with pytest.raises(ServiceError, match="não pertence"):
        registration.add_violation(
            user,
            case,
            {"type": types[0], "subtype": other_subtype, "victim": case.parties.get(role="victim")},
        )


def test_closing_warns_about_open_referrals_then_closes_when_confirmed():
    from tests.cases.factories import refer

    case = open_case()
    refer(case)
    user = acting("cras.passos")
    reason = term("closure_reason")
    with pytest.raises(lifecycle.OpenReferralsWarning):
        lifecycle.close_case(user, case, reason=reason)
    lifecycle.close_case(user, case, reason=reason, confirm_open_referrals=True)
    case.refresh_from_db()
    assert case.status == "closed"
    lifecycle.reopen_case(user, case, reason="Nova denúncia da escola")
    case.refresh_from_db()
    assert case.status == "registered"
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds[-2:] == ["closed", "reopened"]
    assert AuditEvent.objects.filter(
        action="case.reopened", reason="Nova denúncia da escola"
    ).exists()


def test_only_the_registering_service_closes():
    from serdh.cases import referrals
    from tests.cases.factories import refer

    case = open_case()
    referral = refer(case)
    referrals.transition_referral(acting("ct.passos"), referral, "accept")
    with pytest.raises(NotPermitted):
        lifecycle.close_case(acting("ct.passos"), case, reason=term("closure_reason"))


def test_every_write_leaves_an_audit_event_in_the_same_transaction():
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        open_case()
        raise RuntimeError
    assert AuditEvent.objects.count() == before
    open_case()
    assert AuditEvent.objects.filter(action="case.registered").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_numbers_without_gaps(on_postgres):
    if not on_postgres:
        pytest.skip("the race matters on PostgreSQL (SQLite serializes writers)")
    from serdh.demo import network as demo_network
    from tests.cases.vocab import ensure_vocabularies

    demo_network.seed()
    ensure_vocabularies()
    errors, protocols = [], []

    def register(n):
        try:
            for i in range(5):
                protocols.append(open_case(victim_name=f"Pessoa {n} {i}").protocol)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(int(p[-6:]) for p in protocols)
    assert numbers == list(range(numbers[0], numbers[0] + 40))
    assert len(set(protocols)) == 40
    assert Party.objects.count() >= 80
