"""Loading resident population (the denominator of rates) from a CSV file.

Format (UTF-8, header required, ``,`` or ``;`` as separator):

    codigo_ibge,ano,populacao,fonte
    3147907,2025,115000,IBGE estimativa 2025

``fonte`` is optional. Every row is checked (a known IBGE code, a year from 1970 to next
year, a positive whole number); any error stops the load with the row number and nothing is
written. Rows for a (municipality, year) already loaded replace it.
"""

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from serdh.network.models import Municipality

from .models import Population

REQUIRED = ("codigo_ibge", "ano", "populacao")


@dataclass
class LoadError(Exception):
    line: int
    message: str

    def __str__(self):
        return f"linha {self.line}: {self.message}"


def parse(text):
    """[(code, year, population, source)] or LoadError naming the first bad row."""
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LoadError(1, f"cabeçalho sem as colunas {', '.join(missing)}")
    reader.fieldnames = header
    known = set(Municipality.objects.values_list("code", flat=True))
    last_year = timezone.localdate().year + 1
    rows, seen = [], set()
    for line, row in enumerate(reader, start=2):
        code = (row.get("codigo_ibge") or "").strip()
        year = (row.get("ano") or "").strip()
        people = (row.get("populacao") or "").strip().replace(".", "").replace(" ", "")
        if not (code.isascii() and code.isdigit()) or int(code) not in known:
            raise LoadError(line, f"código IBGE desconhecido: {code!r}")
        if not (year.isascii() and year.isdigit()) or not 1970 <= int(year) <= last_year:
            raise LoadError(line, f"ano inválido: {year!r}")
        if not (people.isascii() and people.isdigit()) or int(people) <= 0:
            raise LoadError(line, f"população inválida: {row.get('populacao')!r}")
        if (code, year) in seen:
            raise LoadError(line, f"município {code} repetido para {year}")
        seen.add((code, year))
        rows.append((int(code), int(year), int(people), (row.get("fonte") or "").strip()[:200]))
    if not rows:
        raise LoadError(2, "nenhuma linha de dados")
    return rows


def load(text, progress=None):
    """Validate everything, then write in one transaction. Returns the number of rows."""
    rows = parse(text)
    with transaction.atomic():
        for done, (code, year, people, source) in enumerate(rows, start=1):
            Population.objects.update_or_create(
                municipality_id=code, year=year, defaults={"population": people, "source": source}
            )
            if progress and (done % 500 == 0 or done == len(rows)):
                progress(done, len(rows))
    return len(rows)
