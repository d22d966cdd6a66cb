"""No query string makes any page answer 500 (issue 11).

Found by hand before: ``/sima/casos/?antes=²`` (a non-ASCII digit in the cursor) and
``/busca/?q=%22%27%29%20OR`` (full-text syntax reaching SQLite's FTS5). This test finds the
rest the way an attacker would: every GET page of the permission matrix (SIMA, accounts,
interop, monitoring, the API) and every portal page, requested by a persona that may open it,
first plainly to learn which query parameters the page reads (every ``QueryDict`` lookup is
recorded), then with hypothesis-generated values for those parameters, from a pool of the
inputs that broke pages before (other scripts' digits, quotes, full-text operators, NUL bytes,
huge numbers, impossible dates) and arbitrary text. Any 5xx fails, with the request that did it.
"""

import os
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serdh.accounts.models import User
from tests.matrix_support import ANON, PERSONAS
from tests.test_permission_matrix import WAGTAIL_NAMES, matrix, objects, url_names

EXAMPLES = int(os.environ.get("SERDH_FUZZ_EXAMPLES", "6"))
NASTY = [
    "²",
    "٣",
    "Ⅻ",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "",
    " ",
    "'",
    "\"') OR",
    "a OR b NOT c*",
    "NEAR(a b)",
    "%",
    "\x00",
    "a\x00b",
    "../../etc/passwd",
    "2026-13-45",
    "0000-00-00",
    "9999-12-31",
    "2026-02",
    "true",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "=HYPERLINK(1)",
    "ＭＧ-２０２６",
    "x" * 300,
]
VALUES = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
# Parameters every list page may meet even if it did not ask for them on a plain request.
ALWAYS = ("page", "pagina", "antes", "page_size", "cursor", "q", "busca")


@contextmanager
def recording():
    """Record every key looked up in any QueryDict (the request's GET, mostly)."""
    seen = []
    originals = {}
    for name in ("get", "getlist", "__getitem__", "__contains__"):
        original = getattr(QueryDict, name)
        originals[name] = original

        def spy(self, key, *args, _original=original, **kwargs):
            if isinstance(key, str):
                seen.append(key)
            return _original(self, key, *args, **kwargs)

        setattr(QueryDict, name, spy)
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


def pages():
    """(url, persona) for every GET probe of the matrix, with a persona that gets 200."""
    found = []
    entries = matrix(objects())
    for name in sorted(n for n in url_names() if not n.startswith(WAGTAIL_NAMES)):
        for probe in entries[name]:
            if probe.method != "get":
                continue
            persona = next((p for p in [ANON, *PERSONAS] if probe.expect(p) == 200), None)
            if persona is not None:
                found.append((reverse(name, args=probe.args), persona))
    from wagtail.models import Page

    for page in Page.objects.live().exclude(depth__lte=1).specific():
        url = page.get_url()
        if url:
            found.append((url, "cras.passos"))
    return found


def fuzz(url, client, persona, keys, failures):
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.dictionaries(st.sampled_from(keys), VALUES, min_size=1, max_size=4))
    def probe(params):
        response = client.get(url + "?" + urlencode(params))
        if response.status_code >= 500:
            failures.append(f"{persona} GET {url}?{urlencode(params)} → {response.status_code}")

    probe()


@pytest.mark.django_db
def test_no_query_string_makes_a_page_fail():
    clients = {ANON: Client(raise_request_exception=False)}
    for username in PERSONAS:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    failures = []
    targets = pages()
    assert len(targets) > 100
    for url, persona in targets:
        client = clients[persona]
        with recording() as seen:
            assert client.get(url).status_code < 500, url
        keys = sorted(set(seen) | set(ALWAYS))
        keys = [k for k in keys if k not in ("csrfmiddlewaretoken",)]

        fuzz(url, client, persona, keys, failures)
        # The inputs that broke pages before, one parameter at a time.
        for key in keys:
            for value in ("²", "\"') OR", "\x00", "99999999999999999999999"):
                response = client.get(url + "?" + urlencode({key: value}))
                if response.status_code >= 500:
                    failures.append(
                        f"{persona} GET {url}?{urlencode({key: value})} → {response.status_code}"
                    )
    assert not failures, "\n" + "\n".join(sorted(set(failures))[:60])
