"""Linked cases and households (issue 13): a link shows on both cases only to those who may
see both, and never confirms that a case someone cannot see exists; a family is its service's
record, shows its members by name only to who may see them, and lists its cases among those
the reader may see."""

import pytest
from django.urls import reverse

from serdh.cases import referrals
from serdh.core.errors import ServiceError
from serdh.core.models import AuditEvent
from serdh.workflow import assignments, households
from serdh.workflow.models import CaseLink, Household
from tests.cases.factories import acting, open_case, refer
from tests.workflow.factories import second_worker

pytestmark = pytest.mark.django_db

REASON = "Irmãos vítimas do mesmo autor, na mesma casa."


def link(case, other, user="cras.passos", kind="siblings"):
    return households.link_cases(acting(user), case, other=other.protocol, kind=kind, reason=REASON)


def test_a_link_shows_on_both_cases_only_to_who_sees_both(client_for):
    first = open_case(victim_name="Clara Ligada Teste")
    second = open_case(victim_name="Davi Ligado Teste")
    link(first, second)
    cras = client_for("cras.passos")
    for case, other in ((first, second), (second, first)):
        html = cras.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
        assert other.protocol in html and "Irmãos ou irmãs" in html
    # The Conselho Tutelar follows only the first case: no link, no second protocol.
    referrals.transition_referral(acting("ct.passos"), refer(first), "accept")
    html = client_for("ct.passos").get(reverse("cases:case_detail", args=[first.pk]))
    body = html.content.decode()
    assert html.status_code == 200 and "Clara" in body
    assert second.protocol not in body and "Irmãos" not in body


def test_linking_to_a_case_one_cannot_see_answers_as_if_it_did_not_exist():
    mine = open_case(victim_name="Clara Ligada Teste")
    theirs = open_case("cras.bh", victim_name="Bruna Outra Cidade")
    with pytest.raises(ServiceError) as hidden:
        link(mine, theirs)
    with pytest.raises(ServiceError) as missing:
        households.link_cases(
            acting("cras.passos"), mine, other="MG-1999-999999", kind="siblings", reason=REASON
        )
    assert hidden.value.message == missing.value.message
    assert hidden.value.field == "other"
    assert not CaseLink.objects.exists()


def test_a_link_needs_a_reason_once_per_kind_and_can_be_undone(client_for):
    first, second = open_case(), open_case(victim_name="Outra Criança Teste")
    with pytest.raises(ServiceError) as short:
        households.link_cases(
            acting("cras.passos"), first, other=second.protocol, kind="siblings", reason="irmãos"
        )
    assert short.value.field == "reason"
    made = link(first, second)
    with pytest.raises(ServiceError):
        link(second, first)  # the same pair, the same kind
    assert link(first, second, kind="same_author").pk != made.pk
    response = client_for("cras.passos").post(
        reverse("workflow:link_remove", args=[made.pk]), {"case": second.pk}
    )
    assert response["Location"] == reverse("cases:case_detail", args=[second.pk])
    assert CaseLink.objects.get(pk=made.pk).removed_at is not None
    assert AuditEvent.objects.filter(action="case.linked").count() == 2
    assert AuditEvent.objects.filter(action="case.unlinked").count() == 1


def test_the_link_form_keeps_what_was_typed_and_names_the_field(client_for):
    case = open_case()
    response = client_for("cras.passos").post(
        reverse("workflow:link_add", args=[case.pk]),
        {"other": "MG-1999-000001", "kind": "duplicate", "reason": "Mesmo fato registrado"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nenhum caso com este protocolo" in html and "Mesmo fato registrado" in html


def test_a_family_follows_its_cases_together(client_for):
    first = open_case(victim_name="Clara Família Teste")
    second = open_case(victim_name="Davi Família Teste")
    reference = first.parties.get(role="victim").person_id
    family = households.record_household(
        acting("cras.passos"), first, members={}, reference=reference, note="Mãe e dois filhos"
    )
    brother = second.parties.get(role="victim").person_id
    households.record_household(
        acting("cras.passos"), second, members={brother: "sibling"}, household=family
    )
    page = client_for("cras.passos").get(reverse("workflow:household", args=[family.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Clara Família Teste" in html and "Davi Família Teste" in html
    assert first.protocol in html and second.protocol in html
    assert "Irmão ou irmã" in html and "Pessoa de referência" in html
    viewed = AuditEvent.objects.filter(action="household.viewed").latest("seq")
    assert sorted(viewed.data["cases"]) == sorted([first.pk, second.pk])
    # The case page shows the family; the list of the service's families too.
    assert (
        str(family)
        in client_for("cras.passos")
        .get(reverse("cases:case_detail", args=[second.pk]))
        .content.decode()
    )
    assert (
        "Clara Família Teste"
        in client_for("cras.passos").get(reverse("workflow:households")).content.decode()
    )
    # Another service, here or elsewhere, does not find it.
    for other in ("ct.passos", "cras.bh"):
        response = client_for(other).get(reverse("workflow:household", args=[family.pk]))
        assert response.status_code == 404, other


def test_a_worker_sees_by_name_only_the_members_of_cases_in_their_caseload(client_for):
    second_worker()
    mine = open_case("creas.passos", victim_name="Clara Carteira Teste")
    theirs = open_case("creas.passos", victim_name="Davi Outra Carteira")
    coordinator = acting("coord.creas.passos")
    assignments.assign(coordinator, [mine.pk], acting("creas.passos").pk)
    assignments.assign(coordinator, [theirs.pk], acting("creas2.passos").pk)
    family = households.record_household(
        coordinator, mine, members={}, reference=mine.parties.get(role="victim").person_id
    )
    households.record_household(
        coordinator,
        theirs,
        members={theirs.parties.get(role="victim").person_id: "sibling"},
        household=family,
    )
    html = client_for("creas.passos").get(reverse("workflow:household", args=[family.pk]))
    body = html.content.decode()
    assert "Clara Carteira Teste" in body and mine.protocol in body
    assert "Davi Outra Carteira" not in body and theirs.protocol not in body
    assert "pessoa de um caso que você não acompanha" in body
    # The coordinator sees the whole family.
    full = client_for("coord.creas.passos").get(reverse("workflow:household", args=[family.pk]))
    assert "Davi Outra Carteira" in full.content.decode()


def test_a_family_takes_only_persons_of_the_case_and_keeps_its_reference_person():
    first, other = open_case(), open_case(victim_name="Fora Do Caso")
    outsider = other.parties.get(role="victim").person_id
    with pytest.raises(ServiceError):
        households.record_household(acting("cras.passos"), first, members={}, reference=outsider)
    family = households.record_household(
        acting("cras.passos"),
        first,
        members={},
        reference=first.parties.get(role="victim").person_id,
    )
    reference = family.members.get()
    with pytest.raises(ServiceError):
        households.remove_member(acting("cras.passos"), reference)
    assert Household.objects.count() == 1
