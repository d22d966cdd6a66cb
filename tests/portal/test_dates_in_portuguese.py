"""Dates in Portuguese write the month in lower case ("27 de novembro de 2026"), as the language
does; Django's pt_BR catalog capitalizes it, and src/serdh/locale_supplement corrects that for
every date the project shows: SIMA's and the portal's templates, Python's date_format, Wagtail."""

import datetime
import subprocess
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from serdh.portal import models as portal

SUPPLEMENT = Path(__file__).resolve().parents[2] / "src" / "serdh" / "locale_supplement"
DAY = datetime.date(2026, 11, 27)


def test_month_names_are_in_lower_case_in_portuguese_and_capitalized_in_english():
    with translation.override("pt-br"):
        assert date_format(DAY, "DATE_FORMAT") == "27 de novembro de 2026"
        assert date_format(DAY, "YEAR_MONTH_FORMAT") == "novembro de 2026"
        rendered = Template(
            r'{{ d|date:"j \d\e F \d\e Y" }}|{{ d|date:"E" }}|{{ d|date:"N" }}|{{ d|date }}'
        ).render(Context({"d": DAY}))
        assert rendered == "27 de novembro de 2026|novembro|nov.|27 de novembro de 2026"
        months = [date_format(datetime.date(2026, m, 1), "F") for m in range(1, 13)]
        assert months == [m.lower() for m in months]
        assert months[2] == "março"
    with translation.override("en"):
        assert date_format(DAY, "F") == "November"


def test_news_listing_and_news_page_show_the_month_in_lower_case(client, db):
    news = portal.NewsPage.objects.live().first()
    news.date = DAY
    news.save_revision().publish()
    for url in (portal.NewsIndexPage.objects.get().url, news.url):
        html = client.get(url).content.decode()
        assert "27 de novembro de 2026" in html, url
        assert "Novembro" not in html, url


def test_the_supplement_catalog_is_compiled_and_current():
    if not Path("/usr/bin/msgfmt").exists():
        pytest.skip("GNU gettext (msgfmt) is not installed")
    for po in (SUPPLEMENT / "pt_BR" / "LC_MESSAGES").glob("*.po"):
        checked = subprocess.run(
            ["msgfmt", "--check", "-o", "-", str(po)], capture_output=True, check=False
        )
        assert checked.returncode == 0, checked.stderr
        assert checked.stdout == po.with_suffix(".mo").read_bytes(), (
            f"run: msgfmt -o {po.with_suffix('.mo')} {po}"
        )
