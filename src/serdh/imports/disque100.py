"""Disque 100's open data (Ouvidoria Nacional de Direitos Humanos, half-year CSVs): loaded as
statistics beside SIMA's cases (monitoring.underreporting), never as cases.

One row of the file is one violation of a complaint; a complaint is one distinct protocol
``hash`` (domain-facts.md, "Counting"). Only the state's rows are kept: the national file's
other rows are counted as outside the territory, not reported one by one. The published
column names have changed between editions, so each is found by a few names (compared without
accents, case or punctuation): the complaint, its registration date, the municipality
("4211900 | PALHOÇA", a seven-digit code, or a name with the UF column), the UF, the
vulnerable group and the violation.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from serdh.monitoring import underreporting
from serdh.network.models import Municipality, fold

from .readers import FileRefused

XLSX = False
ALIASES = {
    "complaint": ("hash", "id_denuncia", "iddenuncia", "protocolo", "id"),
    "date": ("data_de_cadastro", "data_cadastro", "data_da_denuncia", "datacadastro", "data"),
    "municipality": ("municipio", "municipio_da_vitima", "cod_municipio", "municipio_ibge"),
    "uf": ("uf", "uf_da_vitima", "sg_uf"),
    "group": ("grupo_vulneravel", "grupovulneravel"),
    "violation": ("violacao", "violacoes"),
}
REQUIRED = ("complaint", "date", "municipality")
UNKNOWN = {"", "nao informado", "n/d", "nd", "ignorado", "-"}


def _key(name):
    return re.sub(r"[^a-z0-9_]", "", fold(name).replace(" ", "_"))


def find_columns(columns):
    """{role: the file's column} for the roles present."""
    present = {_key(c): c for c in columns}
    found = {}
    for role, aliases in ALIASES.items():
        match = next((present[a] for a in aliases if a in present), None)
        if match is not None:
            found[role] = match
    return found


def check_columns(columns):
    found = find_columns(columns)
    missing = [ALIASES[r][0] for r in REQUIRED if r not in found]
    if missing:
        raise FileRefused(
            _(
                "Este arquivo não parece ser dos dados abertos do Disque 100: faltam as colunas "
                "%(columns)s (ou equivalentes)."
            )
            % {"columns": ", ".join(missing)}
        )


def _month(text):
    text = text.strip()[:10]
    if len(text) == 10 and text[2] == "/":
        return date(int(text[6:]), int(text[3:5]), 1)
    return date(int(text[:4]), int(text[5:7]), 1)


class Mapper:
    source = "disque100"
    key_column = "hash"
    unique_rows = False  # a complaint has one row per violation

    def __init__(self, organization, today=None):
        state = organization.municipality.state
        self.state_code, self.uf = state.code, state.uf
        self.columns = None
        self.by_code, self.by_name = {}, {}
        for code, name in Municipality.objects.filter(state=state).values_list("code", "name"):
            self.by_code[str(code)] = code
            self.by_name[fold(name)] = code

    def _columns(self, row):
        if self.columns is None:
            self.columns = find_columns(list(row))
        return self.columns

    def external_id(self, row):
        return row.get(self._columns(row)["complaint"], "").strip()

    def parse(self, row):
        columns = self._columns(row)
        complaint = row.get(columns["complaint"], "").strip()
        place = row.get(columns["municipality"], "").strip()
        uf = row.get(columns.get("uf", ""), "").strip().upper()
        code_part, _bar, name_part = place.partition("|")
        code_part, name_part = code_part.strip(), name_part.strip()
        if code_part.isdigit() and len(code_part) == 7:
            if code_part[:2] != str(self.state_code):
                return None, complaint, []  # another state's complaint
            municipality = self.by_code.get(code_part)
        else:
            if uf and uf != self.uf:
                return None, complaint, []
            if fold(place) in UNKNOWN:
                return None, complaint, []  # no municipality: nothing to compare with
            if not uf:
                return None, complaint, []  # a name alone could be another state's
            municipality = self.by_name.get(fold(name_part or place))
        problems = []
        if not complaint:
            problems.append((columns["complaint"], "", _("Denúncia sem identificador.")))
        if municipality is None:
            problems.append(
                (columns["municipality"], place, _("Município do estado não encontrado."))
            )
        try:
            month = _month(row.get(columns["date"], ""))
        except (ValueError, IndexError):
            problems.append((columns["date"], row.get(columns["date"], ""), _("Data inválida.")))
            month = None
        if problems:
            return None, complaint, problems
        group = row.get(columns.get("group", ""), "").strip()
        return (self.state_code, municipality, month, group), complaint, []

    def existing(self, external_ids, batch):
        return underreporting.known_complaints(external_ids, batch.pk)

    def write(self, batch, user, items):
        found = {}
        for _number, complaint, (state, municipality, month, group) in items:
            entry = found.setdefault(complaint, [state, municipality, month, group, 0])
            entry[4] += 1
        created, _existing = underreporting.add_complaints(
            batch.pk, {c: tuple(v) for c, v in found.items()}
        )
        return created
