"""A standard OAuth2 client library (authlib) gets a token from SER-DH over real HTTP, with
either client authentication method, and reads what its scope allows (issue 11)."""

import pytest

from serdh.demo import network as demo_network
from tests.interop.factories import org, system_client

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_standard_oauth2_client_gets_a_token_and_reads_the_api(live_server):
    from authlib.integrations.requests_client import OAuth2Session

    demo_network.seed()
    client, secret = system_client(org("Conselho Tutelar de Passos"))
    for method in ("client_secret_basic", "client_secret_post"):
        session = OAuth2Session(
            client.client_id, secret, token_endpoint_auth_method=method, scope="referrals:read"
        )
        issued = session.fetch_token(
            live_server.url + "/oauth/token/", grant_type="client_credentials"
        )
        assert issued["token_type"] == "Bearer" and issued["scope"] == "referrals:read"
        listed = session.get(live_server.url + "/api/v1/referrals/")
        assert listed.status_code == 200
        denied = session.get(live_server.url + "/api/v1/cases/")
        assert denied.status_code == 403
