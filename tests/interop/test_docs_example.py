"""The worked example of docs/api.md (docs/examples/serdh_client.py) runs against a live
SER-DH with the demo's system client, and its webhook check agrees with the signer."""

import importlib.util
import json
import time
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook

from serdh.cases.models import Referral
from serdh.demo import interop as demo_interop
from serdh.demo import network as demo_network
from serdh.interop import webhooks
from tests.cases.factories import open_case, refer

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "serdh_client.py"


def load_example():
    spec = importlib.util.spec_from_file_location("serdh_client_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_the_example_registers_a_case_and_completes_a_referral(live_server):
    demo_network.seed()
    client_id, secret = demo_interop.ensure_demo_client()
    assert demo_interop.ensure_demo_client() == (client_id, secret)  # idempotent
    referral = refer(open_case(victim_name="Exemplo Documentação Souza"))
    example = load_example()
    client = example.SerdhClient(live_server.url, client_id, secret)
    case = client.register_case()
    assert case["protocol"].startswith("MG-") and case["status"] == "registered"
    done = client.work_first_referral()
    assert done["id"] == referral.pk and done["fhir_task_status"] == "completed"
    assert Referral.objects.get(pk=referral.pk).status == "completed"
    with pytest.raises(RuntimeError, match="404"):
        client.call("GET", "/cases/999999/")


def test_the_example_webhook_check_agrees_with_the_signer():
    example = load_example()
    secret, old = webhooks.new_secret(), webhooks.new_secret()
    body = json.dumps({"type": "br.serdh.referral.sent"}).encode()
    timestamp = str(int(time.time()))
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": timestamp,
        "webhook-signature": webhooks.sign([secret, old], "msg_1", timestamp, body),
    }
    assert example.verify_webhook(secret, headers, body)
    assert example.verify_webhook(old, headers, body)
    Webhook(secret).verify(body, headers)  # the reference implementation agrees
    assert not example.verify_webhook(webhooks.new_secret(), headers, body)
    assert not example.verify_webhook(secret, headers, body + b" ")
    assert not example.verify_webhook(secret, headers, body, now=int(timestamp) + 3600)
