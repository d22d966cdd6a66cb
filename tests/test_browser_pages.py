"""Every page of SIMA, monitoring, interoperability and the account area, opened in a real
Chromium by a persona who may see it (the permission matrix says who): it fits a 360-px phone
without sideways scrolling, and axe-core finds no violation of impact moderate or higher.

The pages come from the permission matrix (tests/test_permission_matrix.py), so a new page
joins this tour as soon as it joins the matrix. Pages that answer something other than HTML
(CSV, PDF, JSON) are left out; so are the portal's pages (tests/test_browser_portal.py) and the
API. One test walks them all, so the browser signs each persona in once.

Rendering does not depend on the database engine: the tour runs in the SQLite pass only."""

import os

import pytest
from django.urls import reverse

from serdh.demo import cases as demo_cases
from serdh.demo import network as demo_network
from tests.browser import TIMEOUT_MS, axe_violations
from tests.matrix_support import ANON, PERSONAS
from tests.test_browser_sima import login
from tests.test_permission_matrix import WAGTAIL_NAMES, matrix, objects

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Namespaces of other tours or not pages at all.
LEFT_OUT = ("api:", "portal:", "healthz", "set_language", "accounts:logout")
# Impacts axe reports, from least to most serious; from "moderate" up a page fails.
FAILING = {"moderate", "serious", "critical"}
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 900}


def visits(entries):
    """(name, url, persona) for each GET probe, visited by the first persona allowed in."""
    order = [*PERSONAS, ANON]
    for name in sorted(entries):
        if name.startswith(LEFT_OUT) or name.startswith(WAGTAIL_NAMES):
            continue
        for probe in entries[name]:
            if probe.method != "get":
                continue
            persona = next((p for p in order if probe.expect(p) == 200), None)
            if persona is not None:
                yield name, reverse(name, args=probe.args), persona


def signed_in(browser, site, persona):
    if persona != ANON:
        return login(browser, site, persona)
    page = browser.new_context(viewport=DESK, locale="pt-BR").new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def overflow_at_phone_width(page):
    """How many CSS pixels the page is wider than a 360-px phone (0 when it fits)."""
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    culprit = ""
    if width > 0:
        # Name the widest element that sticks out, for the failure message.
        culprit = page.evaluate(
            """() => {
                let worst = null, right = window.innerWidth;
                for (const el of document.querySelectorAll('body *')) {
                    const r = el.getBoundingClientRect();
                    if (r.right > right + 0.5) { right = r.right; worst = el; }
                }
                if (!worst) return '';
                const cls = worst.className && typeof worst.className === 'string'
                    ? '.' + worst.className.trim().split(/\\s+/).join('.') : '';
                return worst.tagName.toLowerCase() + cls + ' "' +
                    (worst.textContent || '').trim().slice(0, 40) + '"';
            }"""
        )
    page.set_viewport_size(DESK)
    return width, culprit


@pytest.fixture
def tour(live_server):
    demo_network.seed()
    # Lists and inboxes full of the demo's cases, as a service sees them after a few months.
    demo_cases.generate(120, seed=7)
    entries = matrix(objects())
    return live_server.url, list(visits(entries))


@pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""),
    reason="rendering is the same on both engines: the tour runs in the SQLite pass",
)
def test_every_sima_page_fits_a_phone_and_passes_axe(browser, tour):
    site, pages = tour
    assert len(pages) > 100, "the tour lost its pages"
    problems = []
    seen = 0
    pages_of = {}
    try:
        for name, url, persona in pages:
            page = pages_of.get(persona) or pages_of.setdefault(
                persona, signed_in(browser, site, persona)
            )
            response = page.request.get(f"{site}{url}", max_redirects=0)
            if response.status != 200 or "text/html" not in response.headers.get(
                "content-type", ""
            ):
                continue  # a download, a JSON answer or a redirect: not a page to look at
            page.goto(f"{site}{url}")
            seen += 1
            if "---------" in response.text():
                problems.append(f"{url} ({persona}): a select offers Django's '---------'")
            width, culprit = overflow_at_phone_width(page)
            if width > 0:
                problems.append(f"{url} ({persona}): {width}px wider than a phone: {culprit}")
            for violation in axe_violations(page):
                if violation["impact"] in FAILING:
                    targets = [" ".join(n["target"]) for n in violation["nodes"][:3]]
                    problems.append(
                        f"{url} ({persona}): axe {violation['id']} ({violation['impact']}) "
                        f"{targets}"
                    )
    finally:
        for page in pages_of.values():
            page.context.close()
    assert seen > 100, f"only {seen} pages were HTML"
    assert not problems, f"{len(problems)} problems on {seen} pages:\n" + "\n".join(problems)
