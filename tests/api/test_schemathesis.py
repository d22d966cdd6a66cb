"""Schemathesis against the OpenAPI schema, as a worker (session), a manager (session) and a
system client (OAuth2 token): whatever it sends, no 5xx and no response that breaks the
schema. It calls the application through WSGI, inside the test's transaction."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from serdh.accounts.models import User
from tests.cases.factories import open_case, refer
from tests.interop.factories import org, system_client, token

pytestmark = pytest.mark.django_db
CSRF = "k" * 32  # a CSRF secret sent as cookie and header, as a browser-side client does


@pytest.fixture
def identities(db):
    case = open_case(victim_name="Teste Esquema Silva")
    refer(case)
    client, secret = system_client(org("Conselho Tutelar de Passos"))
    found = {"system": {"headers": {"Authorization": f"Bearer {token(client, secret)}"}}}
    for who, username in (("worker", "cras.passos"), ("manager", "gestor.passos")):
        browser = Client()
        browser.force_login(User.objects.get(username=username))
        found[who] = {
            "headers": {"X-CSRFToken": CSRF},
            "cookies": {"sessionid": browser.cookies["sessionid"].value, "csrftoken": CSRF},
        }
    return found


# Loaded once at collection, through the application itself (the schema view reads no data).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
# The public HSDS directory has its own document (linked from its root's openapi_url).
hsds_schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", get_wsgi_application())


# Full depth on PostgreSQL, the production database; a lighter pass on SQLite keeps
# .ci/run within its time budget (the same operations and identities, fewer examples).
EXAMPLES = 8 if os.environ.get("DATABASE_URL", "").startswith("postgres") else 6

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


def check(case, identity):
    # As Django's test client does: the request must not close the test's connection (and so
    # lose its transaction) when it ends.
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        case.call_and_validate(
            # Schemathesis asks for gzip but its WSGI transport does not decode it: ask for the
            # plain body (compression itself: tests/core/test_compression.py).
            headers={"Accept-Encoding": "identity", **identity["headers"]},
            cookies=identity.get("cookies", {}),
            # status_code_conformance: every status answered is documented (issue 11).
            checks=[
                not_a_server_error,
                response_schema_conformance,
                content_type_conformance,
                status_code_conformance,
            ],
        )
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


@schema.parametrize()
@SETTINGS
def test_as_a_worker(case, identities):
    check(case, identities["worker"])


@schema.parametrize()
@SETTINGS
def test_as_a_manager(case, identities):
    check(case, identities["manager"])


@schema.parametrize()
@SETTINGS
def test_as_a_system_client(case, identities):
    check(case, identities["system"])


@hsds_schema.parametrize()
@SETTINGS
def test_the_public_directory_as_anyone(case, db):
    check(case, {"headers": {}})
