"""Playwright driving Debian's Chromium. Without a Chromium the browser tests skip, saying why;
with CI=true a missing browser is a failure."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
# How long a page, a click or an assertion may take. .ci/run runs the SQLite and PostgreSQL
# passes side by side on 2 cores with Chromium beside each: a heavy page (Wagtail's editor)
# has taken more than 15 s there. A longer wait costs nothing when the page is on time.
TIMEOUT_MS = 45_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path():
    for candidate in (
        os.environ.get("SERDH_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found (install Debian's 'chromium' package)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI=true requires the browser tests to run")
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def site(live_server):
    """The demo network on a live server (a journey that needs more data defines its own)."""
    from serdh.demo import network as demo_network

    demo_network.seed()
    return live_server.url


def fits_phone(page):
    """Whether the page fits a 360-px phone without sideways scrolling."""
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return overflow <= 0


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page):
    """axe-core's violations on the page once it has loaded. A click that navigates returns when
    the new page starts loading; axe run on a half-parsed document fails (seen in CI with both
    passes side by side), so wait for the load event and, if the page was still being replaced,
    run once more."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    page.wait_for_load_state("load")
    try:
        return Axe().run(page).response["violations"]
    except Error:
        page.wait_for_load_state("load")
        return Axe().run(page).response["violations"]
