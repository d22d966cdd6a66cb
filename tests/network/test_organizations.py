import pytest
from django.urls import reverse

from serdh.core.models import AuditEvent
from serdh.demo.network import BH, PASSOS
from serdh.network.models import Organization

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "name": "CRAS Vila Nova — Passos",
        "acronym": "CRAS VN",
        "kind": "cras",
        "sector": "social_assistance",
        "municipality": PASSOS,
        "phone": "(35) 3521-0000",
        "postal_code": "37900-000",
        "is_public": "on",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_a_municipal_admin_registers_an_organization_of_its_municipality(client_for):
    response = client_for("admin.passos").post(reverse("network:organization_create"), form())
    org = Organization.objects.get(name="CRAS Vila Nova — Passos")
    assert response.status_code == 302
    assert org.municipality_id == PASSOS and org.level == "municipal"
    assert AuditEvent.objects.filter(action="organization.created", object_id=str(org.pk)).exists()


def test_a_municipal_admin_cannot_register_in_another_municipality(client_for):
    response = client_for("admin.passos").post(
        reverse("network:organization_create"), form(municipality=BH)
    )
    assert response.status_code == 200
    assert "Faça uma escolha válida" in response.content.decode()
    assert not Organization.objects.filter(name="CRAS Vila Nova — Passos").exists()


def test_field_errors_are_in_portuguese_and_keep_the_input(client_for):
    response = client_for("admin.passos").post(
        reverse("network:organization_create"),
        form(name="", phone="telefone", postal_code="123", email="nao-e-email"),
    )
    html = response.content.decode()
    assert "Este campo é obrigatório" in html
    assert "Informe um telefone com DDD" in html
    assert "CEP no formato 00000-000" in html
    assert "endereço de email válido" in html
    assert 'value="CRAS VN"' in html


def test_an_edit_records_what_changed(client_for):
    org = Organization.objects.get(name="CRAS Centro — Passos")
    data = form(name=org.name, acronym="CRAS C", phone=org.phone, postal_code=org.postal_code)
    response = client_for("admin.passos").post(
        reverse("network:organization_edit", args=[org.pk]), data
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="organization.updated").first()
    assert event.data["changed"]["acronym"] == ["CRAS Centro", "CRAS C"]


def test_the_directory_filters_by_municipality_kind_and_accent_free_name(client_for):
    client = client_for("cras.passos")
    url = reverse("network:organization_list")
    html = client.get(url, {"municipality": PASSOS, "kind": "creas"}).content.decode()
    assert "CREAS Passos" in html and "CREAS Centro-Sul" not in html
    html = client.get(url, {"q": "zelia"}).content.decode()
    assert "Escola Municipal Professora Zélia Mendes" in html
