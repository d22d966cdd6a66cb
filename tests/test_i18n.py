"""pt-BR first, English as a choice: the catalog exists, is compiled and covers the interface."""

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[1] / "src" / "serdh" / "locale"


def test_choosing_english_translates_the_interface(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/conta/entrar/"})
    html = client.get("/conta/entrar/").content.decode()
    assert "Sign in to SER-DH" in html and "Entrar no SER-DH" not in html
    client.post(reverse("set_language"), {"language": "pt-br", "next": "/"})
    assert "Entrar no SER-DH" in client.get("/conta/entrar/").content.decode()


def test_the_english_catalog_is_complete_and_its_compiled_file_is_current():
    po = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not Path("/usr/bin/msgfmt").exists():
        pytest.skip("GNU gettext (msgfmt) is not installed")
    stats = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    assert stats.returncode == 0, stats.stderr
    assert "untranslated" not in stats.stderr and "fuzzy" not in stats.stderr
    fresh = subprocess.run(["msgfmt", "-o", "-", str(po)], capture_output=True).stdout
    assert fresh == mo.read_bytes(), "run: cd src/serdh && serdh compilemessages -l en"


def test_role_names_are_translated(settings, db):
    from django.utils import translation

    from serdh.core.roles import Role

    with translation.override("en"):
        labels = {str(r.label) for r in Role}
    with translation.override(settings.LANGUAGE_CODE):
        assert not labels & {str(r.label) for r in Role}
