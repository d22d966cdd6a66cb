"""Where a case belongs (issue 11, finding 4).

The attack reproduced: a CRAS of Passos posted a case through the API with ``municipality``
set to Belo Horizonte (or to Juiz de Fora, whose adhesion is not active) and got 201. A case
belongs to the registering service's municipality; only a state organ places one elsewhere,
and only in a municipality with an active adhesion. Refusals are 422 problems that name the
field, and nothing is created.
"""

import pytest
from django.urls import reverse

from serdh.cases.models import Case
from serdh.core.errors import ServiceError
from serdh.demo.network import BH, JUIZ_DE_FORA, PASSOS
from tests.cases.factories import open_case


def case_body(municipality):
    return {
        "municipality": municipality,
        "intake_channel": None,
        "register": False,
        "narrative": "Teste de município",
    }


@pytest.mark.parametrize("municipality", [BH, JUIZ_DE_FORA])
def test_a_service_cannot_place_a_case_in_another_municipality(client_for, municipality):
    response = client_for("cras.passos").post(
        "/api/v1/cases/", case_body(municipality), content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "municipality"
    assert not Case.objects.exists()


def test_its_own_municipality_is_accepted(client_for):
    response = client_for("cras.passos").post(
        "/api/v1/cases/", case_body(PASSOS), content_type="application/json"
    )
    assert response.status_code == 201
    assert Case.objects.get().municipality_id == PASSOS


def test_a_state_organ_places_cases_only_where_the_adhesion_is_active(db):
    # The Delegacia de Polícia Civil de Passos is a state organ (demo network).
    case = open_case("cras.passos")
    assert case.municipality_id == PASSOS
    from serdh.accounts.models import Membership, User
    from serdh.network.models import Municipality, Organization

    police = Organization.objects.get(name="Delegacia de Polícia Civil de Passos")
    user = User.objects.create(username="policia.teste", full_name="Policial Teste")
    Membership.objects.create(user=user, organization=police, role="worker")
    placed = open_case("policia.teste", municipality=Municipality.objects.get(code=BH))
    assert placed.municipality_id == BH
    with pytest.raises(ServiceError) as refused:
        open_case("policia.teste", municipality=Municipality.objects.get(code=JUIZ_DE_FORA))
    assert "não tem adesão ativa" in refused.value.message


def test_the_web_form_offers_only_the_services_municipality(client_for):
    html = client_for("cras.passos").get(reverse("cases:case_create")).content.decode()
    assert f'value="{PASSOS}"' in html
    assert f'value="{BH}"' not in html


def test_moving_a_case_to_another_municipality_is_refused(client_for):
    case = open_case("cras.passos")
    response = client_for("cras.passos").post(
        reverse("cases:case_edit", args=[case.pk]),
        {
            "municipality": BH,
            "reported_on": "2026-03-10",
            "reported_precision": "day",
            "occurred_precision": "day",
            "urgency": "high",
        },
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.municipality_id == PASSOS
