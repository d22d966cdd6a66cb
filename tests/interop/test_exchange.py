"""Issue 4's "done when": a stand-in Conselho Tutelar system, a real HTTP server on loopback,
receives SER-DH's webhook, verifies its signature, fetches the referral, accepts it, records a
follow-up and completes it, all through the API over real HTTP; SER-DH's timeline shows
every step, and the message log holds every call."""

import base64
import json
import queue
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from serdh.cases.models import CaseEvent, Referral
from serdh.demo import network as demo_network
from serdh.interop import webhooks
from serdh.interop.models import MessageLogEntry
from tests.cases.factories import open_case, refer
from tests.interop.factories import endpoint, org, system_client

pytestmark = pytest.mark.django_db(transaction=True)


class ConselhoTutelarSystem:
    """The Conselho Tutelar's own system, as an integrator would write it: it answers the
    webhook at once (after checking the signature and de-duplicating by webhook-id) and acts
    on the event in its own worker thread, through SER-DH's API."""

    def __init__(self, serdh_url):
        self.serdh_url = serdh_url
        self.events = queue.Queue()
        self.seen_ids = set()
        self.log = []  # (method, path, status) of every call it made to SER-DH
        self.errors = []
        self.refused_signatures = 0
        self.client_id = self.client_secret = self.webhook_secret = None
        system = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    payload = Webhook(system.webhook_secret).verify(body, headers)
                except WebhookVerificationError:
                    system.refused_signatures += 1
                    self.send_response(401)
                else:
                    if headers["webhook-id"] not in system.seen_ids:
                        system.seen_ids.add(headers["webhook-id"])
                        system.events.put(payload)
                    self.send_response(204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/serdh/eventos"
        self.received_types = []

    # --- talking to SER-DH -----------------------------------------------------------------

    def _call(self, method, url, body=None, token=None, protocol="", form=False):
        headers = {"Accept": "application/json"}
        data = None
        if form:
            data = body.encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
            headers["Authorization"] = f"Basic {basic}"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if protocol:
            headers["X-SERDH-Protocol"] = protocol
        url = url if url.startswith("http") else self.serdh_url + url
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            self.log.append((method, url.removeprefix(self.serdh_url), response.status))
            return json.loads(response.read() or b"null")

    def handle(self, event):
        self.received_types.append(event["type"])
        if event["type"] != "br.serdh.referral.sent":
            return
        data, protocol = event["data"], event["data"]["protocol"]
        token = self._call("POST", "/oauth/token/", "grant_type=client_credentials", form=True)[
            "access_token"
        ]
        call = lambda method, url, body=None: self._call(  # noqa: E731
            method, url, body, token=token, protocol=protocol
        )
        referral = call("GET", data["links"]["referral"])
        assert referral["status"] == "received" and referral["service_requested"]
        bundle = call("GET", data["links"]["fhir"])
        assert bundle["entry"][1]["resource"]["status"] == "received"
        referral_url = data["links"]["referral"]
        call("POST", referral_url + "accept/", {})
        kinds = call("GET", "/api/v1/vocabularies/follow_up_kind/")["terms"]
        call(
            "POST",
            f"/api/v1/cases/{data['case_id']}/follow-ups/",
            {"kind": kinds[0]["code"], "happened_on": "2026-03-12", "description": "Visita."},
        )
        call("POST", referral_url + "start/", {})
        call(
            "POST",
            referral_url + "complete/",
            {"counter_referral": "Medida de proteção aplicada; acompanhamento pelo CREAS."},
        )

    def _work(self):
        while True:
            event = self.events.get()
            if event is None:
                return
            try:
                self.handle(event)
            except Exception as exc:  # reported by the test
                self.errors.append(repr(exc))

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.worker = threading.Thread(target=self._work, daemon=True)
        self.worker.start()
        return self

    def __exit__(self, *exc):
        self.events.put(None)
        self.server.shutdown()
        self.server.server_close()


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_conselho_tutelar_system_works_a_referral_through_the_api(live_server):
    demo_network.seed()
    ct = org("Conselho Tutelar de Passos")
    with (
        override_settings(SERDH_PUBLIC_URL=live_server.url),
        ConselhoTutelarSystem(live_server.url) as system,
    ):
        client, system.client_secret = system_client(
            ct,
            scopes=[
                "cases:read",
                "cases:write",
                "referrals:read",
                "referrals:write",
                "directory:read",
            ],
        )
        system.client_id = client.client_id
        _hook, system.webhook_secret = endpoint(system.url, ct)
        dispatcher = webhooks.Dispatcher(interval=0.1)
        dispatcher.start()
        try:
            case = open_case(victim_name="Laura Sistema Conselho")
            referral = refer(case)
            assert wait_for(
                lambda: Referral.objects.get(pk=referral.pk).status == "completed" or system.errors
            ), system.log
            assert system.errors == []
            # The CT system heard of its own steps as well, in order.
            assert wait_for(lambda: "br.serdh.referral.completed" in system.received_types)
        finally:
            dispatcher.stop()
            dispatcher.join(timeout=10)

    assert system.refused_signatures == 0
    assert [t.removeprefix("br.serdh.") for t in system.received_types] == [
        "referral.sent",
        "referral.received",
        "referral.accepted",
        "followup.recorded",
        "referral.started",
        "referral.completed",
    ]
    assert [status for _m, _p, status in system.log] == [200, 200, 200, 200, 200, 201, 200, 200]

    # SER-DH's timeline shows every step, done by the CT's system account.
    steps = list(
        CaseEvent.objects.filter(case=case).order_by("at", "pk").values_list("kind", "organization")
    )
    kinds = [kind for kind, _org in steps]
    expected = [
        "referral_sent",
        "referral_receive",
        "referral_accept",
        "follow_up",
        "referral_start",
        "referral_complete",
    ]
    assert [k for k in kinds if k in expected] == expected
    by_ct = {kind for kind, organization in steps if organization == ct.pk}
    assert set(expected[1:]) <= by_ct
    final = Referral.objects.get(pk=referral.pk)
    assert final.counter_referral.startswith("Medida de proteção aplicada")

    # The message log holds each call of the CT system, correlated to the case.
    logged = MessageLogEntry.objects.filter(client_id=client.client_id).order_by("seq")
    assert [(m.method, m.status) for m in logged] == [
        (method, status) for method, _path, status in system.log
    ]
    assert {m.protocol for m in logged if m.path.startswith("/api/")} == {case.protocol}
