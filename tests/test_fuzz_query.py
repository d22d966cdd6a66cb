"""No query string makes any page answer 500 (issue 11).

Found by hand before: ``/sima/casos/?antes=²`` (a non-ASCII digit in the cursor) and
``/busca/?q=%22%27%29%20OR`` (full-text syntax reaching SQLite's FTS5). This test finds the
rest the way an attacker would: every GET page of the permission matrix (SIMA, accounts,
interop, monitoring, the API) and every portal page, requested by a persona that may open it,
first plainly to learn which query parameters the page reads (every ``QueryDict`` lookup is
recorded), then with hypothesis-generated values for those parameters, from a pool of the
inputs that broke pages before (other scripts' digits, quotes, full-text operators, NUL bytes,
huge numbers, impossible dates) and arbitrary text. Any 5xx fails, with the request that did it.

Two things keep it within the CI budget without leaving a page out:

- The inputs that broke pages before are sent one parameter at a time, to the parameters the
  page looked up on its plain request (and to the usual list parameters when it reads the
  query string whole). A parameter the page does not read (no lookup of its name in any
  QueryDict, and no QueryDict read in bulk) while it carries the first of them cannot change
  the page's answer, so its other values are not sent; a parameter the page reads gets all
  of them. The hypothesis round sends any of them, the usual list parameters included.
- Several probes of the matrix open the same page (view) for different objects or personas,
  and several portal pages share a page type. The first target of each page is fuzzed in every
  run; the others are dealt out among the runs that ``SERDH_FUZZ_SHARE=i/n`` names (.ci/run:
  ``1/2`` on SQLite, ``2/2`` on PostgreSQL), so each CI run fuzzes every target at least once,
  every page on both databases. Without ``SERDH_FUZZ_SHARE`` every target is fuzzed. Every
  target gets its plain request in every run.
"""

import os
import sys
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from serdh.accounts.models import User
from serdh.core.middleware import RejectNulMiddleware
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


BULK = "*"  # recorded when a QueryDict is read whole: any parameter may count
# Reads every parameter of every request only to refuse a NUL byte (with 400, whatever the
# parameter), so it is not a read of a particular parameter; the NUL byte is still sent in
# every parameter a page reads.
NUL_CHECK = {f"{RejectNulMiddleware.__qualname__}.__call__"}


def internal(frame):
    """A QueryDict calling itself (parsing the query string looks every key up): not a read."""
    return frame.f_code.co_qualname.startswith(("MultiValueDict.", "QueryDict."))


@contextmanager
def recording():
    """Record every key looked up in any QueryDict (the request's GET, mostly), and ``BULK``
    when one is read whole (its items, lists, values, a copy, an urlencode)."""
    seen = []
    originals = {}
    for name in ("get", "getlist", "__getitem__", "__contains__", "pop", "setdefault"):
        original = getattr(QueryDict, name)
        originals[name] = original

        def spy(self, key, *args, _original=original, **kwargs):
            if isinstance(key, str) and not internal(sys._getframe(1)):
                seen.append(key)
            return _original(self, key, *args, **kwargs)

        setattr(QueryDict, name, spy)
    for name in ("items", "lists", "values", "dict", "copy", "urlencode", "__deepcopy__"):
        original = getattr(QueryDict, name)
        originals[name] = original

        def bulk_spy(self, *args, _original=original, **kwargs):
            caller = sys._getframe(1)
            if not internal(caller) and caller.f_code.co_qualname not in NUL_CHECK:
                seen.append(BULK)
            return _original(self, *args, **kwargs)

        setattr(QueryDict, name, bulk_spy)
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


def pages():
    """(url, persona) for every GET probe of the matrix, with a persona that gets 200."""
    return [(url, persona) for url, persona, _page in page_targets()]


def page_targets():
    """``pages()`` with the page each URL opens: (url, persona, view name or portal page type)."""
    found = []
    entries = matrix(objects())
    for name in sorted(n for n in url_names() if not n.startswith(WAGTAIL_NAMES)):
        for probe in entries[name]:
            if probe.method != "get":
                continue
            persona = next((p for p in [ANON, *PERSONAS] if probe.expect(p) == 200), None)
            if persona is not None:
                found.append((reverse(name, args=probe.args), persona, name))
    from wagtail.models import Page

    for page in Page.objects.live().exclude(depth__lte=1).specific():
        url = page.get_url()
        if url:
            found.append((url, "cras.passos", f"portal:{type(page).__name__}"))
    return found


def share():
    """(i, n) from SERDH_FUZZ_SHARE=i/n: this run fuzzes the i-th of n shares; (1, 1) if unset."""
    value = os.environ.get("SERDH_FUZZ_SHARE", "").strip()
    if not value:
        return 1, 1
    i, n = (int(part) for part in value.split("/"))
    assert 1 <= i <= n, f"SERDH_FUZZ_SHARE={value!r}: expected i/n with 1 <= i <= n"
    return i, n


def fuzzed_here(targets, i, n):
    """The targets this run fuzzes: the first one of each page, and the others in turn."""
    chosen, extra = [], {}
    for url, persona, page in targets:
        k = extra.get(page, -1)
        extra[page] = k + 1
        if k < 0 or k % n == i - 1:
            chosen.append((url, persona))
    return chosen


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


NASTY_ONE_AT_A_TIME = ("²", "\"') OR", "\x00", "99999999999999999999999")


def test_every_share_leaves_no_target_out():
    targets = [
        (f"/{page}/{k}/", "p", page)
        for page, count in (("a", 1), ("b", 4), ("c", 7))
        for k in range(count)
    ]
    everything = fuzzed_here(targets, 1, 1)
    assert everything == [(url, persona) for url, persona, _ in targets]
    halves = [fuzzed_here(targets, i, 2) for i in (1, 2)]
    assert set(halves[0]) | set(halves[1]) == set(everything)
    firsts = {("/a/0/", "p"), ("/b/0/", "p"), ("/c/0/", "p")}
    assert firsts <= set(halves[0]) & set(halves[1])
    assert len(halves[0]) + len(halves[1]) == len(everything) + len(firsts)


@pytest.mark.django_db
def test_no_query_string_makes_a_page_fail():
    clients = {ANON: Client(raise_request_exception=False)}
    for username in PERSONAS:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(username=username))
        clients[username] = client
    failures = []
    targets = page_targets()
    assert len(targets) > 100
    fuzzed = set(fuzzed_here(targets, *share()))
    for url, persona, _page in targets:
        client = clients[persona]
        with recording() as seen:
            assert client.get(url).status_code < 500, url
        if (url, persona) not in fuzzed:
            continue
        read_plainly = set(seen) - {BULK, "csrfmiddlewaretoken"}
        keys = sorted(read_plainly | set(ALWAYS))

        fuzz(url, client, persona, keys, failures)
        # The inputs that broke pages before, one parameter at a time: each parameter the page
        # looked up on the plain request, and the usual list parameters (ALWAYS) too when the
        # page reads the query string whole (a parameter it did not look up and does not read
        # in bulk cannot change its answer: the hypothesis round above still sends them).
        one_at_a_time = sorted(read_plainly | (set(ALWAYS) if BULK in seen else set()))
        for key in one_at_a_time:
            for n, value in enumerate(NASTY_ONE_AT_A_TIME):
                with recording() as read:
                    response = client.get(url + "?" + urlencode({key: value}))
                if response.status_code >= 500:
                    failures.append(
                        f"{persona} GET {url}?{urlencode({key: value})} → {response.status_code}"
                    )
                if n == 0 and key not in read and BULK not in read:
                    break  # the page ignores this parameter: its other values change nothing
    assert not failures, "\n" + "\n".join(sorted(set(failures))[:60])
