"""API conformance (issue 11): the OpenAPI documents validate and document every error, paths
that match no route answer problem+json, the token endpoint follows RFC 6749 and the resource
errors RFC 6750, invalid query values are 400 problems, and links use the request's origin.
Measured with openapi-spec-validator, authlib (a standard OAuth2 client, over real HTTP) and,
in test_schemathesis.py, schemathesis' undocumented-status check."""

import base64
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client, override_settings
from openapi_spec_validator import validate

from serdh.core.models import RateCounter
from serdh.interop.models import OutboxEvent
from tests.cases.factories import acting, open_case, refer
from tests.interop.factories import bearer, system_client, token

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"
PROBLEM = "application/problem+json"


def post_token(body, **headers):
    return Client().post("/oauth/token/", body, FORM, **headers)


# --- the documents ----------------------------------------------------------------------


def test_the_openapi_schema_is_valid_and_documents_every_error_as_a_problem():
    schema = Client().get("/api/schema/?format=json").json()
    validate(schema)
    assert "/oauth/token/" in schema["paths"]
    assert schema["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status"]
    for path, operations in schema["paths"].items():
        if path == "/oauth/token/":
            continue
        for method, operation in operations.items():
            for code in ("400", "401", "403", "404", "429"):
                content = operation["responses"][code]["content"]
                assert PROBLEM in content, (method, path, code)
            if method == "patch":
                assert {"412", "428"} <= set(operation["responses"]), path


def test_the_hsds_root_links_its_own_valid_openapi_document():
    root = Client().get("/api/hsds/").json()
    assert urlsplit(root["openapi_url"]).path == "/api/hsds/openapi.json"
    document = Client().get("/api/hsds/openapi.json").json()
    validate(document)
    assert "/api/hsds/services" in document["paths"]
    assert {p["name"] for p in document["paths"]["/api/hsds/services"]["get"]["parameters"]} >= {
        "page",
        "per_page",
        "modified_after",
        "municipality",
    }


# --- no HTML under /api/ --------------------------------------------------------------------


def test_an_unknown_api_path_is_a_problem_not_an_html_page():
    for method in ("get", "post", "delete"):
        response = getattr(Client(), method)("/api/v1/nada/aqui/")
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM
        assert response.json()["status"] == 404
    assert Client().get("/api/v1/cases/abc/")["Content-Type"] == PROBLEM


def test_a_bearer_request_is_never_answered_with_the_csrf_page():
    client, secret = system_client()
    enforcing = Client(
        enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token(client, secret)}"
    )
    enforcing.cookies["csrftoken"] = "x" * 32  # a stray browser cookie changes nothing
    for path in ("/api/v1/nada/", "/api/v1/cases/", "/oauth/token/"):
        response = enforcing.post(path, {}, content_type="application/json")
        assert response.status_code < 500, path
        assert "text/html" not in response["Content-Type"], path


def test_a_session_post_without_csrf_gets_a_problem(client_for):
    browser = client_for("cras.passos")
    browser.handler.enforce_csrf_checks = True
    response = browser.post("/api/v1/nada/", {}, content_type="application/json")
    assert response["Content-Type"] == PROBLEM


# --- token endpoint (RFC 6749) ------------------------------------------------------------


def test_the_token_endpoint_refuses_malformed_requests_with_invalid_request():
    client, secret = system_client()
    good = {"grant_type": "client_credentials", "client_id": client.client_id}
    basic = "Basic " + base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    cases = [
        (
            "grant_type=client_credentials&grant_type=client_credentials"
            f"&client_id={client.client_id}&client_secret={secret}",
            {},
        ),
        (urlencode({**good, "client_secret": secret}), {"HTTP_AUTHORIZATION": basic}),
        (urlencode({"client_id": client.client_id, "client_secret": secret}), {}),
        (f"grant_type=client_credentials&scope=a&scope=b&client_id={client.client_id}", {}),
    ]
    for body, headers in cases:
        response = post_token(body, **headers)
        assert response.status_code == 400, body
        assert response.json()["error"] == "invalid_request", body
        assert response["Cache-Control"] == "no-store"
    # The well-formed request still works.
    assert post_token(urlencode({**good, "client_secret": secret})).status_code == 200
    assert (
        post_token(
            urlencode({"grant_type": "client_credentials"}), HTTP_AUTHORIZATION=basic
        ).status_code
        == 200
    )


def test_brute_force_on_a_client_is_limited_per_client_and_address():
    client, secret = system_client()
    wrong = urlencode(
        {"grant_type": "client_credentials", "client_id": client.client_id, "client_secret": "x"}
    )
    statuses = [post_token(wrong, REMOTE_ADDR="203.0.113.5").status_code for _ in range(11)]
    assert statuses == [401] * 10 + [429]
    limited = post_token(
        urlencode(
            {
                "grant_type": "client_credentials",
                "client_id": client.client_id,
                "client_secret": secret,
            }
        ),
        REMOTE_ADDR="203.0.113.5",
    )
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    # The client's own system, from its own address, is not locked out by the attacker.
    right = urlencode(
        {"grant_type": "client_credentials", "client_id": client.client_id, "client_secret": secret}
    )
    assert post_token(right, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert RateCounter.objects.filter(scope="oauth-client").exists()


# --- resource errors (RFC 6750) --------------------------------------------------------------


def test_bearer_errors_say_why_in_the_challenge():
    missing = Client().get("/api/v1/cases/")
    assert missing.status_code == 401 and missing["WWW-Authenticate"] == 'Bearer realm="serdh"'
    invalid = bearer("sat_nao-existe").get("/api/v1/cases/")
    assert invalid.status_code == 401
    assert 'error="invalid_token"' in invalid["WWW-Authenticate"]
    client, secret = system_client(scopes=["referrals:read"])
    scoped = bearer(token(client, secret)).get("/api/v1/cases/")
    assert scoped.status_code == 403 and scoped["Content-Type"] == PROBLEM
    assert scoped["WWW-Authenticate"] == (
        'Bearer realm="serdh", error="insufficient_scope", scope="cases:read"'
    )


# --- query values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases/?page_size=null",
        "/api/v1/cases/?page_size=0",
        "/api/v1/cases/?page_size=1000",
        "/api/v1/cases/?page_size=1e2",
        "/api/v1/cases/?page_size=2&page_size=3",
        "/api/v1/cases/?status=bogus",
        "/api/v1/referrals/?box=bogus",
        "/api/v1/referrals/?box=sent&box=received",
        "/api/v1/referrals/?status=bogus",
        "/api/hsds/services?per_page=1000",
        "/api/hsds/services?page=0",
    ],
)
def test_invalid_query_values_are_400_problems(client_for, url):
    response = client_for("cras.passos").get(url)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM


def test_next_links_never_repeat_a_parameter(client_for):
    for i in range(3):
        open_case(victim_name=f"Pagina Teste {i}")
    page = client_for("cras.passos").get("/api/v1/cases/?page_size=1&status=registered").json()
    query = parse_qs(urlsplit(page["next"]).query)
    assert all(len(values) == 1 for values in query.values()), query
    second = client_for("cras.passos").get(page["next"]).json()
    assert len(second["results"]) == 1
    following = parse_qs(urlsplit(second["next"]).query)
    assert all(len(values) == 1 for values in following.values())


# --- origins ----------------------------------------------------------------------------


@override_settings(SERDH_PUBLIC_URL="", ALLOWED_HOSTS=["serdh.passos.example"])
def test_links_use_the_requests_origin_when_no_public_url_is_set(client_for):
    case = open_case(register=False)
    worker = client_for("cras.passos")
    response = worker.post(f"/sima/casos/{case.pk}/registrar/", HTTP_HOST="serdh.passos.example")
    assert response.status_code == 302
    event = OutboxEvent.objects.get(type="case.registered")
    assert event.source == "http://serdh.passos.example/api/v1/"
    assert event.data["links"]["case"].startswith("http://serdh.passos.example/api/v1/cases/")
    referral = refer(open_case())
    from serdh.cases import referrals

    referrals.open_referral(acting("ct.passos"), referral)
    fhir = client_for("ct.passos").get(
        f"/api/v1/referrals/{referral.pk}/fhir/", HTTP_HOST="serdh.passos.example"
    )
    urls = [entry["fullUrl"] for entry in fhir.json()["entry"]]
    assert urls and all(u.startswith("http://serdh.passos.example/") for u in urls)
