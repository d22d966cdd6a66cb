"""Retention (issue 12): closed cases older than the retention period lose narratives and
identities, keep their facts; the dry run changes nothing; each batch is an audit event; a
person still in a live case keeps their identity."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from faker import Faker

from serdh.cases import lifecycle
from serdh.cases.models import Case, Party
from serdh.core.errors import ServiceError
from serdh.core.models import AuditEvent
from serdh.people.models import Person, PersonNameToken
from serdh.privacy import retention
from tests.cases.factories import acting, follow, open_case, term

fake = Faker("pt_BR")


def closed_case(years_ago, cpf="", name="Joana Prado Teixeira"):
    case = open_case(victim_name=name, cpf=cpf)
    follow(case, "cras.passos")
    lifecycle.close_case(
        acting("cras.passos"), case, reason=term("closure_reason"), note="Família acompanhada."
    )
    closed = timezone.now() - timedelta(days=int(365.25 * years_ago))
    Case.objects.filter(pk=case.pk).update(closed_at=closed)
    return Case.objects.get(pk=case.pk)


def victim_of(case):
    return Party.objects.get(case=case, role="victim").person


def test_the_dry_run_reports_and_changes_nothing(db):
    old = closed_case(6)
    recent = closed_case(1, name="Marta Ribeiro Campos")
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "1 casos a anonimizar" in text and "Simulação: nada foi alterado" in text
    assert str(old.closed_at.year) in text
    old.refresh_from_db()
    assert old.anonymized_at is None and old.narrative
    assert recent.pk not in retention.due_cases().values_list("pk", flat=True)


def test_a_run_removes_narratives_and_identities_and_keeps_the_facts(db):
    cpf = fake.cpf().replace(".", "").replace("-", "")
    case = closed_case(6, cpf=cpf)
    person = victim_of(case)
    violations_before = list(case.violations.values_list("type_id", "relationship_id"))
    err = StringIO()
    call_command("retention", stdout=StringIO(), stderr=err)
    assert "Anonimizando [" in err.getvalue()  # the progress line
    case.refresh_from_db()
    person.refresh_from_db()
    assert case.anonymized_at and case.narrative == "" and case.closure_note == ""
    assert [f.description for f in case.follow_ups.all()] == [""]
    assert list(case.violations.values_list("type_id", "relationship_id")) == violations_before
    assert case.municipality_id and case.occurred_on and case.closure_reason_id
    party = Party.objects.get(case=case, role="victim")
    assert party.age_years == 9 and party.sex == "F"  # facts kept
    assert person.anonymized_at and person.full_name == "" and person.cpf == ""
    assert person.cpf_index == "" and person.birth_precision == "year"
    assert not PersonNameToken.objects.filter(person=person).exists()
    event = AuditEvent.objects.get(action="retention.anonymized")
    assert event.data["cases"] == 1 and event.data["persons"] >= 1
    # Run again: nothing left to do, no new event.
    assert retention.run() == (0, 0)
    assert AuditEvent.objects.filter(action="retention.anonymized").count() == 1


def test_a_person_with_a_live_case_keeps_their_identity(db):
    cpf = fake.cpf().replace(".", "").replace("-", "")
    old = closed_case(6, cpf=cpf)
    live = open_case(victim_name="Joana Prado Teixeira")
    # The same woman in a new case (as matching would link her).
    Party.objects.filter(case=live, role="victim").update(person=victim_of(old))
    retention.run()
    person = Person.objects.get(pk=victim_of(live).pk)
    assert person.anonymized_at is None and person.full_name == "Joana Prado Teixeira"
    old.refresh_from_db()
    assert old.anonymized_at and old.narrative == ""


def test_an_anonymized_case_cannot_be_reopened(db):
    case = closed_case(6)
    retention.run()
    case.refresh_from_db()
    try:
        lifecycle.reopen_case(acting("cras.passos"), case, reason="Nova denúncia")
    except ServiceError as exc:
        assert "anonimizado" in exc.message
    else:
        raise AssertionError("an anonymized case was reopened")


def test_the_period_is_a_setting(db, settings):
    case = closed_case(2)
    assert case.pk not in retention.due_cases().values_list("pk", flat=True)
    settings.SERDH_RETENTION_YEARS = 1
    assert case.pk in retention.due_cases().values_list("pk", flat=True)


def test_the_worker_runs_it(db):
    from serdh.core import periodic

    case = closed_case(6)
    job = next(j for j in periodic.jobs() if j.name == "retention")
    job.run_once()
    case.refresh_from_db()
    assert case.anonymized_at is not None
    assert AuditEvent.objects.get(action="retention.anonymized").channel == "task"
