"""The REST API: same access as the web, problem+json errors, idempotent creation, and a
referral followed from another system's point of view."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from serdh.accounts.models import User
from serdh.cases.models import Case
from serdh.core.models import AuditEvent
from tests.cases.factories import open_case, refer

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def api_client(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


NEW_CASE = {
    "intake_channel": "spontaneous",
    "reported_on": "2026-03-10",
    "occurred_on": "2026-03-02",
    "urgency": "high",
    "narrative": "Relato pela API.",
    "victim": {"full_name": "Paula Api Nogueira", "age_years": 13, "sex": "F"},
    "violation": {"type": "sexual", "subtype": "sexual.rape", "recurrence": "first"},
}


def test_the_schema_is_valid_openapi_without_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "/api/v1/cases/" in (tmp_path / "schema.yaml").read_text()


def test_the_docs_load_nothing_from_another_host():
    html = api_client("cras.passos").get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html


def test_a_service_registers_a_case_through_the_api():
    response = post(api_client("cras.passos"), "/api/v1/cases/", NEW_CASE)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["protocol"].startswith("MG-") and body["status"] == "registered"
    assert [p["name"] for p in body["parties"] if p["role"] == "victim"] == ["Paula Api Nogueira"]
    assert body["violations"][0]["subtype"] == "sexual.rape"


def test_a_retried_post_with_the_same_idempotency_key_creates_one_case():
    client = api_client("cras.passos")
    first = post(client, "/api/v1/cases/", NEW_CASE, HTTP_IDEMPOTENCY_KEY="retry-123")
    again = post(client, "/api/v1/cases/", NEW_CASE, HTTP_IDEMPOTENCY_KEY="retry-123")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.filter(protocol=first.json()["protocol"]).count() == 1
    other = post(
        client, "/api/v1/cases/", {**NEW_CASE, "urgency": "low"}, HTTP_IDEMPOTENCY_KEY="retry-123"
    )
    assert other.status_code == 422 and other["Content-Type"] == PROBLEM


def test_bad_input_is_a_problem_with_field_errors_in_portuguese():
    response = post(
        api_client("cras.passos"),
        "/api/v1/cases/",
        {**NEW_CASE, "victim": {"cpf": "111.111.111-11"}, "urgency": "enorme"},
    )
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 400 and body["title"] == "Requisição inválida"
    assert {e["field"] for e in body["errors"]} == {"urgency"}
    response = post(
        api_client("cras.passos"),
        "/api/v1/cases/",
        {**NEW_CASE, "victim": {"cpf": "111.111.111-11"}},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "cpf", "message": response.json()["detail"]}]
    assert "CPF inválido" in response.json()["detail"]
    response = post(
        api_client("cras.passos"), "/api/v1/cases/", {**NEW_CASE, "occurred_on": "2026-03-20"}
    )
    assert response.status_code == 422 and "posterior à notificação" in response.json()["detail"]


def test_access_is_the_same_as_on_the_web():
    case = open_case(victim_name="Renata Api Souza")
    assert api_client("cras.bh").get(f"/api/v1/cases/{case.pk}/").status_code == 404
    manager = api_client("gestor.passos").get(f"/api/v1/cases/{case.pk}/")
    assert manager.json()["view"] == "pseudonymized"
    assert "Renata" not in manager.content.decode() and "narrative" not in manager.json()
    listing = api_client("cras.bh").get("/api/v1/cases/").json()
    assert all(item["protocol"] != case.protocol for item in listing["results"])
    anonymous = Client().get("/api/v1/cases/")
    assert anonymous.status_code == 401 and anonymous["Content-Type"] == PROBLEM
    assert anonymous["WWW-Authenticate"].startswith("Bearer")
    refused = post(api_client("gestor.passos"), "/api/v1/cases/", NEW_CASE)
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM


def test_another_system_follows_a_referral_through_the_api():
    case = open_case(victim_name="Sofia Api Prado")
    refer(case)
    ct = api_client("ct.passos")
    inbox = ct.get("/api/v1/referrals/?status=sent").json()["results"]
    assert len(inbox) == 1
    referral = inbox[0]
    assert referral["fhir_task_status"] == "requested"
    assert referral["decision_summary"]["victim_age_bands"] == ["criança (0–11)"]
    assert "Sofia" not in json.dumps(referral)
    detail = ct.get(f"/api/v1/referrals/{referral['id']}/").json()
    assert detail["status"] == "received"
    assert post(ct, f"/api/v1/referrals/{referral['id']}/accept/", {}).json()["status"] == (
        "accepted"
    )
    parties = ct.get(f"/api/v1/cases/{case.pk}/").json()["parties"]
    assert [p["name"] for p in parties if p["role"] == "victim"] == ["Sofia Api Prado"]
    follow = post(
        ct,
        f"/api/v1/cases/{case.pk}/follow-ups/",
        {"kind": "home_visit", "happened_on": "2026-03-12", "description": "Visita"},
    )
    assert follow.status_code == 201
    missing = post(ct, f"/api/v1/referrals/{referral['id']}/complete/", {})
    assert missing.status_code == 422 and "contrarreferência" in missing.json()["detail"]
    done = post(
        ct,
        f"/api/v1/referrals/{referral['id']}/complete/",
        {"counter_referral": "Medida aplicada."},
    )
    assert done.json()["status"] == "completed" and done.json()["fhir_task_status"] == "completed"
    kinds = list(case.events.values_list("kind", flat=True))
    assert {"referral_receive", "referral_accept", "follow_up", "referral_complete"} <= set(kinds)
    assert AuditEvent.objects.filter(action="referral.viewed").exists()


def patch(client, url, body, **headers):
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def test_updates_need_the_current_etag_so_concurrent_changes_are_not_lost():
    case = open_case()
    cras = api_client("cras.passos")
    url = f"/api/v1/cases/{case.pk}/"
    first = cras.get(url)
    tag = first["ETag"]
    missing = patch(cras, url, {"urgency": "critical"})
    assert missing.status_code == 428 and missing["Content-Type"] == PROBLEM
    changed = patch(cras, url, {"urgency": "critical"}, HTTP_IF_MATCH=tag)
    assert changed.status_code == 200 and changed.json()["urgency"] == "critical"
    assert changed["ETag"] != tag
    stale = patch(cras, url, {"urgency": "low"}, HTTP_IF_MATCH=tag)  # someone else's old read
    assert stale.status_code == 412 and "mudou desde a sua leitura" in stale.json()["detail"]
    case.refresh_from_db()
    assert case.urgency == "critical"
    wrong = patch(cras, url, {"occurred_on": "2026-04-01"}, HTTP_IF_MATCH=changed["ETag"])
    assert wrong.status_code == 422 and "posterior à notificação" in wrong.json()["detail"]


def test_only_the_registering_service_updates_the_case_data():
    case = open_case()
    referral = refer(case)
    from serdh.cases import referrals
    from tests.cases.factories import acting

    referrals.transition_referral(acting("ct.passos"), referral, "accept")
    ct = api_client("ct.passos")
    url = f"/api/v1/cases/{case.pk}/"
    response = patch(ct, url, {"urgency": "low"}, HTTP_IF_MATCH=ct.get(url)["ETag"])
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    bh = patch(api_client("cras.bh"), url, {"urgency": "low"}, HTTP_IF_MATCH='"x"')
    assert bh.status_code == 404


def test_problem_titles_follow_the_callers_language():
    client = api_client("cras.bh")
    client.cookies["django_language"] = "en"
    response = client.get("/api/v1/cases/999999/")
    assert response.json()["title"] == "Not found"
    assert response.json()["detail"] == "Resource not found or outside your access."
    assert api_client("cras.bh").get("/api/v1/cases/999999/").json()["title"] == "Não encontrado"


def test_parties_and_violations_are_added_through_the_api():
    case = open_case(victim_name="Beatriz Partes Api")
    cras = api_client("cras.passos")
    author = post(
        cras,
        f"/api/v1/cases/{case.pk}/parties/",
        {"role": "author", "full_name": "Rui Autor Api", "sex": "M", "age_years": 41},
    )
    assert author.status_code == 201, author.content
    assert author.json()["pseudonym"].startswith("Suposto(a) autor(a)")
    reporter = post(
        cras, f"/api/v1/cases/{case.pk}/parties/", {"role": "reporter", "is_anonymous": True}
    )
    assert reporter.status_code == 201 and reporter.json()["person"] is None
    bad_cpf = post(
        cras, f"/api/v1/cases/{case.pk}/parties/", {"role": "witness", "cpf": "111.111.111-12"}
    )
    assert bad_cpf.status_code == 422 and bad_cpf.json()["errors"][0]["field"] == "cpf"
    victim = case.parties.get(role="victim")
    violation = post(
        cras,
        f"/api/v1/cases/{case.pk}/violations/",
        {
            "type": "psychological",
            "victim": victim.pk,
            "author": author.json()["id"],
            "recurrence": "repeated",
        },
    )
    assert violation.status_code == 201, violation.content
    assert violation.json()["type"] == "psychological"
    foreign = post(
        cras,
        f"/api/v1/cases/{case.pk}/violations/",
        {"type": "psychological", "victim": author.json()["id"]},
    )
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "victim"
    # Another municipality's service cannot add to the case.
    assert (
        post(
            api_client("cras.bh"), f"/api/v1/cases/{case.pk}/parties/", {"role": "witness"}
        ).status_code
        == 404
    )


def test_a_person_is_read_by_the_services_of_their_cases_and_the_read_is_audited():
    case = open_case(victim_name="Cecília Pessoa Api", cpf="529.982.247-25")
    person_id = case.parties.get(role="victim").person_id
    body = api_client("cras.passos").get(f"/api/v1/persons/{person_id}/").json()
    assert body["full_name"] == "Cecília Pessoa Api" and body["cpf"] == "52998224725"
    assert body["cases"] == [case.protocol]
    assert AuditEvent.objects.filter(action="person.viewed", object_id=str(person_id)).exists()
    # Managers never read persons, as on the web (403 for any id: it confirms nothing).
    assert api_client("gestor.passos").get(f"/api/v1/persons/{person_id}/").status_code == 403
    assert api_client("gestor.passos").get("/api/v1/persons/999999/").status_code == 403
    assert api_client("ct.bh").get(f"/api/v1/persons/{person_id}/").status_code == 404
    assert api_client("cras.passos").get("/api/v1/persons/").status_code == 404


def test_the_stored_first_response_is_encrypted_replays_are_audited_and_old_keys_go():
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from serdh.core.models import IdempotencyKey

    cras = api_client("cras.passos")
    first = post(cras, "/api/v1/cases/", NEW_CASE, HTTP_IDEMPOTENCY_KEY="chave-cifrada-1")
    assert first.status_code == 201
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT response_body FROM {IdempotencyKey._meta.db_table}")
        (raw,) = cursor.fetchone()
    assert "Paula" not in raw and raw.startswith("v1$")
    again = post(cras, "/api/v1/cases/", NEW_CASE, HTTP_IDEMPOTENCY_KEY="chave-cifrada-1")
    assert again.json() == first.json()
    assert AuditEvent.objects.filter(action="api.idempotent_replay").count() == 1
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    post(cras, "/api/v1/cases/", NEW_CASE, HTTP_IDEMPOTENCY_KEY="outra-chave-2")
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["outra-chave-2"]


def test_a_retried_follow_up_is_recorded_once():
    case = open_case()
    cras = api_client("cras.passos")
    body = {"kind": "home_visit", "happened_on": "2026-03-12", "description": "Visita."}
    url = f"/api/v1/cases/{case.pk}/follow-ups/"
    first = post(cras, url, body, HTTP_IDEMPOTENCY_KEY="acomp-1")
    again = post(cras, url, body, HTTP_IDEMPOTENCY_KEY="acomp-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert case.follow_ups.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services?page=²",
        "/api/hsds/services?per_page=99999999999999999999",
        "/api/hsds/services?municipality=²",
        "/api/hsds/services?modified_after=2024-02-30",
        "/api/hsds/services?modified_after=2024-01-01T25:00",
    ],
)
def test_odd_numbers_and_impossible_dates_get_a_400_not_a_500(url):
    assert Client().get(url).status_code == 400


def test_odd_filters_on_the_api_give_an_empty_list():
    response = api_client("cras.passos").get("/api/v1/organizations/?municipality=²")
    assert response.status_code == 200 and response.json()["results"] == []
