"""The law's obligations worked out from a case's facts (issue 14): one test or more per rule,
each naming the article it checks (obligations.rules cites the same article next to the code).
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from serdh.cases import referrals, registration
from serdh.cases.models import Violation
from serdh.core.models import AuditEvent
from serdh.network.models import Organization
from serdh.obligations import services
from serdh.obligations.models import Obligation
from tests.cases.factories import acting, refer
from tests.obligations.factories import UBS, case_with, code, health_worker

pytestmark = pytest.mark.django_db

CT = "Conselho Tutelar de Passos"


def kinds(case, **filters):
    return sorted(
        Obligation.objects.filter(case=case, **filters)
        .exclude(status="void")
        .values_list("kind", flat=True)
    )


def the(case, kind):
    return Obligation.objects.get(case=case, kind=kind)


def accept(referral, username):
    user = acting(username)
    referrals.transition_referral(user, referral, "receive")
    return referrals.transition_referral(user, referral, "accept")


# --- ECA arts. 13 and 245 ------------------------------------------------------------------


def test_eca_art_13_a_child_victim_obliges_the_registering_service_to_tell_the_ct_at_once():
    case = case_with("cras.passos", age=9)
    obligation = the(case, "ct_communication")
    assert obligation.organization.name == "CRAS Centro — Passos"
    assert obligation.status == "due"
    assert obligation.rule == "eca.13"
    assert obligation.due_at - case.registered_at == timedelta(hours=24)
    assert obligation.victim is None  # one communication for the case


def test_eca_art_13_a_referral_to_the_municipalitys_ct_fulfils_it_on_time():
    case = case_with("cras.passos", age=15)
    referral = refer(case, to=CT, sharing_basis="child")
    obligation = the(case, "ct_communication")
    assert obligation.status == "done"
    assert obligation.done_how == "referral"
    assert obligation.referral == referral
    assert obligation.on_time is True


def test_eca_art_13_a_ct_of_another_municipality_does_not_fulfil_it():
    case = case_with("cras.passos", age=15)
    refer(case, to="Conselho Tutelar Regional Centro-Sul", sharing_basis="child")
    assert the(case, "ct_communication").status == "due"


def test_eca_art_13_the_ct_that_registers_the_case_owes_no_communication_to_itself():
    case = case_with("ct.passos", age=9)
    assert "ct_communication" not in kinds(case)


def test_eca_art_13_an_adult_victim_raises_no_communication_to_the_ct():
    case = case_with("cras.passos", age=30, sex="M")
    assert kinds(case) == []


def test_eca_art_13_a_draft_raises_nothing_until_it_is_registered():
    case = case_with("cras.passos", age=9, register=False)
    assert kinds(case) == []
    registration.register_case(acting("cras.passos"), case)
    assert "ct_communication" in kinds(case)


def test_eca_art_13_correcting_the_age_to_adult_voids_it_and_says_so():
    case = case_with("cras.passos", age=17)
    party = case.parties.get(role="victim")
    party.age_years = 19  # the services have no age edit yet: the next evaluation reads it
    party.save()
    services.evaluate(case)
    obligation = the(case, "ct_communication")
    assert obligation.status == "void"
    assert case.events.filter(kind="obligation_void").exists()
    party.age_years = 17
    party.save()
    services.evaluate(case)
    assert the(case, "ct_communication").status == "due"


# --- Lei 10.778/2003 art. 1º §4º -----------------------------------------------------------


def test_lei_10778_art_1_par_4_a_woman_attended_in_health_obliges_police_communication_in_24h():
    health_worker()
    case = case_with("ubs.passos.teste", age=30, sex="F", violation="physical")
    obligation = the(case, "police_communication")
    assert obligation.organization.name == UBS
    assert obligation.rule == "lei10778.1.4"
    assert obligation.due_at - case.registered_at == timedelta(hours=24)


def test_lei_10778_art_1_par_4_does_not_bind_a_service_outside_health():
    case = case_with("cras.passos", age=30, sex="F")
    assert "police_communication" not in kinds(case)


def test_lei_10778_art_1_par_4_a_health_service_that_accepts_a_referral_owes_it_from_then():
    case = case_with("cras.passos", age=30, sex="F")
    health_worker()
    referral = refer(case, to=UBS, sharing_basis="consent_victim")
    assert "police_communication" not in kinds(case)  # not attended yet
    referral = accept(referral, "ubs.passos.teste")
    obligation = the(case, "police_communication")
    assert obligation.organization.name == UBS
    assert obligation.starts_at == referral.answered_at


def test_lei_10778_art_1_par_4_a_referral_to_the_police_fulfils_it():
    health_worker()
    case = case_with("ubs.passos.teste", age=30, sex="F")
    refer(
        case,
        from_user="ubs.passos.teste",
        to="Delegacia de Polícia Civil de Passos",
        sharing_basis="woman_health",
    )
    assert the(case, "police_communication").status == "done"


def test_lei_10778_art_1_par_4_a_trans_woman_is_a_woman_whatever_the_sex_recorded():
    health_worker()
    case = case_with(
        "ubs.passos.teste", age=28, sex="M", relationship="spouse", gender_identity="trans_woman"
    )
    assert "police_communication" in kinds(case)


def test_lei_10778_art_1_par_4_a_man_raises_no_police_communication():
    health_worker()
    case = case_with("ubs.passos.teste", age=30, sex="M", relationship="spouse")
    assert "police_communication" not in kinds(case)


# --- Portaria de Consolidação GM/MS nº 4/2017, Anexo V (SINAN) -------------------------------


def test_portaria_consolidacao_4_sexual_violence_is_notified_to_sinan_within_24_hours():
    health_worker()
    case = case_with(
        "ubs.passos.teste", age=14, violation="sexual", subtype="sexual.rape", relationship=None
    )
    obligation = the(case, "sinan_notification")
    assert obligation.due_at - case.registered_at == timedelta(hours=24)
    assert obligation.victim == case.parties.get(role="victim")


def test_portaria_consolidacao_4_self_inflicted_violence_is_immediate_too():
    health_worker()
    case = case_with("ubs.passos.teste", age=40, sex="M", relationship="self")
    assert the(case, "sinan_notification").due_at - case.registered_at == timedelta(hours=24)


def test_portaria_consolidacao_4_other_domestic_violence_is_notified_within_a_week():
    health_worker()
    case = case_with("ubs.passos.teste", age=40, sex="M", relationship="spouse")
    assert the(case, "sinan_notification").due_at - case.registered_at == timedelta(days=7)


def test_portaria_consolidacao_4_community_violence_against_an_adult_man_is_not_notified():
    """SINAN's case definition: community violence only against the groups it names."""
    health_worker()
    case = case_with("ubs.passos.teste", age=35, sex="M", relationship="stranger")
    assert "sinan_notification" not in kinds(case)


def test_portaria_consolidacao_4_a_disque_100_only_violation_is_not_a_sinan_case():
    health_worker()
    case = case_with(
        "ubs.passos.teste",
        age=35,
        sex="F",
        violation="social_rights",
        subtype="social_rights.health",
        relationship="institutional",
    )
    assert "sinan_notification" not in kinds(case)


def test_portaria_consolidacao_4_a_ficha_recorded_with_its_number_fulfils_it():
    nurse = health_worker()
    case = case_with("ubs.passos.teste", age=14, violation="sexual", relationship=None)
    obligation = the(case, "sinan_notification")
    done = services.record_communication(
        nurse,
        obligation,
        done_at=timezone.now(),
        channel="system",
        recipient="Vigilância epidemiológica de Passos",
        protocol="1234567",
    )
    assert done.status == "done" and done.done_how == "sinan" and done.on_time
    assert done.protocol == "1234567"


# --- Estatuto da Pessoa Idosa arts. 19 and 6º ------------------------------------------------


def test_estatuto_pessoa_idosa_art_19_health_communicates_to_police_mp_or_council():
    health_worker()
    case = case_with("ubs.passos.teste", age=72, sex="M", relationship="child")
    obligation = the(case, "older_communication")
    assert obligation.rule == "epi.19"
    assert obligation.organization.name == UBS
    assert "sinan_notification" in kinds(case)  # the notification to the health authority
    refer(
        case,
        from_user="ubs.passos.teste",
        to="Delegacia de Polícia Civil de Passos",
        sharing_basis="older",
    )
    assert the(case, "older_communication").status == "done"


def test_estatuto_pessoa_idosa_art_6_a_service_outside_health_communicates_too():
    case = case_with("cras.passos", age=65, sex="F", relationship="child")
    obligation = the(case, "older_communication")
    assert obligation.rule == "epi.6"
    assert obligation.organization.name == "CRAS Centro — Passos"


# --- Lei 13.431/2017 and Decreto 9.603/2018 --------------------------------------------------


def test_lei_13431_art_7_a_child_victim_and_a_child_witness_each_need_specialized_listening():
    case = case_with("cras.passos", age=9, witness_age=11)
    listening = Obligation.objects.filter(case=case, kind="specialized_listening")
    assert listening.count() == 2
    assert {o.victim.role for o in listening} == {"victim", "witness"}
    victim = case.parties.get(role="victim")
    services.record_hearing(
        acting("cras.passos"),
        case,
        party_id=victim.pk,
        kind="specialized_listening",
        held_on=timezone.localdate(),
    )
    assert listening.get(victim=victim).status == "done"
    assert listening.exclude(victim=victim).get().status == "due"


def test_lei_13431_art_8_special_testimony_is_due_only_once_a_proceeding_exists():
    case = case_with("cras.passos", age=9)
    assert "special_testimony" not in kinds(case)
    services.record_proceeding(
        acting("cras.passos"),
        case,
        kind="police_inquiry",
        number="IP 123/2026",
        body="Delegacia de Polícia Civil de Passos",
        opened_on=date(2026, 3, 12),
    )
    assert "special_testimony" in kinds(case)


def test_lei_13431_art_11_hearing_again_after_a_qualified_one_needs_a_reason():
    from serdh.core.errors import ServiceError

    case = case_with("cras.passos", age=9)
    victim = case.parties.get(role="victim")
    refer(case, to=CT, sharing_basis="child")
    services.record_hearing(
        acting("cras.passos"),
        case,
        party_id=victim.pk,
        kind="specialized_listening",
        held_on=timezone.localdate(),
    )
    with pytest.raises(ServiceError) as refused:
        services.record_hearing(
            acting("cras.passos"),
            case,
            party_id=victim.pk,
            kind="other_interview",
            held_on=timezone.localdate(),
        )
    assert refused.value.field == "justification"
    again = services.record_hearing(
        acting("cras.passos"),
        case,
        party_id=victim.pk,
        kind="other_interview",
        held_on=timezone.localdate(),
        justification="A vítima pediu para completar o relato.",
    )
    assert again.justification.startswith("A vítima")


# --- the machinery ----------------------------------------------------------------------------


def test_evaluating_twice_raises_nothing_twice():
    case = case_with("cras.passos", age=9)
    before = Obligation.objects.filter(case=case).count()
    assert services.evaluate(case) == []
    assert Obligation.objects.filter(case=case).count() == before


def test_removing_the_violation_voids_the_sinan_notification_it_raised():
    nurse = health_worker()
    case = case_with("ubs.passos.teste", age=14, violation="sexual", relationship=None)
    registration.add_violation(
        nurse,
        case,
        {
            "victim": case.parties.get(role="victim"),
            "type": code("violation_type", "social_rights"),
            "recurrence": "first",
        },
    )
    sexual = Violation.objects.get(case=case, type__code="sexual")
    registration.remove_violation(nurse, sexual)
    assert the(case, "sinan_notification").status == "void"


def test_each_obligation_raised_and_fulfilled_is_in_the_audit_chain():
    case = case_with("cras.passos", age=9)
    refer(case, to=CT, sharing_basis="child")
    obligation = the(case, "ct_communication")
    events = list(
        AuditEvent.objects.filter(
            action="obligation.evaluated", object_type="cases.case", object_id=str(case.pk)
        ).order_by("seq")
    )
    assert len(events) == 2  # the registration raised it, the referral fulfilled it
    assert [obligation.pk, "eca.13", obligation.organization_id] in events[0].data["raised"]
    assert [obligation.pk, "referral", True] in events[1].data["fulfilled"]
    # A communication recorded by hand is its own event, with who recorded it.
    listening = the(case, "specialized_listening")
    Obligation.objects.filter(pk=listening.pk).update(kind="ct_communication")
    listening.refresh_from_db()
    services.record_communication(
        acting("cras.passos"),
        listening,
        done_at=timezone.now(),
        channel="phone",
        recipient="Conselho Tutelar de Passos",
    )
    manual = AuditEvent.objects.get(action="obligation.fulfilled", object_id=str(listening.pk))
    assert manual.data["how"] == "communication" and manual.data["late"] is False


def test_a_communication_in_the_future_or_without_recipient_is_refused_in_portuguese():
    from serdh.core.errors import ServiceError

    case = case_with("cras.passos", age=9)
    obligation = the(case, "ct_communication")
    with pytest.raises(ServiceError) as refused:
        services.record_communication(
            acting("cras.passos"),
            obligation,
            done_at=timezone.now() + timedelta(days=1),
            channel="phone",
            recipient="Conselheira de plantão",
        )
    assert refused.value.field == "done_at"
    with pytest.raises(ServiceError) as refused:
        services.record_communication(
            acting("cras.passos"), obligation, done_at=timezone.now(), channel="phone", recipient=""
        )
    assert refused.value.field == "recipient"
    assert the(case, "ct_communication").status == "due"


def test_only_the_responsible_service_records_the_fulfilment():
    from serdh.core.errors import NotPermitted

    case = case_with("cras.passos", age=9)
    refer(case, to="CREAS Passos", sharing_basis="child")
    obligation = the(case, "ct_communication")
    with pytest.raises(NotPermitted):
        services.record_communication(
            acting("creas.passos"),
            obligation,
            done_at=timezone.now(),
            channel="phone",
            recipient="Conselho Tutelar de Passos",
        )


def test_a_late_communication_counts_as_late():
    case = case_with("cras.passos", age=9)
    obligation = the(case, "ct_communication")
    Obligation.objects.filter(pk=obligation.pk).update(
        starts_at=timezone.now() - timedelta(days=3), due_at=timezone.now() - timedelta(days=2)
    )
    obligation.refresh_from_db()
    done = services.record_communication(
        acting("cras.passos"),
        obligation,
        done_at=timezone.now(),
        channel="letter",
        recipient="Conselho Tutelar de Passos",
        protocol="Ofício 12/2026",
    )
    assert done.on_time is False
    assert case.events.filter(kind="obligation_done", summary__contains="fora do prazo").exists()


def test_health_organization_fixture_is_a_health_service():
    assert Organization.objects.get(name=UBS).sector == "health"


def test_lei_13431_art_7_the_listening_is_fulfilled_by_the_hearing_not_by_a_communication(
    client_for,
):
    from serdh.core.errors import ServiceError

    case = case_with("cras.passos", age=9)
    listening = the(case, "specialized_listening")
    with pytest.raises(ServiceError):
        services.record_communication(
            acting("cras.passos"),
            listening,
            done_at=timezone.now(),
            channel="phone",
            recipient="CREAS Passos",
        )
    response = client_for("cras.passos").get(reverse("obligations:fulfil", args=[listening.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("obligations:hearing_add", args=[case.pk])
    assert the(case, "specialized_listening").status == "due"


def test_evaluate_all_reads_a_chunk_of_cases_at_once_and_gives_each_what_evaluating_it_alone_gives(
    django_assert_max_num_queries,
):
    health_worker()
    child = case_with("cras.passos", age=9)
    woman = case_with("ubs.passos.teste", age=30, sex="F", violation="physical")
    teenager = case_with("ubs.passos.teste", age=14, violation="sexual", relationship=None)
    refer(child, to=CT, sharing_basis="child")
    cases = [child, woman, teenager]
    alone = {
        c.pk: sorted(Obligation.objects.filter(case=c).values_list("key", "status", "due_at"))
        for c in cases
    }
    lines = {c.pk: c.events.filter(kind__startswith="obligation_").count() for c in cases}
    Obligation.objects.filter(case__in=cases).delete()
    # The facts of the three cases in one query per kind of row and the writes in bulk (11
    # statements for all of them), then one audit event per case (8 statements with the
    # chain's head).
    with django_assert_max_num_queries(11 + 8 * len(cases)):
        found = services.evaluate_many([c.pk for c in cases])
    for c in cases:
        again = sorted(Obligation.objects.filter(case=c).values_list("key", "status", "due_at"))
        assert again == alone[c.pk]
        assert len(found[c.pk]) == len(again)
        assert c.events.filter(kind__startswith="obligation_").count() > lines[c.pk]
    assert the(child, "ct_communication").status == "done"  # the referral, read in bulk
    assert {"sinan_notification", "police_communication"} <= set(kinds(woman))
    assert services.evaluate_many([c.pk for c in cases]) == {c.pk: [] for c in cases}
