"""Every page that may show personal data is sent ``Cache-Control: no-store, private`` (issue
11): no browser history, proxy or shared computer keeps a copy. Every GET page of the
permission matrix under /sima/, /conta/ and /api/, and the editors' area, is checked with a
persona that may open it; public portal pages stay cacheable."""

import pytest
from django.test import Client

from serdh.accounts.models import User
from tests.matrix_support import ANON, PERSONAS
from tests.test_fuzz_query import pages

PRIVATE = ("/sima/", "/conta/", "/editorial/", "/api/")


def logged(username):
    client = Client()
    if username != ANON:
        client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.django_db
def test_private_pages_are_never_stored():
    clients = {p: logged(p) for p in [ANON, *PERSONAS]}
    checked = []
    for url, persona in pages():
        if not url.startswith(PRIVATE):
            continue
        response = clients[persona].get(url)
        header = response.get("Cache-Control", "")
        assert "no-store" in header and "private" in header, (url, persona, header)
        checked.append(url)
    from serdh.portal.models import HomePage

    for url in ("/editorial/", f"/editorial/pages/{HomePage.objects.get().pk}/"):
        response = clients["editor.mg"].get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert len(checked) > 60
    # The public portal is not private (it can be cached by the browser and proxies).
    assert "no-store" not in clients[ANON].get("/").get("Cache-Control", "")
