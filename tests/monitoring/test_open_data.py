"""Open data: public CSV files protected as whole tables; the attack of test_disclosure cannot
recover any hidden cell, and the demo's files show suppression where counts are small."""

import csv
import io

import pytest
from django.test import Client

from serdh.demo import cases as demo_cases
from serdh.monitoring import opendata
from tests.monitoring.test_disclosure import attack

pytestmark = pytest.mark.django_db


def read(slug):
    response = Client().get(f"/dados-abertos/{slug}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def grid(rows):
    """The published long table back as a grid (None for hidden) with its totals."""
    body = rows[1:]
    row_labels = [r for r in dict.fromkeys(r[0] for r in body) if r != "Total"]
    columns = [c for c in dict.fromkeys(r[1] for r in body) if c != "Total"]
    value = {(r[0], r[1]): (int(r[2]) if r[2] else None) for r in body}
    return row_labels, columns, value


def test_each_file_is_a_protected_table_no_hidden_cell_can_be_recovered():
    demo_cases.generate(400, seed=21)
    hidden_anywhere = 0
    for slug, dataset in opendata.DATASETS.items():
        row_labels, column_labels, cells = dataset.build()
        rows = read(slug)
        assert rows[0] == [dataset.row_name, dataset.column_name, "violacoes"]
        labels, columns, value = grid(rows)
        assert labels == row_labels and columns == column_labels
        hidden = set()
        for r, label in enumerate([*labels, "Total"]):
            for c, column in enumerate([*columns, "Total"]):
                if value[(label, column)] is None:
                    hidden.add((r, c))
                elif r < len(labels) and c < len(columns):
                    assert value[(label, column)] == cells[r][c]
        for position, (low, high) in attack(cells, hidden).items():
            assert high - low >= 1, f"{slug}: cell {position} recovered"
        shown = [v for v in value.values() if v is not None]
        assert all(v == 0 or v >= 5 for v in shown)
        hidden_anywhere += len(hidden)
    # The demo's small counts (a rare type in a month) show as empty cells.
    assert hidden_anywhere


def test_the_open_data_page_lists_every_file_with_its_dictionary():
    page = Client().get("/dados-abertos/")
    html = page.content.decode()
    for slug, dataset in opendata.DATASETS.items():
        assert f"/dados-abertos/{slug}.csv" in html
        assert f"<code>{dataset.row_name}</code>" in html
    assert "<code>violacoes</code>" in html
