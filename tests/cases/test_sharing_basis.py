"""Consent and sharing (issue 13): before a referral leaves, the service records whether the
victim or guardian consented, or the legal basis for sharing without consent; a legal duty is
accepted only where the case shows what the law names; the receiving service sees it before
it accepts."""

import pytest
from django.urls import reverse

from serdh.accounts.models import Membership, User
from serdh.cases.models import Referral
from serdh.core.errors import ServiceError
from serdh.network.models import Organization
from tests.cases.factories import open_case, refer

pytestmark = pytest.mark.django_db

CT = "Conselho Tutelar de Passos"


def test_a_referral_without_consent_or_legal_basis_is_refused():
    case = open_case()
    with pytest.raises(ServiceError) as refused:
        refer(case, sharing_basis="")
    assert refused.value.field == "sharing_basis"
    assert not Referral.objects.filter(case=case).exists()


def test_eca_art_13_needs_a_child_or_adolescent_victim():
    child = open_case(age=9)
    assert refer(child, sharing_basis="child").sharing_basis == "child"
    adult = open_case(age=34, victim_name="Marta Adulta Teste")
    with pytest.raises(ServiceError) as refused:
        refer(adult, sharing_basis="child")
    assert "ECA" in refused.value.message


def test_the_older_persons_statute_needs_a_victim_of_sixty_or_more():
    with pytest.raises(ServiceError):
        refer(open_case(age=9), sharing_basis="older")
    assert refer(open_case(age=71, victim_name="Dirce Idosa Teste"), sharing_basis="older")


def test_the_womens_compulsory_notification_is_the_health_services():
    case = open_case(age=30, victim_name="Lúcia Saúde Teste")
    with pytest.raises(ServiceError):  # CRAS is not a health service
        refer(case, sharing_basis="woman_health")
    nurse = User.objects.create(username="ubs.teste", full_name="Enfermeira Teste")
    Membership.objects.create(
        user=nurse,
        organization=Organization.objects.get(name="UBS Bela Vista — Passos"),
        role="worker",
    )
    ubs_case = open_case("ubs.teste", age=30, victim_name="Lúcia Saúde Teste")
    referral = refer(ubs_case, from_user="ubs.teste", sharing_basis="woman_health")
    assert referral.sharing_basis == "woman_health"


def test_a_basis_without_consent_and_without_a_specific_duty_needs_a_note():
    case = open_case(age=40, victim_name="Rosa Risco Teste")
    with pytest.raises(ServiceError) as refused:
        refer(case, sharing_basis="life", sharing_note="")
    assert refused.value.field == "sharing_note"
    referral = refer(
        case, sharing_basis="life", sharing_note="Vítima internada, sem condições de responder."
    )
    assert referral.sharing_note.startswith("Vítima internada")


def test_the_form_shows_the_error_in_portuguese_and_keeps_what_was_typed(client_for):
    case = open_case(age=34, victim_name="Marta Adulta Teste")
    response = client_for("cras.passos").post(
        reverse("cases:referral_create", args=[case.pk]),
        {
            "to_organization": Organization.objects.get(name=CT).pk,
            "service_requested": "Pedido digitado que não pode se perder",
            "urgency": "high",
            "sharing_basis": "child",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "O art. 13 do ECA vale para crianças e adolescentes" in html
    assert "Pedido digitado que não pode se perder" in html
    assert not Referral.objects.filter(case=case).exists()


def test_the_receiving_service_sees_the_basis_before_it_accepts(client_for):
    case = open_case(age=9, victim_name="Pedro Consentimento Teste")
    referral = refer(case, to=CT, sharing_basis="consent_guardian")
    html = client_for("ct.passos").get(reverse("cases:referral_detail", args=[referral.pk]))
    body = html.content.decode()
    assert "O(a) responsável legal consentiu com o compartilhamento" in body
    assert "Pedro" not in body
    api = client_for("ct.passos").get(f"/api/v1/referrals/{referral.pk}/").json()
    assert api["sharing_basis"] == "consent_guardian"


def test_the_api_refuses_a_referral_without_a_basis_naming_the_field(client_for):
    case = open_case()
    response = client_for("cras.passos").post(
        f"/api/v1/cases/{case.pk}/referrals/",
        {
            "to_organization": Organization.objects.get(name=CT).pk,
            "service_requested": "Medida de proteção",
        },
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"
    assert "sharing_basis" in response.content.decode()
    ok = client_for("cras.passos").post(
        f"/api/v1/cases/{case.pk}/referrals/",
        {
            "to_organization": Organization.objects.get(name=CT).pk,
            "service_requested": "Medida de proteção",
            "sharing_basis": "child",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["sharing_basis"] == "child"
