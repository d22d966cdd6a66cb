"""A system talking to SER-DH: the worked example of docs/api.md (standard library only).

Against the demo (``scripts/demo`` prints the client_id and client_secret of the Conselho
Tutelar de Passos' demo system):

    SERDH_URL=http://127.0.0.1:8000 SERDH_CLIENT_ID=demo-ct-passos \
    SERDH_CLIENT_SECRET=scs_demo_... python docs/examples/serdh_client.py

It gets a token, registers a case, works the first referral of its inbox (fetch, accept,
record a follow-up, complete with a counter-referral) and shows how a webhook receiver checks
a signature. tests/interop/test_docs_example.py runs it against a live SER-DH.
"""

import base64
import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.request
import uuid


class SerdhClient:
    def __init__(self, base_url, client_id, client_secret):
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.token = None
        self.token_expires = 0

    # 1. A token: OAuth2 client credentials (RFC 6749 §4.4), renewed before it expires.
    def access_token(self):
        if self.token and time.time() < self.token_expires - 60:
            return self.token
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        request = urllib.request.Request(
            f"{self.base_url}/oauth/token/",
            data=b"grant_type=client_credentials",
            headers={
                "Authorization": f"Basic {basic}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.load(response)
        self.token = body["access_token"]
        self.token_expires = time.time() + body["expires_in"]
        return self.token

    def call(self, method, path, body=None, *, protocol="", idempotency_key=""):
        """One API call. Errors come as RFC 9457 problems: raise them with their detail."""
        url = path if path.startswith("http") else f"{self.base_url}/api/v1{path}"
        headers = {"Authorization": f"Bearer {self.access_token()}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if protocol:  # correlates the call with a case in SER-DH's message log
            headers["X-SERDH-Protocol"] = protocol
        if idempotency_key:  # a retried POST never creates a second case
            headers["Idempotency-Key"] = idempotency_key
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            problem = json.load(error)
            raise RuntimeError(f"{error.code} {problem['title']}: {problem['detail']}") from None

    # 2. Register a case.
    def register_case(self):
        return self.call(
            "POST",
            "/cases/",
            {
                "intake_channel": "spontaneous",
                "reported_on": "2026-03-10",
                "occurred_on": "2026-03-02",
                "urgency": "high",
                "narrative": "Relato recebido pelo sistema do Conselho Tutelar.",
                "victim": {"full_name": "Criança Exemplo Silva", "age_years": 9, "sex": "F"},
                "violation": {"type": "psychological", "recurrence": "repeated"},
            },
            idempotency_key=str(uuid.uuid4()),
        )

    # 3. Follow a referral: from the inbox to the counter-referral.
    def work_first_referral(self):
        inbox = self.call("GET", "/referrals/?box=received&status=sent")["results"]
        if not inbox:
            return None
        referral = self.call("GET", f"/referrals/{inbox[0]['id']}/")  # marks it received
        protocol, referral_id = referral["protocol"], referral["id"]
        self.call("POST", f"/referrals/{referral_id}/accept/", {}, protocol=protocol)
        kinds = self.call("GET", "/vocabularies/follow_up_kind/")["terms"]
        self.call(
            "POST",
            f"/cases/{referral['case']}/follow-ups/",
            {"kind": kinds[0]["code"], "happened_on": "2026-03-12", "description": "Visita."},
            protocol=protocol,
        )
        self.call("POST", f"/referrals/{referral_id}/start/", {}, protocol=protocol)
        return self.call(
            "POST",
            f"/referrals/{referral_id}/complete/",
            {"counter_referral": "Medida de proteção aplicada; família acompanhada."},
            protocol=protocol,
        )


# 4. Receiving webhooks: check the Standard Webhooks signature before trusting the event.
def verify_webhook(secret, headers, body, tolerance=300, now=None):
    """True if ``body`` (bytes) was signed by SER-DH with ``secret`` (``whsec_…``) and is
    recent. ``headers`` with lower-case names. During a secret rotation the header carries
    several signatures: any valid one is enough."""
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs((now or time.time()) - int(timestamp)) > tolerance:
        return False  # too old or from the future: a replay
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(
        hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    ).decode()
    return any(
        hmac.compare_digest(expected, signature.split(",", 1)[1])
        for signature in headers["webhook-signature"].split()
        if signature.startswith("v1,")
    )


def main():
    client = SerdhClient(
        os.environ.get("SERDH_URL", "http://127.0.0.1:8000"),
        os.environ["SERDH_CLIENT_ID"],
        os.environ["SERDH_CLIENT_SECRET"],
    )
    case = client.register_case()
    print("caso registrado:", case["protocol"])
    done = client.work_first_referral()
    print("encaminhamento concluído:", done and (done["protocol"], done["fhir_task_status"]))


if __name__ == "__main__":
    main()
