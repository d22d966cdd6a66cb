"""The same fact reported by two services is proposed as a linked case (issue 15): proposed
when two registered cases share a victim (a person of the registry, also after a merge), a kind
of violation and a date within 30 days; each registering service answers on its own case,
learning of the other only its service's name and phone unless it may see that case; both
saying "the same" link the cases, either saying "different" closes it; an unmerge withdraws
what the merge proposed."""

from datetime import date

import pytest
from django.urls import reverse

from serdh.cases import registration
from serdh.cases.models import Party, Violation
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.people import merge
from serdh.people.models_merge import PersonMerge
from serdh.vocabularies.models import Term
from serdh.workflow import duplicates
from serdh.workflow.models import CaseLink, DuplicateProposal, Notification
from tests.cases.factories import acting, open_case
from tests.matrix_support import PASSOS

pytestmark = pytest.mark.django_db

CPF = "52998224725"


def victim(case):
    return Party.objects.get(case=case, role="victim").person


def two_services_one_girl(**second):
    """A case of CRAS Passos and one of CREAS Passos about the same girl, joined by a merge."""
    first = open_case("cras.passos", victim_name="Lívia Duplicada Teste")
    other = open_case("creas.passos", victim_name="Livia Duplicada Teste", **second)
    assert victim(first).pk != victim(other).pk  # each service registered its own person
    assert not DuplicateProposal.objects.exists()
    merge.merge(
        victim(first),
        victim(other),
        acting("gestor.passos"),
        "Mesma menina, dois serviços.",
        municipality=PASSOS,
    )
    return first, other


def page(client, case):
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def answer(client, proposal, case, value):
    return client.post(
        reverse("workflow:duplicate_answer", args=[proposal.pk]),
        {"case": case.pk, "answer": value},
    )


def test_a_merge_proposes_the_pair_and_each_service_sees_only_whom_to_call(client_for):
    first, other = two_services_one_girl()
    [proposal] = DuplicateProposal.objects.all()
    assert (proposal.case_a_id, proposal.case_b_id) == (first.pk, other.pk)
    assert proposal.days_apart == 0 and proposal.status == "pending"

    cras = page(client_for("cras.passos"), first)
    assert "Possível registro do mesmo fato" in cras
    assert other.organization.name in cras and other.organization.phone in cras
    assert other.protocol not in cras
    creas = page(client_for("creas.passos"), other)
    assert first.organization.name in creas and first.protocol not in creas

    # Both teams are told that something waits, and nothing else.
    told = Notification.objects.filter(kind="duplicate_proposed")
    assert {n.user.username for n in told} >= {"cras.passos", "creas.passos"}
    for note in told:
        assert "Lívia" not in note.message and "Livia" not in note.message
        assert first.protocol not in note.message and other.protocol not in note.message
    events = AuditEvent.objects.filter(action="case.duplicate_proposed")
    assert events.count() == 1 and "Lívia" not in str(events.get().data)


def test_both_services_saying_the_same_fact_link_the_cases(client_for):
    first, other = two_services_one_girl()
    proposal = DuplicateProposal.objects.get()
    cras, creas = client_for("cras.passos"), client_for("creas.passos")
    assert answer(cras, proposal, first, "same").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "pending" and proposal.a_same is True
    assert "O seu serviço já respondeu" in page(cras, first)
    assert "O outro serviço já respondeu" in page(creas, other)
    assert not CaseLink.objects.exists()

    answer(creas, proposal, other, "same")
    proposal.refresh_from_db()
    assert proposal.status == "confirmed"
    link = CaseLink.objects.get(kind="duplicate")
    assert proposal.link_id == link.pk
    assert (link.case_a_id, link.case_b_id) == (first.pk, other.pk)
    # The link shows only to those who see both cases: neither service here.
    assert "Possível registro do mesmo fato" not in page(cras, first)
    assert other.protocol not in page(cras, first)
    assert AuditEvent.objects.filter(action="case.duplicate_answered").count() == 2


def test_either_service_saying_different_closes_it_without_a_link(client_for):
    first, other = two_services_one_girl()
    proposal = DuplicateProposal.objects.get()
    answer(client_for("creas.passos"), proposal, other, "different")
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.b_same is False
    assert "Possível registro do mesmo fato" not in page(client_for("cras.passos"), first)
    with pytest.raises(ServiceError):
        duplicates.answer(acting("cras.passos"), proposal.pk, first, True)
    assert not CaseLink.objects.exists()
    # A rejected pair is not proposed again by the next change.
    duplicates.propose_for_case(first)
    assert DuplicateProposal.objects.count() == 1


def test_only_the_registering_service_answers_and_only_on_its_own_case(client_for):
    first, other = two_services_one_girl()
    proposal = DuplicateProposal.objects.get()
    # CRAS cannot answer for CREAS's case, nor a third service for either.
    assert answer(client_for("cras.passos"), proposal, other, "same").status_code == 404
    assert answer(client_for("ct.passos"), proposal, first, "same").status_code == 404
    assert answer(client_for("cras.bh"), proposal, first, "same").status_code == 404
    with pytest.raises(NotPermitted):
        duplicates.answer(acting("ct.passos"), proposal.pk, first, True)
    # Managers and the auditor do not take part (not casework).
    for username in ("gestor.passos", "auditor.mg"):
        assert answer(client_for(username), proposal, first, "same").status_code == 403
    proposal.refresh_from_db()
    assert proposal.a_same is None and proposal.b_same is None
    # A GET changes nothing.
    get = client_for("cras.passos").get(reverse("workflow:duplicate_answer", args=[proposal.pk]))
    assert get.status_code == 405


def test_far_apart_dates_or_other_kinds_of_violation_are_not_proposed():
    first, other = two_services_one_girl(occurred_on=date(2026, 5, 1), reported_on=date(2026, 5, 2))
    assert not DuplicateProposal.objects.exists()  # 61 days apart
    # Within the window but another kind of violation: not proposed either.
    near = open_case("cras.passos", victim_name="Lívia Duplicada Teste", register=False)
    Party.objects.filter(case=near, role="victim").update(person=victim(first))
    kinds = Term.objects.filter(vocabulary__key="violation_type", parent__isnull=True)
    used = Violation.objects.get(case=first).type_id
    Violation.objects.filter(case=near).update(
        type=kinds.exclude(pk=used).order_by("order").first(), subtype=None
    )
    registration.register_case(acting("cras.passos"), near)
    assert not DuplicateProposal.objects.exists()


def test_the_same_service_twice_sees_the_other_protocol_and_answers_both_sides(client_for):
    first = open_case("cras.passos", victim_name="Nina Repetida Teste", cpf=CPF)
    second = open_case("cras.passos", victim_name="Nina Repetida Teste", register=False)
    # The service reuses its own person (the suggestion at intake offers it).
    Party.objects.filter(case=second, role="victim").update(person=victim(first))
    assert not DuplicateProposal.objects.exists()  # a draft is not proposed
    registration.register_case(acting("cras.passos"), second)
    second.refresh_from_db()
    proposal = DuplicateProposal.objects.get()
    cras = client_for("cras.passos")
    assert second.protocol in page(cras, first)
    answer(cras, proposal, first, "same")
    answer(cras, proposal, second, "same")
    assert CaseLink.objects.get(kind="duplicate")
    assert first.protocol in page(cras, second)  # now as a linked case


def test_an_unmerge_withdraws_what_the_merge_proposed():
    first, other = two_services_one_girl()
    record = PersonMerge.objects.get()
    merge.unmerge(record, acting("gestor.passos"), "Eram meninas diferentes, afinal.")
    assert not DuplicateProposal.objects.exists()
    assert AuditEvent.objects.filter(action="case.duplicate_withdrawn").count() == 1


def test_the_same_fact_confirmed_is_counted_once_in_monitoring_and_again_twice_once_unlinked(
    client_for,
):
    from django.utils import timezone

    from serdh.core import audit
    from serdh.monitoring import facts
    from serdh.monitoring.models import CaseFact, ReferralFact, ViolationFact

    first, other = two_services_one_girl()
    assert CaseFact.objects.filter(case_id__in=[first.pk, other.pk]).count() == 2
    violations = ViolationFact.objects.filter(case_id=other.pk).count()
    assert violations >= 1
    proposal = DuplicateProposal.objects.get()
    answer(client_for("cras.passos"), proposal, first, "same")
    answer(client_for("creas.passos"), proposal, other, "same")
    # The newer case is the same fact as the older one: its violations and the case itself
    # are counted through the older case only; its referrals still count as the network's work.
    assert list(
        CaseFact.objects.filter(case_id__in=[first.pk, other.pk]).values_list("case_id", flat=True)
    ) == [first.pk]
    assert not ViolationFact.objects.filter(case_id=other.pk).exists()
    assert ViolationFact.objects.filter(case_id=first.pk).exists()
    assert ReferralFact.objects.filter(case_id=other.pk).count() == other.referrals.count()
    rebuilt = facts.build(facts.cases_for_facts().filter(pk__in=[first.pk, other.pk]))
    assert [f.case_id for f in rebuilt[2]] == [first.pk]  # the full rebuild agrees

    link = CaseLink.objects.get(kind="duplicate")
    link.removed_at = timezone.now()
    link.save(update_fields=["removed_at"])
    audit.record("case.unlinked", link.case_a, data={"link": link.pk})
    assert ViolationFact.objects.filter(case_id=other.pk).count() == violations
    assert CaseFact.objects.filter(case_id=other.pk).exists()
