"""The editors' area (Wagtail's admin at /editorial/) speaks Portuguese. Wagtail's own pt_BR
catalogs leave about a fifth of its strings in English ("Saved", "Autosave is paused", "The
page could not be created due to validation errors."); src/serdh/locale_supplement supplies
them, for the pages and for the admin's JavaScript catalog. After a Wagtail upgrade the last
test lists the new strings that still need a translation there."""

import ast
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from serdh.portal import models as portal

pytestmark = pytest.mark.django_db


def wagtail_msgids(domain):
    """The msgids (with context, and plural forms as (msgid, 0)) of Wagtail's English catalogs
    for the installed Wagtail apps."""
    keys = set()
    for app in apps.get_app_configs():
        if not app.name.startswith("wagtail"):
            continue
        po = Path(app.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if po.exists():
            keys |= parse_po(po.read_text(encoding="utf-8"))
    return keys


def parse_po(text):
    keys = set()
    for block in text.split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        msgid = fields.get("msgid")
        if not msgid:
            continue
        if "msgctxt" in fields:
            msgid = f"{fields['msgctxt']}\x04{msgid}"
        keys.add((msgid, 0) if "msgid_plural" in fields else msgid)
    return keys


def js_catalog(response):
    text = response.content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", text, re.S).group(1))


def test_an_editor_sees_the_admin_in_portuguese(client_for):
    editor = client_for("editor.mg")
    dashboard = editor.get("/editorial/").content.decode()
    # Wagtail's own pt_BR; the menu comes as JSON for the sidebar's script.
    assert "<title>Painel" in dashboard and '"P\\u00e1ginas"' in dashboard
    assert "Dashboard" not in dashboard and '"Pages"' not in dashboard
    news = portal.NewsPage.objects.live().first()
    edit = editor.get(f"/editorial/pages/{news.pk}/edit/").content.decode()
    assert "Salvamento automático <span>pausado</span>" in edit  # the supplement
    assert "Salvo" in edit and "Autosave is" not in edit
    assert "Saved" not in re.sub(r"<[^>]+>", " ", edit).split()
    index = portal.NewsIndexPage.objects.get()
    empty = nested_form_data(
        {
            "title": "",
            "slug": "",
            "date": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    created = editor.post(f"/editorial/pages/add/portal/newspage/{index.pk}/", empty)
    created = created.content.decode()
    assert "A página não pôde ser criada por causa de erros de validação." in created
    assert "could not be created" not in created


def test_the_admin_javascript_catalog_is_portuguese(client_for):
    response = client_for("editor.mg").get("/editorial/jsi18n/")
    assert response.status_code == 200
    catalog = js_catalog(response)
    assert catalog["A network error occurred."] == "Ocorreu um erro de rede."  # the supplement
    assert catalog["Changes have been autosaved."] == "As alterações foram salvas automaticamente."
    missing = sorted(
        key if isinstance(key, str) else key[0]
        for key in wagtail_msgids("djangojs")
        if (key if isinstance(key, str) else key[0]) not in catalog
    )
    assert missing == [], missing


def test_every_string_of_the_installed_wagtail_apps_has_a_portuguese_translation():
    with translation.override("pt-br"):
        catalog = trans_real.translation("pt-br")._catalog
        missing = sorted(str(key) for key in wagtail_msgids("django") if key not in catalog)
    assert missing == [], f"add to src/serdh/locale_supplement/pt_BR: {missing}"
