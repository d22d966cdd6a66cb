"""The public directory as Open Referral HSDS 3.0: every document validates against the HSDS
object schemas, confidential services never appear, and the read-only API pages, searches and
filters as HSDS describes."""

import pytest
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker

from serdh.interop import hsds
from serdh.network.models import Organization
from tests.interop.hsds_schema import page_schema, schema

pytestmark = pytest.mark.django_db


def valid(document, document_schema):
    validator = Draft202012Validator(document_schema, format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: e.path)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return document


def get(url, **params):
    response = Client().get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_schemas_catch_a_broken_document():
    broken = hsds.service(Organization.objects.filter(is_public=True).first())
    del broken["status"]
    broken["service_at_locations"][0]["location"]["location_type"] = "boat"
    validator = Draft202012Validator(schema("service"), format_checker=FormatChecker())
    messages = {e.message for e in validator.iter_errors(broken)}
    assert "'status' is a required property" in messages
    assert any("'boat' is not one of" in m for m in messages)


@pytest.mark.parametrize(
    "path, name",
    [
        ("/api/hsds/services", "service"),
        ("/api/hsds/organizations", "organization"),
        ("/api/hsds/service_at_locations", "service_at_location"),
        ("/api/hsds/taxonomies", "taxonomy"),
        ("/api/hsds/taxonomy_terms", "taxonomy_term"),
    ],
)
def test_every_list_validates_and_every_item_resolves(path, name):
    page = valid(get(path, per_page=100), page_schema(name))
    assert page["contents"], path
    for item in page["contents"][:10]:
        valid(get(f"{path}/{item['id']}"), schema(name))


def test_confidential_and_inactive_services_are_never_published():
    hidden = Organization.objects.filter(is_public=False)
    assert hidden.exists()
    Organization.objects.filter(name="CRAS Barreiro").update(is_active=False)
    names = {s["name"] for s in get("/api/hsds/services", per_page=100)["contents"]}
    total = get("/api/hsds/services")["total_items"]
    assert total == Organization.objects.filter(is_public=True, is_active=True).count()
    assert not names & set(hidden.values_list("name", flat=True))
    assert "CRAS Barreiro" not in names
    shelter = hidden.first()
    response = Client().get(f"/api/hsds/services/{hsds.hsds_id('service', shelter.pk)}")
    assert response.status_code == 404


def test_a_service_carries_its_organization_location_phone_schedule_and_taxonomy():
    org = Organization.objects.get(name="CRAS Centro — Passos")
    Organization.objects.filter(pk=org.pk).update(
        phone="(35) 3521-0000", opening_hours="Segunda a sexta, 8h às 17h", address="Rua A, 10"
    )
    service = valid(get(f"/api/hsds/services/{hsds.hsds_id('service', org.pk)}"), schema("service"))
    assert service["organization"]["name"] == org.name
    assert service["phones"][0]["number"] == "(35) 3521-0000"
    assert service["schedules"][0]["description"] == "Segunda a sexta, 8h às 17h"
    address = service["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["city"], address["state_province"], address["country"]) == (
        "Passos",
        "MG",
        "BR",
    )
    codes = {a["taxonomy_term"]["code"] for a in service["attributes"]}
    assert codes == {"cras", "social_assistance"}


def test_paging_search_and_filters():
    first = get("/api/hsds/services", per_page=2)
    assert (first["size"], first["page_number"], first["first_page"]) == (2, 1, True)
    second = get("/api/hsds/services", per_page=2, page=2)
    assert {s["id"] for s in first["contents"]}.isdisjoint(s["id"] for s in second["contents"])
    beyond = get("/api/hsds/services", page=999)
    assert beyond["empty"] and beyond["contents"] == []
    found = get("/api/hsds/services", search="conselho tutelar")["contents"]
    assert found and all("Conselho Tutelar" in s["name"] for s in found)
    terms = get("/api/hsds/taxonomy_terms", search="CREAS")["contents"]
    (creas,) = [t for t in terms if t["code"] == "creas"]
    by_term = get("/api/hsds/services", taxonomy_term_id=creas["id"], per_page=100)["contents"]
    assert by_term and all(
        "creas" in {a["taxonomy_term"]["code"] for a in s["attributes"]} for s in by_term
    )
    passos = get("/api/hsds/services", municipality=3147907, per_page=100)["contents"]
    assert passos and all(s["service_at_locations"][0]["location"]["name"] for s in passos)
    assert get("/api/hsds/services", modified_after="2999-01-01")["total_items"] == 0
    assert get("/api/hsds/services", modified_after="2000-01-01T00:00:00Z")["total_items"] > 0


@pytest.mark.parametrize(
    "params", [{"page": "0"}, {"per_page": "x"}, {"modified_after": "ontem"}, {"municipality": "x"}]
)
def test_bad_parameters_get_a_problem(params):
    response = Client().get("/api/hsds/services", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json" and response.json()["detail"]


def test_unknown_or_mistyped_ids_are_404():
    assert Client().get(f"/api/hsds/services/{hsds.hsds_id('organization', 1)}").status_code == 404
    assert (
        Client().get("/api/hsds/services/00000000-0000-4000-8002-999999999999").status_code == 404
    )
    assert Client().post("/api/hsds/services").status_code == 405
