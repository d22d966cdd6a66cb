"""`serdh serve --trusted-proxy 127.0.0.1` behind the documented nginx (docs/operations.md,
"Web process"): a real server process with production settings, spoken to as nginx speaks
to it. The forwarded scheme makes the request HTTPS (no redirect loop, HSTS, Secure cookies)
and the forwarded address is the one the audit trail records; a request without the
forwarded scheme is sent to HTTPS."""

import base64
import http.client
import re
import socket
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from serdh.accounts.models import User
from serdh.core.models import AuditEvent
from tests.conftest import serdh_command, serdh_process, shared_database_url

HOST = "serdh.mg.example"
CLIENT_ADDRESS = "203.0.113.7"
PASSWORD = "Proxy-Confiavel-2026!"


def _b64(data):
    return base64.b64encode(data).decode()


def production_env(tmp_path):
    """Production settings on the test database, with the test database's own (throwaway)
    keys, so what the server writes keeps the test's audit chain whole."""
    return {
        "SERDH_ENV": "production",
        "SERDH_SECRET_KEY": "UHJveHktdGVzdC1rZXktbm90LWZvci11c2U-4d2c9e71b3a84f06a5d1c8e7f6b5a4",
        "SERDH_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": shared_database_url(),
        "SERDH_DATA_DIR": str(tmp_path),
        "SERDH_FIELD_KEYS": "t1:" + _b64(bytes(range(32))),
        "SERDH_BLIND_INDEX_KEY": _b64(bytes(range(32, 64))),
        "SERDH_AUDIT_KEY": _b64(bytes(range(64, 96))),
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, headers, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


PROXIED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT_ADDRESS}


def cookies(headers):
    """{name: the whole Set-Cookie line} of a response."""
    return {line.split("=", 1)[0]: line for line in headers.get_all("Set-Cookie") or []}


@pytest.fixture(scope="module")
def server(tmp_path_factory, django_db_setup):
    env = production_env(tmp_path_factory.mktemp("serve"))
    static = serdh_command("collectstatic", "--noinput", "-v", "0", env=env, timeout=300)
    assert static.returncode == 0, static.stderr
    port = free_port()
    process = serdh_process(
        "serve", "--port", str(port), "--trusted-proxy", "127.0.0.1", "--threads", "2", env=env
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _headers, _body = request(port, "GET", "/healthz", PROXIED)
                break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "serdh serve did not answer"
                time.sleep(0.3)
        assert status == 200
        yield port
    finally:
        process.terminate()
        try:
            process.wait(15)
        except Exception:
            process.kill()


@pytest.mark.django_db(transaction=True)
def test_behind_the_proxy_the_request_is_https_and_comes_from_the_person(server):
    # A sign-in through the proxy, as a person in a CRAS does it.
    hasher = PBKDF2PasswordHasher()  # production's hasher (the tests' own is MD5)
    User.objects.filter(username="cras.passos").update(
        password=hasher.encode(PASSWORD, hasher.salt())
    )
    status, headers, body = request(server, "GET", "/conta/entrar/", PROXIED)
    assert status == 200, (status, headers.get("Location"))  # no redirect to HTTPS: no loop
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    csrf_cookie = cookies(headers)["csrftoken"]
    assert "Secure" in csrf_cookie and "HttpOnly" in csrf_cookie

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    csrf_value = csrf_cookie.split("=", 1)[1].split(";", 1)[0]
    form = f"csrfmiddlewaretoken={token}&username=cras.passos&password={PASSWORD}"
    status, headers, body = request(
        server,
        "POST",
        "/conta/entrar/",
        {
            **PROXIED,
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/conta/entrar/",
            "Cookie": f"csrftoken={csrf_value}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=form,
    )
    assert status == 302, body[:2000]
    assert not headers["Location"].startswith("http://")
    session_cookie = cookies(headers)["sessionid"]
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    assert "Strict-Transport-Security" in headers

    # The audit trail records the person's address (X-Forwarded-For), not the proxy's.
    login = AuditEvent.objects.filter(action="auth.login").order_by("-seq").first()
    assert login is not None and login.actor_label.startswith("cras.passos")
    assert login.ip == CLIENT_ADDRESS


def test_without_the_forwarded_scheme_it_redirects_to_https(server):
    status, headers, _body = request(server, "GET", "/conta/entrar/", {})
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/conta/entrar/"


def test_the_unit_in_the_docs_starts_serve_with_the_trusted_proxy():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    unit = doc.split("/etc/systemd/system/serdh-web.service", 1)[1].split("[Install]", 1)[0]
    assert "serdh serve" in unit and "--trusted-proxy 127.0.0.1" in unit
    assert "waitress-serve" not in unit
