"""Review, merge and unmerge of duplicate persons (issue 15): a merge moves every link of the
absorbed person and keeps it, an unmerge restores the exact previous persons; the reviewer is
never who proposed the pair, sees only their territory's pairs, and sees them masked; a merge
that would break a uniqueness rule changes nothing."""

import re
from datetime import date

import pytest
from django.urls import reverse
from faker import Faker

from serdh.accounts.models import User
from serdh.cases import registration
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.network.models import Municipality, Organization
from serdh.people import merge, relink, review, services
from serdh.people.choices import CandidateStatus, Origin
from serdh.people.matching.compare import FIELDS
from serdh.people.models import MatchCandidate, Person, PersonMerge
from serdh.people.selectors import persons_named
from serdh.privacy import subject
from serdh.workflow import households
from tests.cases.factories import acting, open_case
from tests.matrix_support import BH, PASSOS

pytestmark = pytest.mark.django_db

LEVELS = [0] * len(FIELDS)  # what the proposer says; a decision stores the levels seen


def victim_of(case):
    return case.parties.get(role="victim").person


def snapshot(*persons):
    """Everything a merge may touch: the persons' fields (decrypted), every row that points at
    them, and their derived rows (name tokens, matching keys: rebuilt, so compared by
    content)."""
    ids = [p.pk for p in persons]
    fields = {
        p.pk: {
            f.attname: getattr(p, f.attname)
            for f in Person._meta.concrete_fields
            if f.attname != "updated_at"
        }
        for p in Person.objects.filter(pk__in=ids)
    }
    links = {}
    for model, field in relink.links():
        rows = model._base_manager.filter(**{f"{field.attname}__in": ids})
        for pk, person_id in rows.values_list("pk", field.attname):
            links[(relink.key(model, field), pk)] = person_id
    derived = set()
    for model, field in relink.links(derived=True):
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        rows = model._base_manager.filter(**{f"{field.attname}__in": ids})
        derived |= {(model._meta.label, *row) for row in rows.values_list(*names)}
    return fields, links, derived


def propose(a, b, municipality=PASSOS, **kwargs):
    return merge.propose((a, b), 0.6, LEVELS, Origin.BATCH, municipality=municipality, **kwargs)


def test_merging_and_unmerging_a_person_with_parties_in_three_cases_restores_them_exactly():
    worker = acting("cras.passos")
    own = open_case(victim_name="Ana Beatriz Souza")
    survivor = victim_of(own)
    first = open_case(victim_name="Ana Beatriz de Souza", cpf="529.982.247-25")
    absorbed = victim_of(first)
    services.update_person(absorbed, {"mother_name": "Maria das Dores Souza"})
    second = open_case(victim_name="Bruno Outra Criança")
    third = open_case(victim_name="Carla Outra Criança")
    registration.add_party(worker, second, "witness", {}, {}, reuse_person=absorbed)
    registration.add_party(worker, third, "reporter", {}, {}, reuse_person=absorbed)
    family = households.record_household(worker, first, members={}, reference=absorbed.pk)
    request = subject.open_request(
        User.objects.get(username="auditor.mg"),
        absorbed,
        reason="Pedido de acesso do próprio titular",
        reference="T-15",
    )
    assert absorbed.parties.count() == 3
    before = snapshot(survivor, absorbed)

    candidate = propose(survivor, absorbed)
    merge.decide(candidate, acting("gestor.passos"), "accept", "Mesma criança, dois serviços.")

    survivor.refresh_from_db()
    absorbed.refresh_from_db()
    assert absorbed.merged_into_id == survivor.pk and absorbed.merged_at is not None
    assert set(survivor.parties.values_list("case_id", flat=True)) == {
        own.pk,
        first.pk,
        second.pk,
        third.pk,
    }
    assert not absorbed.parties.exists()
    assert family.members.get().person_id == survivor.pk
    family.refresh_from_db()
    assert family.reference_person_id == survivor.pk
    request.refresh_from_db()
    assert request.person_id == survivor.pk
    # The survivor's empty fields took the absorbed person's values; its own stayed.
    assert survivor.full_name == "Ana Beatriz Souza"
    assert survivor.mother_name == "Maria das Dores Souza" and survivor.cpf == "52998224725"
    assert survivor.cpf_index == absorbed.cpf_index
    # The absorbed person is kept whole, and found by no search.
    assert absorbed.full_name == "Ana Beatriz de Souza"
    assert not persons_named("Ana Beatriz de Souza").filter(person_id=absorbed.pk).exists()
    record = PersonMerge.objects.get()
    assert record.moved_count == 6  # three parties, the household twice, the request
    assert set(record.filled_fields) == {"mother_name", "cpf", "cpf_index"}

    merge.unmerge(record, acting("gestor.mg"), "Eram duas crianças diferentes.")

    survivor.refresh_from_db()
    absorbed.refresh_from_db()
    assert snapshot(survivor, absorbed) == before
    record.refresh_from_db()
    assert record.undone_at is not None and record.undone_by.username == "gestor.mg"
    merged = AuditEvent.objects.get(action="person.merged")
    unmerged = AuditEvent.objects.get(action="person.unmerged")
    assert merged.flagged and unmerged.flagged
    assert merged.data["survivor"] == unmerged.data["survivor"] == survivor.pk
    assert unmerged.data["restored"] == {k: len(v) for k, v in record.moved.items()}
    assert AuditEvent.objects.filter(action="match_candidate.accepted", flagged=True).count() == 1


def test_an_unmerge_leaves_a_field_the_service_corrected_since():
    survivor = victim_of(open_case(victim_name="Paula Regina Dias"))
    absorbed = victim_of(open_case(victim_name="Paula Regina Dias"))
    services.update_person(absorbed, {"mother_name": "Rosa Dias"})
    made = merge.merge(
        survivor, absorbed, acting("gestor.passos"), "Mesma pessoa.", municipality=PASSOS
    )
    survivor.refresh_from_db()
    services.update_person(survivor, {"mother_name": "Rosa Maria Dias"})
    merge.unmerge(made, acting("gestor.passos"), "Foi engano da revisão.")
    survivor.refresh_from_db()
    assert survivor.mother_name == "Rosa Maria Dias"


def test_merges_are_undone_in_reverse_order():
    a, b, c = (victim_of(open_case(victim_name="Irene Campos Teste")) for _ in range(3))
    manager = acting("gestor.passos")
    older = merge.merge(a, b, manager, "Mesma pessoa.", municipality=PASSOS)
    newer = merge.merge(a, c, manager, "Mesma pessoa de novo.", municipality=PASSOS)
    with pytest.raises(ServiceError) as blocked:
        merge.unmerge(older, manager, "Não eram a mesma.")
    assert f"nº {newer.pk}" in blocked.value.message
    merge.unmerge(newer, manager, "Não eram a mesma.")
    merge.unmerge(older, manager, "Não eram a mesma.")
    assert not Person.objects.filter(pk__in=[a.pk, b.pk, c.pk], merged_into__isnull=False).exists()


def test_a_reviewer_cannot_accept_a_candidate_they_proposed(client_for):
    a = victim_of(open_case(victim_name="Helena Prado Lima"))
    b = victim_of(open_case("creas.passos", victim_name="Helena Prado Lima"))
    candidate = propose(a, b, user=acting("gestor.passos"))
    with pytest.raises(ServiceError):
        merge.decide(candidate, acting("gestor.passos"), "accept", "Sou eu mesma.")
    response = client_for("gestor.passos").post(
        reverse("people:candidate_decide", args=[candidate.pk]),
        {"decision": "accept", "note": "Sou eu mesma."},
    )
    assert response.status_code == 200
    assert "Quem propôs o par não pode revisá-lo" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING and not PersonMerge.objects.exists()
    merge.decide(candidate, acting("gestor.mg"), "accept", "Mesma pessoa.")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ACCEPTED and candidate.decided_by.username == (
        "gestor.mg"
    )


def test_a_municipal_manager_cannot_see_or_decide_another_municipalitys_candidates(client_for):
    a = victim_of(open_case("cras.bh", victim_name="Sônia Reis Teste"))
    b = victim_of(open_case("ct.bh", victim_name="Sonia Reis Teste"))
    candidate = propose(a, b, municipality=BH)
    passos = client_for("gestor.passos")
    queue = passos.get(reverse("people:review_queue")).content.decode()
    assert reverse("people:candidate", args=[candidate.pk]) not in queue
    assert passos.get(reverse("people:candidate", args=[candidate.pk])).status_code == 404
    attack = passos.post(
        reverse("people:candidate_decide", args=[candidate.pk]),
        {"decision": "accept", "note": "Tomada."},
    )
    assert attack.status_code == 404
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING and candidate.decided_by is None
    assert not PersonMerge.objects.exists()
    assert not AuditEvent.objects.filter(action="match_candidate.viewed").exists()
    with pytest.raises(NotPermitted):
        merge.decide(candidate, acting("gestor.passos"), "reject", "")
    # Their own municipality's manager and the state's see it.
    for username in ("gestor.bh", "gestor.mg"):
        page = client_for(username).get(reverse("people:candidate", args=[candidate.pk]))
        assert page.status_code == 200
    assert AuditEvent.objects.filter(action="match_candidate.viewed").count() == 2
    # A service never reaches the review.
    assert client_for("cras.bh").get(reverse("people:review_queue")).status_code == 403


def test_the_review_page_shows_no_full_name_birth_date_or_identifier_digits(client_for):
    fake = Faker("pt_BR")
    fake.seed_instance(1515)
    organization = Organization.objects.get(name="CRAS Centro — Passos")
    name = f"{fake.first_name_female()} {fake.last_name()} {fake.last_name()}"
    mother = f"{fake.first_name_female()} {fake.last_name()}"
    born = fake.date_of_birth(minimum_age=3, maximum_age=70)
    # Day and month both up to 12 and different: the second record swaps them.
    day = born.day % 12 + 1
    day = day if day != born.month else born.month % 12 + 1
    birth, swapped = date(born.year, born.month, day), date(born.year, day, born.month)
    cpf = fake.cpf()
    person = {"mother_name": mother, "sex": "F", "cpf": cpf}
    a = services.create_person(
        organization,
        {
            **person,
            "full_name": name,
            "birth_date": birth,
            "residence_municipality": Municipality.objects.get(pk=PASSOS),
        },
    )
    b = services.create_person(
        organization, {**person, "full_name": name.upper(), "birth_date": swapped}
    )
    candidate = propose(a, b)
    manager = client_for("gestor.mg")
    baseline = manager.get(reverse("people:review_queue")).content.decode()  # menu, user name
    html = manager.get(reverse("people:candidate", args=[candidate.pk]))
    assert html.status_code == 200
    body = html.content.decode()
    words = {w for text in (name, mother) for w in text.split() if len(w) >= 4}
    for text in (name, name.upper(), mother, *words):
        pattern = rf"\b{re.escape(text)}\b"
        shown = re.search(pattern, body, re.IGNORECASE)
        assert not shown or re.search(pattern, baseline, re.IGNORECASE), text
    digits = re.sub(r"\D", "", cpf)
    assert cpf not in body and digits not in body and digits[3:9] not in body
    for day in (birth, swapped):
        assert day.isoformat() not in body and day.strftime("%d/%m/%Y") not in body
    assert review.initials(name) in body and str(birth.year) in body
    assert re.search(r"<th scope=\"row\">CPF</th><td>informado</td><td>informado</td>", body)
    assert "dia e mês trocados" in body
    assert AuditEvent.objects.filter(
        action="match_candidate.viewed", object_id=str(candidate.pk)
    ).exists()


def test_a_unique_constraint_conflict_leaves_everything_as_it_was(client_for):
    worker = acting("cras.passos")
    case = open_case(victim_name="Marta Vieira Gomes")
    a = victim_of(case)
    b = victim_of(open_case(victim_name="Marta Vieira Gomes"))
    registration.add_party(worker, case, "witness", {}, {}, reuse_person=b)
    households.record_household(worker, case, members={b.pk: "sibling"}, reference=a.pk)
    candidate = propose(a, b)
    before = snapshot(a, b)
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as refused:
        merge.decide(candidate, acting("gestor.passos"), "accept", "Mesma pessoa.")
    assert "Nada foi alterado" in refused.value.message
    assert "membro da família" in refused.value.message
    response = client_for("gestor.passos").post(
        reverse("people:candidate_decide", args=[candidate.pk]),
        {"decision": "accept", "note": "Mesma pessoa."},
    )
    assert response.status_code == 200 and "Nada foi alterado" in response.content.decode()
    assert snapshot(a, b) == before
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PENDING and candidate.decided_at is None
    assert not PersonMerge.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["person.merged", "match_candidate.accepted"])
    assert AuditEvent.objects.exclude(action="match_candidate.viewed").count() == events


def test_a_pair_is_proposed_once_while_it_waits_and_decisions_feed_training():
    a = victim_of(open_case(victim_name="Olga Martins Teste"))
    b = victim_of(open_case(victim_name="Olga Martins Teste"))
    c = victim_of(open_case(victim_name="Olga Martins Souza"))
    first = propose(b, a)
    assert (first.person_a_id, first.person_b_id) == (a.pk, b.pk)
    assert propose(a, b).pk == first.pk and MatchCandidate.objects.count() == 1
    assert propose(a, a) is None
    other = propose(a, c)
    merge.decide(other, acting("gestor.passos"), "reject", "Mães diferentes.")
    assert propose(c, a).pk == other.pk  # judged different: not asked again
    merge.decide(first, acting("gestor.passos"), "accept", "")
    assert propose(b, c) is None  # b was absorbed
    labels = sorted(is_match for _levels, is_match in merge.decisions())
    assert labels == [False, True]
    first.refresh_from_db()
    assert len(first.levels) == len(FIELDS) and first.levels != LEVELS
    # An undone merge leaves the training data: its label is in doubt.
    merge.unmerge(first.merges.get(), acting("gestor.passos"), "Foi engano da revisão.")
    assert [m for _levels, m in merge.decisions()] == [False]


def test_the_pages_answer_in_portuguese_and_undo_needs_a_reason(client_for):
    a = victim_of(open_case(victim_name="Vera Lúcia Nunes"))
    b = victim_of(open_case(victim_name="Vera Lucia Nunes"))
    manager = client_for("gestor.passos")
    candidate = propose(a, b)
    url = reverse("people:candidate_decide", args=[candidate.pk])
    assert "Escolha uma decisão." in manager.post(url, {"note": "x"}).content.decode()
    assert manager.post(url, {"decision": "accept", "note": ""}).status_code == 302
    history = manager.get(reverse("people:merge_list")).content.decode()
    made = PersonMerge.objects.get()
    assert reverse("people:merge_undo", args=[made.pk]) in history and "Vera" not in history
    undo = reverse("people:merge_undo", args=[made.pk])
    refused = manager.post(undo, {"reason": ""}).content.decode()
    assert "Diga por que a unificação deve ser desfeita." in refused
    assert Person.objects.get(pk=b.pk).merged_into_id == a.pk
    assert manager.post(undo, {"reason": "Pessoas diferentes."}).status_code == 302
    assert Person.objects.get(pk=b.pk).merged_into_id is None
