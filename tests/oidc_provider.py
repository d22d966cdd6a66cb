"""A local OpenID Connect provider that speaks Login gov.br's protocol, for tests.

It serves, on a loopback port: discovery (``/.well-known/openid-configuration``), the
authorization endpoint (authorization code flow; PKCE S256 and ``nonce`` required), the token
endpoint (client secret by Basic or form; single-use codes bound to the client, the redirect
URI and the PKCE challenge), JWKS and userinfo. ID tokens are RS256 JWTs carrying ``sub`` (the
CPF), ``nonce``, ``amr`` and gov.br's ``reliability_info.level``.

Nobody types a password here: ``provider.identity`` is whoever "signs in" at gov.br next.
``provider.forge`` makes the next ID token be signed with a key that is not in the JWKS.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


class Provider:
    def __init__(self, client_id="serdh-test", client_secret=None):
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.key = RSAKey.generate_key(2048, parameters={"kid": "govbr-test-1", "use": "sig"})
        self.identity = {"cpf": "", "name": "", "level": "prata", "amr": ["passwd"]}
        self.forge = False
        self.codes = {}  # code -> grant (deleted when redeemed: single use)
        self.redeemed = []
        self.requests = []  # (method, path) seen, for assertions
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    # --- protocol ------------------------------------------------------------------------------

    def metadata(self):
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwk",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile", "govbr_confiabilidades"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def authorize(self, query):
        """The user is already signed in at gov.br: answer with a code, or an error."""
        q = {k: v[0] for k, v in parse_qs(query).items()}
        redirect_uri = q.get("redirect_uri", "")
        problems = []
        if q.get("response_type") != "code":
            problems.append("unsupported_response_type")
        if q.get("client_id") != self.client_id:
            problems.append("unauthorized_client")
        if "openid" not in q.get("scope", "").split():
            problems.append("invalid_scope")
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            problems.append("invalid_request")  # PKCE is mandatory at gov.br
        if not q.get("nonce") or not q.get("state"):
            problems.append("invalid_request")
        if problems:
            return 400, {"error": problems[0]}
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "client_id": q["client_id"],
            "redirect_uri": redirect_uri,
            "challenge": q["code_challenge"],
            "nonce": q["nonce"],
            "identity": dict(self.identity),
            "at": time.time(),
        }
        location = f"{redirect_uri}?{urlencode({'code': code, 'state': q['state']})}"
        return 302, location

    def token(self, headers, body):
        form = {k: v[0] for k, v in parse_qs(body).items()}
        client_id, secret = form.get("client_id"), form.get("client_secret")
        auth = headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or time.time() - grant["at"] > 60:
            return 400, {"error": "invalid_grant"}  # unknown, expired or already redeemed
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if grant["client_id"] != client_id or grant["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        if challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        self.redeemed.append(form["code"])
        identity = grant["identity"]
        now = int(time.time())
        access_token = secrets.token_urlsafe(24)
        claims = {
            "iss": self.url,
            "sub": identity["cpf"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "amr": identity["amr"],
            "name": identity["name"],
            "reliability_info": {"level": identity["level"]},
            "at_hash": _at_hash(access_token),
        }
        key = self.key
        if self.forge:
            key = RSAKey.generate_key(2048, parameters={"kid": "govbr-test-1"})
        id_token = jwt.encode({"alg": "RS256", "kid": "govbr-test-1"}, claims, key)
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
            "scope": "openid email profile govbr_confiabilidades",
        }

    def jwks(self):
        return KeySet([self.key]).as_dict(private=False)

    # --- HTTP ----------------------------------------------------------------------------------

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, payload):
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", payload)
                    self.end_headers()
                    return
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlparse(self.path)
                provider.requests.append(("GET", url.path))
                if url.path == "/.well-known/openid-configuration":
                    return self._send(200, provider.metadata())
                if url.path == "/authorize":
                    return self._send(*provider.authorize(url.query))
                if url.path == "/jwk":
                    return self._send(200, provider.jwks())
                if url.path == "/userinfo":
                    return self._send(200, {"sub": provider.identity["cpf"]})
                return self._send(404, {"error": "not_found"})

            def do_POST(self):
                url = urlparse(self.path)
                provider.requests.append(("POST", url.path))
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                if url.path == "/token":
                    return self._send(*provider.token(self.headers, body))
                return self._send(404, {"error": "not_found"})

        return Handler


def _at_hash(access_token):
    digest = hashlib.sha256(access_token.encode()).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()
