"""Clients, endpoints and a webhook receiver for the interop tests."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

from django.test import Client

from serdh.accounts.models import Membership, User
from serdh.interop import approvals, clients, endpoints
from serdh.interop.models import ALL_SCOPES
from serdh.network.models import Organization


def admin(username="admin.passos"):
    return User.objects.get(username=username)


def org(name="CRAS Centro — Passos"):
    return Organization.objects.get(name=name)


def coordinator_of(organization):
    """A coordinator of ``organization`` (the approver's side of its system clients)."""
    from serdh.accounts.selectors import use_membership

    user, _created = User.objects.get_or_create(
        username=f"coord.teste.{organization.pk}", defaults={"full_name": "Coordenação Teste"}
    )
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=organization, role="coordinator"
    )
    use_membership(user, membership)
    return user


def system_client(organization=None, scopes=ALL_SCOPES, rate_limit=600, by="admin.passos"):
    """(client, secret) registered through the service, as the admin page does; a client
    with case scopes is then approved by a coordinator of its organization, who receives the
    secret (interop.approvals)."""
    organization = organization or org()
    client, secret = clients.register_client(
        admin(by),
        organization=organization,
        name="Sistema de teste",
        scopes=list(scopes),
        rate_limit=rate_limit,
    )
    if secret is None:
        secret, _handoff = approvals.approve_client(coordinator_of(organization), client)
        client.refresh_from_db()
    return client, secret


def token(client_obj, secret, scope=""):
    form = {
        "grant_type": "client_credentials",
        "client_id": client_obj.client_id,
        "client_secret": secret,
        "scope": scope,
    }
    response = Client().post("/oauth/token/", urlencode(form), "application/x-www-form-urlencoded")
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def bearer(raw):
    """A Django test client that sends the token on every request."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def endpoint(url, organization=None, event_types=(), by="admin.passos"):
    return endpoints.create_endpoint(
        admin(by), organization=organization or org(), url=url, event_types=event_types
    )


class Receiver:
    """A real HTTP server on loopback that records what it receives. ``script`` is a list of
    status codes to answer in turn (then 204)."""

    def __init__(self, script=(), on_request=None):
        self.script = list(script)
        self.on_request = on_request  # called with the request's number before answering
        self.received = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if receiver.on_request is not None:
                    receiver.on_request(len(receiver.received) + 1)
                with receiver.lock:
                    status = receiver.script.pop(0) if receiver.script else 204
                    receiver.received.append(
                        {
                            "headers": {k.lower(): v for k, v in self.headers.items()},
                            "body": body,
                            "status": status,
                        }
                    )
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def accepted(self):
        """Bodies answered 2xx, parsed, in arrival order."""
        with self.lock:
            return [json.loads(r["body"]) for r in self.received if 200 <= r["status"] < 300]
