"""No CDN, no outside network at run time: every asset comes from the application itself."""

import re
from pathlib import Path

from django.urls import reverse

SRC = Path(__file__).resolve().parents[1] / "src" / "serdh"
EXTERNAL = re.compile(r"""(src|href)\s*=\s*["']\s*(https?:)?//""", re.I)
CSS_EXTERNAL = re.compile(r"""(@import|url\()\s*["']?\s*(https?:)?//""", re.I)


def test_templates_load_nothing_from_another_host():
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if EXTERNAL.search(line):
                offenders.append(f"{template.relative_to(SRC)}:{number}")
    assert offenders == []


def test_stylesheets_load_nothing_from_another_host():
    for css in SRC.rglob("static/**/*.css"):
        assert not CSS_EXTERNAL.search(css.read_text()), css


def test_pages_are_small_and_the_policy_forbids_other_origins(client_for):
    client = client_for("admin.mg")
    response = client.get(reverse("network:organization_list"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    css = client.get("/static/serdh/css/serdh.css")
    total = len(response.content) + len(b"".join(css.streaming_content))
    assert total < 150 * 1024


def test_the_static_files_are_listed_once_per_process_not_once_per_test_client(monkeypatch):
    from whitenoise import middleware as whitenoise

    from serdh.core.static import StaticFilesMiddleware

    listings = []
    real = whitenoise.finders.get_finders
    monkeypatch.setattr(whitenoise.finders, "get_finders", lambda: listings.append(1) or real())
    monkeypatch.setattr(StaticFilesMiddleware, "_listed", {})
    first = StaticFilesMiddleware(lambda request: None)
    second = StaticFilesMiddleware(lambda request: None)
    assert len(listings) == 1
    assert "/static/serdh/css/serdh.css" in second.files
    assert second.files.keys() == first.files.keys()
