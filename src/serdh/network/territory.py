"""Loading the IBGE territory (states and all 5,570 municipalities) from the packaged CSV.

Used by the data migration ``network.0002`` (and by the demo, after a test flush). Loading is
idempotent: run it again with a newer CSV to add municipalities IBGE creates.
The CSV (``data/ibge_municipalities.csv``) is public IBGE data: ibge_code, name, uf_code, uf,
state_name.
"""

import csv
import unicodedata
from pathlib import Path

from .ibge import is_valid_municipality_code

CSV_PATH = Path(__file__).resolve().parent / "data" / "ibge_municipalities.csv"


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


def read_rows(path=CSV_PATH):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    bad = [r["ibge_code"] for r in rows if not is_valid_municipality_code(r["ibge_code"])]
    if bad:
        raise ValueError(f"Códigos IBGE inválidos no CSV: {', '.join(bad[:10])}")
    return rows


def load(state_model, municipality_model, path=CSV_PATH):
    """Insert or update states and municipalities; returns (states, municipalities) counts."""
    rows = read_rows(path)
    states = {}
    for row in rows:
        states[int(row["uf_code"])] = (row["uf"], row["state_name"])
    existing_states = set(state_model.objects.values_list("code", flat=True))
    state_model.objects.bulk_create(
        [
            state_model(code=c, uf=uf, name=n)
            for c, (uf, n) in states.items()
            if c not in existing_states
        ]
    )
    existing = set(municipality_model.objects.values_list("code", flat=True))
    municipality_model.objects.bulk_create(
        [
            municipality_model(
                code=int(r["ibge_code"]),
                name=r["name"],
                search_name=_fold(r["name"]),
                state_id=int(r["uf_code"]),
            )
            for r in rows
            if int(r["ibge_code"]) not in existing
        ],
        batch_size=1000,
    )
    return len(states), len(rows)
