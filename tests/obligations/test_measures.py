"""Protective measures and Maria da Penha urgent requests (issue 14): who may receive which
measure and who applies it (ECA arts. 101, 129, 136; Lei 11.340/2006 arts. 12-C, 22-24), the
court's 48 hours (Lei 11.340/2006 art. 18) as a tracked obligation, the pages and who sees
them. Each rule's test names its article."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from serdh.cases import registration
from serdh.cases.models import CaseEvent
from serdh.core.errors import NotPermitted, ServiceError
from serdh.core.models import AuditEvent
from serdh.obligations import measures
from serdh.obligations.models import Obligation, ProtectiveMeasure, UrgentMeasureRequest
from tests.cases.factories import acting
from tests.obligations.factories import case_with, code

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 12)


def measure(code_):
    return code("protective_measure", code_)


def party(case, role="victim"):
    return case.parties.filter(role=role).order_by("pk").first()


def sipia(**extra):
    return {
        "rights_group": code("rights_group", "freedom_respect_dignity"),
        "violator_type": code("violator_type", "parents_guardian"),
        **extra,
    }


def apply_101(case, username="ct.passos", item="eca_101.guidance", **extra):
    data = {
        "measure": measure(item),
        "party_id": party(case).pk,
        "applied_by": "ct",
        "applied_on": TODAY,
        "review_on": TODAY + timedelta(days=90),
        **sipia(),
        **extra,
    }
    return measures.record_measure(acting(username), case, **data)


@pytest.fixture
def child_case(db):
    """A Conselho Tutelar case: a girl of 9, physical violence by her father."""
    return case_with("ct.passos", age=9, victim_name="Criança Fictícia Teste")


@pytest.fixture
def woman_case(db):
    """A CREAS case: a woman of 32, physical violence by her partner."""
    return case_with(
        "creas.passos", age=32, relationship="partner", victim_name="Mulher Fictícia Teste"
    )


def request_for(case, *, hours_ago=3, items=("lmp_23.protection_programme", "lmp_22.no_contact")):
    return measures.record_request(
        acting("creas.passos"),
        case,
        victim_id=party(case).pk,
        author_id=party(case, "author").pk,
        requested_at=timezone.now() - timedelta(hours=hours_ago),
        court="Vara Criminal de Passos",
        process_number="0000000-00.2026.8.13.0000",
        measures=[measure(c) for c in items],
    )


# --- ECA ---------------------------------------------------------------------------------


def test_eca_art_101_the_conselho_tutelar_applies_a_measure_to_the_child(child_case):
    row = apply_101(child_case, note="Família orientada; retorno em 90 dias.")
    assert row.status == "in_force" and row.applied_on == TODAY
    assert row.applying_organization.name == "Conselho Tutelar de Passos"
    assert row.applying_body == "" and row.party.role == "victim"
    event = CaseEvent.objects.filter(case=child_case, kind="measure").get()
    assert "art. 101, II" in event.summary and "Criança Fictícia" not in event.summary
    audit = AuditEvent.objects.filter(action="obligation.measure_recorded").latest("seq")
    assert audit.data["term"] == "eca_101.guidance"
    assert "Família orientada" not in str(audit.data)


def test_eca_art_101_only_to_a_child_or_adolescent_under_18(child_case, woman_case):
    with pytest.raises(ServiceError, match="criança ou ao adolescente") as refused:
        apply_101(child_case, party_id=party(child_case, "author").pk)
    assert refused.value.field == "party_id"
    # ECA art. 2º: an adult victim is not a child or adolescent.
    with pytest.raises(ServiceError, match="criança ou ao adolescente"):
        apply_101(woman_case, username="creas.passos", applying_body="Conselho Tutelar")


def test_eca_art_136_the_conselho_tutelar_applies_items_i_to_vii_the_judiciary_the_rest(
    child_case,
):
    # Art. 136, I: art. 101, I-VII; art. 101, VIII-IX only by the judiciary (art. 101 § 2º).
    with pytest.raises(ServiceError, match="esta medida é do Judiciário") as refused:
        apply_101(child_case, item="eca_101.substitute_family")
    assert refused.value.field == "applied_by"
    row = apply_101(
        child_case,
        item="eca_101.foster_care",
        applied_by="judiciary",
        applying_body="Vara da Infância e da Juventude de Passos",
    )
    assert row.applier_name == "Vara da Infância e da Juventude de Passos"
    # The judiciary's name is needed when a service outside the court records its measure.
    with pytest.raises(ServiceError, match="Informe o órgão") as refused:
        apply_101(child_case, item="eca_101.foster_care", applied_by="judiciary")
    assert refused.value.field == "applying_body"
    # Art. 136, III, a: requisitions of public services are the Conselho Tutelar's.
    requisition = apply_101(child_case, item="eca_136.health")
    assert requisition.measure.legal_source.endswith("art. 136, III, a")
    with pytest.raises(ServiceError, match="art. 136, III, a, é do Conselho Tutelar"):
        apply_101(
            child_case, item="eca_136.education", applied_by="judiciary", applying_body="Vara"
        )


def test_eca_art_129_measures_go_to_the_parents_or_the_guardian(child_case):
    ct = acting("ct.passos")
    author = party(child_case, "author")  # recorded as the girl's father
    row = measures.record_measure(
        ct,
        child_case,
        measure=measure("eca_129.warning"),
        party_id=author.pk,
        applied_by="ct",
        applied_on=TODAY,
        **sipia(),
    )
    assert row.party == author
    guardian = registration.add_party(
        ct, child_case, "guardian", {"full_name": "Avó Fictícia Teste", "sex": "F"}, {}
    )
    row = measures.record_measure(
        ct,
        child_case,
        measure=measure("eca_129.school_duty"),
        party_id=guardian.pk,
        applied_by="ct",
        applied_on=TODAY,
        **sipia(),
    )
    assert row.party == guardian
    with pytest.raises(ServiceError, match="pais ou ao responsável") as refused:
        measures.record_measure(
            ct,
            child_case,
            measure=measure("eca_129.warning"),
            party_id=party(child_case).pk,
            applied_by="ct",
            applied_on=TODAY,
            **sipia(),
        )
    assert refused.value.field == "party_id"
    # Art. 129, X (poder familiar) is for the judiciary only (arts. 24 and 136, II).
    with pytest.raises(ServiceError, match="Judiciário"):
        measures.record_measure(
            ct,
            child_case,
            measure=measure("eca_129.parental_authority"),
            party_id=author.pk,
            applied_by="ct",
            applied_on=TODAY,
            **sipia(),
        )


def test_eca_art_98_sipia_ct_classification_is_required_for_eca_measures(child_case):
    with pytest.raises(ServiceError, match="direito fundamental violado") as refused:
        apply_101(child_case, rights_group=None)
    assert refused.value.field == "rights_group"
    with pytest.raises(ServiceError, match="agente violador") as refused:
        apply_101(child_case, violator_type=None)
    assert refused.value.field == "violator_type"
    with pytest.raises(ServiceError, match="direito violado da lista"):
        apply_101(child_case, rights_group=code("violator_type", "state"))
    # The crosswalk suggests the group of the case's violation (physical violence).
    suggested = [t.code for t in measures.suggested_rights_groups(child_case)]
    assert suggested == ["freedom_respect_dignity"]


def test_dates_are_checked(child_case):
    with pytest.raises(ServiceError, match="futuro") as refused:
        apply_101(child_case, applied_on=timezone.localdate() + timedelta(days=1))
    assert refused.value.field == "applied_on"
    with pytest.raises(ServiceError, match="revisão não pode ser antes") as refused:
        apply_101(child_case, review_on=TODAY - timedelta(days=1))
    assert refused.value.field == "review_on"


def test_the_recording_service_reviews_ends_or_revokes_a_measure(child_case):
    row = apply_101(child_case)
    ct = acting("ct.passos")
    row = measures.change_measure(ct, row, status="in_force", review_on=TODAY + timedelta(180))
    assert row.review_on == TODAY + timedelta(180)
    with pytest.raises(ServiceError, match="Informe quando") as refused:
        measures.change_measure(ct, row, status="ended")
    assert refused.value.field == "ended_on"
    row = measures.change_measure(ct, row, status="revoked", ended_on=TODAY, note="Revogada.")
    assert row.status == "revoked" and row.ended_on == TODAY and "Revogada." in row.note
    with pytest.raises(ServiceError, match="em vigor"):
        measures.change_measure(ct, row, status="ended", ended_on=TODAY)
    assert CaseEvent.objects.filter(case=child_case, kind="measure").count() == 3


# --- Lei Maria da Penha --------------------------------------------------------------------


def test_lei_11340_art_18_court_decides_within_48_hours(woman_case):
    request = request_for(woman_case, hours_ago=3)
    obligation = Obligation.objects.get(case=woman_case, kind="protective_decision")
    assert obligation.rule == "lei11340.18" and obligation.status == "due"
    assert obligation.organization.name == "CREAS Passos"
    assert obligation.due_at == request.requested_at + timedelta(hours=48)
    assert obligation.victim == party(woman_case)
    asked = {m.measure.code: m for m in request.measures.all()}
    assert {m.status for m in asked.values()} == {"requested"}
    assert asked["lmp_22.no_contact"].party.role == "author"
    assert asked["lmp_23.protection_programme"].party.role == "victim"
    # The decision, in part, fulfils the obligation on time (done_at = decided_at).
    decided_at = timezone.now() - timedelta(hours=1)
    measures.record_decision(
        acting("creas.passos"),
        request,
        decided_at=decided_at,
        decision="partly",
        granted=[asked["lmp_22.no_contact"].pk],
        expires_on=timezone.localdate() + timedelta(days=180),
    )
    obligation.refresh_from_db()
    assert obligation.status == "done" and obligation.done_how == "decision"
    assert obligation.done_at == decided_at and obligation.on_time
    statuses = dict(request.measures.values_list("measure__code", "status"))
    assert statuses == {"lmp_22.no_contact": "in_force", "lmp_23.protection_programme": "denied"}
    granted = request.measures.get(status="in_force")
    assert granted.applied_on == timezone.localtime(decided_at).date()
    assert granted.expires_on == timezone.localdate() + timedelta(days=180)
    with pytest.raises(ServiceError, match="já foi registrada"):
        measures.record_decision(
            acting("creas.passos"), request, decided_at=decided_at, decision="granted"
        )


def test_lei_11340_art_18_a_decision_after_48_hours_is_late(woman_case):
    request = request_for(woman_case, hours_ago=80, items=("lmp_23.separation",))
    measures.record_decision(
        acting("creas.passos"), request, decided_at=timezone.now(), decision="denied"
    )
    obligation = Obligation.objects.get(case=woman_case, kind="protective_decision")
    assert obligation.status == "done" and obligation.on_time is False
    assert request.measures.get().status == "denied"


def test_lei_11340_art_18_the_decision_is_checked(woman_case):
    request = request_for(woman_case)
    creas = acting("creas.passos")
    with pytest.raises(ServiceError, match="anterior ao pedido") as refused:
        measures.record_decision(
            creas, request, decided_at=request.requested_at - timedelta(hours=1), decision="granted"
        )
    assert refused.value.field == "decided_at"
    with pytest.raises(ServiceError, match="algumas, não todas") as refused:
        measures.record_decision(creas, request, decided_at=timezone.now(), decision="partly")
    assert refused.value.field == "granted"


def test_lei_11340_arts_22_to_24_only_for_a_woman_victim(db):
    """Art. 5º: violence against a woman based on gender (art. 40-A: whatever her age)."""
    man = case_with("creas.passos", age=40, sex="M", relationship="partner")
    with pytest.raises(ServiceError, match="vítima mulher") as refused:
        request_for(man)
    assert refused.value.field == "victim_id"
    girl = case_with("creas.passos", age=15, sex="F", relationship="partner")
    assert request_for(girl, items=("lmp_23.protection_programme",)).victim.age_years == 15


def test_lei_11340_art_22_binds_the_aggressor_of_the_case(woman_case):
    with pytest.raises(ServiceError, match="agressor") as refused:
        measures.record_request(
            acting("creas.passos"),
            woman_case,
            victim_id=party(woman_case).pk,
            author_id=party(woman_case).pk,
            requested_at=timezone.now(),
            court="Vara Criminal de Passos",
            measures=[measure("lmp_22.weapons")],
        )
    assert refused.value.field == "author_id"
    with pytest.raises(ServiceError, match="Maria da Penha") as refused:
        measures.record_request(
            acting("creas.passos"),
            woman_case,
            victim_id=party(woman_case).pk,
            requested_at=timezone.now(),
            court="Vara Criminal de Passos",
            measures=[measure("eca_101.guidance")],
        )
    assert refused.value.field == "measures"


def test_lei_11340_art_12c_the_police_may_only_remove_the_aggressor_from_home(woman_case):
    creas = acting("creas.passos")
    data = {
        "party_id": party(woman_case, "author").pk,
        "applied_by": "police",
        "applying_body": "Delegacia de Polícia de Passos",
        "applied_on": TODAY,
    }
    row = measures.record_measure(creas, woman_case, measure=measure("lmp_22.leave_home"), **data)
    assert row.applied_by == "police" and row.rights_group is None
    with pytest.raises(ServiceError, match="art. 12-C"):
        measures.record_measure(creas, woman_case, measure=measure("lmp_22.weapons"), **data)
    # A court's measure recorded by hand names the court (art. 18-19).
    with pytest.raises(ServiceError, match="juízo") as refused:
        measures.record_measure(
            creas,
            woman_case,
            measure=measure("lmp_22.weapons"),
            **{**data, "applied_by": "judiciary", "applying_body": "Vara Criminal"},
        )
    assert refused.value.field == "court"


# --- Who records and who sees ---------------------------------------------------------------


def test_only_services_that_may_change_the_case_record_and_only_the_recorder_changes(
    child_case, woman_case
):
    row = apply_101(child_case)
    # Another service of the same municipality that does not follow the case.
    with pytest.raises(NotPermitted):
        apply_101(child_case, username="cras.passos")
    with pytest.raises(NotPermitted):
        measures.change_measure(acting("cras.passos"), row, status="ended", ended_on=TODAY)
    # Another municipality.
    with pytest.raises(NotPermitted):
        apply_101(child_case, username="ct.bh")
    # A manager does not act on cases.
    with pytest.raises(NotPermitted):
        apply_101(child_case, username="gestor.passos")
    request = request_for(woman_case)
    with pytest.raises(NotPermitted):
        measures.record_decision(
            acting("ct.passos"), request, decided_at=timezone.now(), decision="granted"
        )


def test_managers_never_read_the_rows(child_case, woman_case):
    apply_101(child_case)
    request_for(woman_case)
    for username in ("gestor.passos", "gestor.mg"):
        user = acting(username)
        assert not ProtectiveMeasure.objects.restrict(user).exists()
        assert not UrgentMeasureRequest.objects.restrict(user).exists()
    assert ProtectiveMeasure.objects.restrict(acting("ct.passos")).count() == 1
    assert not ProtectiveMeasure.objects.restrict(acting("cras.passos")).exists()
    assert ProtectiveMeasure.objects.restrict(acting("creas.passos")).count() == 2


def test_the_case_page_lists_the_measures_without_tables(child_case, client_for):
    apply_101(child_case, note="Nota reservada de teste.")
    page = client_for("ct.passos").get(reverse("cases:case_detail", args=[child_case.pk]))
    body = page.content.decode()
    start = body.index('aria-labelledby="medidas"')
    section = body[start : body.index("</section>", start)]
    assert "Orientação, apoio e acompanhamento temporários" in section
    assert "art. 101, II" in section and "Nota reservada de teste." in section
    assert "<table" not in section
    assert (
        reverse("obligations:measure_change", args=[ProtectiveMeasure.objects.get().pk]) in section
    )
    manager = client_for("gestor.passos").get(reverse("cases:case_detail", args=[child_case.pk]))
    assert "Orientação, apoio e acompanhamento" not in manager.content.decode()


def test_the_measure_page_records_and_shows_portuguese_field_errors(child_case, client_for):
    ct = client_for("ct.passos")
    url = reverse("obligations:measure_add", args=[child_case.pk])
    page = ct.get(url)
    assert page.status_code == 200 and "<optgroup" in page.content.decode()
    data = {
        "measure": measure("eca_101.substitute_family").pk,
        "party_id": party(child_case).pk,
        "applied_by": "ct",
        "applied_on": "2026-03-12",
        "rights_group": code("rights_group", "family_community").pk,
        "violator_type": code("violator_type", "parents_guardian").pk,
    }
    refused = ct.post(url, data)
    assert refused.status_code == 200
    assert "esta medida é do Judiciário" in refused.content.decode()
    assert not ProtectiveMeasure.objects.exists()
    empty = ct.post(url, {"applied_by": "ct"}).content.decode()
    assert "Este campo é obrigatório." in empty and "<table" not in empty
    done = ct.post(url, {**data, "measure": measure("eca_101.institutional_care").pk})
    assert done.status_code == 302
    row = ProtectiveMeasure.objects.get()
    change = reverse("obligations:measure_change", args=[row.pk])
    assert ct.get(change).status_code == 200
    done = ct.post(change, {"status": "ended", "ended_on": "2026-03-20"})
    assert done.status_code == 302
    assert ct.get(change).status_code == 404  # no longer in force


def test_the_urgent_request_pages_record_the_request_and_the_decision(woman_case, client_for):
    creas = client_for("creas.passos")
    url = reverse("obligations:measure_request_add", args=[woman_case.pk])
    page = creas.get(url).content.decode()
    assert "48 horas" in page and 'type="checkbox"' in page
    when = timezone.localtime(timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    done = creas.post(
        url,
        {
            "victim_id": party(woman_case).pk,
            "requested_at": when,
            "court": "Vara Criminal de Passos",
            "measures": [measure("lmp_23.protection_programme").pk],
        },
    )
    assert done.status_code == 302
    request = UrgentMeasureRequest.objects.get()
    detail = creas.get(reverse("cases:case_detail", args=[woman_case.pk])).content.decode()
    assert "aguardando decisão" in detail
    decide = reverse("obligations:measure_request_decide", args=[request.pk])
    done = creas.post(decide, {"decided_at": when, "decision": "granted"})
    assert done.status_code == 302
    assert request.measures.get().status == "in_force"
    assert Obligation.objects.get(case=woman_case, kind="protective_decision").status == "done"


@pytest.mark.parametrize(
    "username,status",
    [
        ("ct.passos", 200),  # the Conselho Tutelar that follows the case
        ("cras.passos", 404),  # another service of the municipality
        ("ct.bh", 404),  # another municipality
        ("gestor.passos", 403),  # a manager: counts only, through monitoring
    ],
)
def test_who_reaches_the_measure_pages(child_case, client_for, username, status):
    row = apply_101(child_case)
    client = client_for(username)
    assert (
        client.get(reverse("obligations:measure_add", args=[child_case.pk])).status_code == status
    )
    assert client.get(reverse("obligations:measure_change", args=[row.pk])).status_code == status


def test_anonymizing_drops_the_notes_and_keeps_the_facts(child_case):
    apply_101(child_case, note="Nota a apagar.")
    measures.anonymize([child_case.pk])
    row = ProtectiveMeasure.objects.get()
    assert row.note == "" and row.measure.code == "eca_101.guidance"


def test_the_section_offers_only_what_the_case_allows(child_case, woman_case, client_for):
    """ECA art. 101 for a child; Lei 11.340/2006 arts. 22-24 for a woman; nothing for a man."""

    def section(username, case):
        body = client_for(username).get(reverse("cases:case_detail", args=[case.pk]))
        return body.content.decode()

    child = section("ct.passos", child_case)
    assert reverse("obligations:measure_add", args=[child_case.pk]) in child
    assert reverse("obligations:measure_request_add", args=[child_case.pk]) in child  # a girl
    woman = section("creas.passos", woman_case)
    assert reverse("obligations:measure_request_add", args=[woman_case.pk]) in woman
    man = case_with("creas.passos", age=40, sex="M", relationship="stranger")
    assert 'aria-labelledby="medidas"' not in section("creas.passos", man)


def test_managers_get_counts_per_article_for_their_territory_only(child_case, woman_case):
    apply_101(child_case)
    apply_101(child_case, item="eca_136.health")
    request_for(woman_case, items=("lmp_23.separation",))
    expected = [
        {"article": "eca_101", "status": "in_force", "count": 1},
        {"article": "eca_136", "status": "in_force", "count": 1},
        {"article": "lmp_23", "status": "requested", "count": 1},
    ]
    assert measures.counts(acting("gestor.passos")) == expected
    assert measures.counts(acting("gestor.mg")) == expected
    assert measures.counts(acting("gestor.bh")) == []
    assert measures.counts(acting("cras.passos")) == []


def test_eca_art_99_a_measure_to_review_is_a_task_of_the_recording_service(child_case, client_for):
    """Art. 99: measures may be replaced at any time; SIMA reminds the review date."""
    from serdh.workflow import tasks

    row = apply_101(child_case, review_on=timezone.localdate() - timedelta(days=1))
    groups = tasks.my_tasks(acting("ct.passos"))
    [due] = [r for r in groups["overdue"] if "Revisar medida" in r.label]
    assert due.link == reverse("obligations:measure_change", args=[row.pk])
    assert not any(
        "Revisar medida" in r.label
        for g in tasks.my_tasks(acting("cras.passos")).values()
        for r in g
    )
    measures.change_measure(acting("ct.passos"), row, status="ended", ended_on=timezone.localdate())
    groups = tasks.my_tasks(acting("ct.passos"))
    assert not any("Revisar medida" in r.label for g in groups.values() for r in g)
