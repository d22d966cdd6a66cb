"""Generated SINAN violence notifications (Faker pt_BR, never real people) as the files a
municipality exports: CSV (UTF-8 or latin-1) and dBase (DBF, latin-1), with SINAN's column
names. Used by the tests and by bench/import_sinan.py."""

import csv
import random
import struct
from datetime import date, timedelta

from faker import Faker

from serdh.obligations.sinan_codes import (
    DISABILITY_COLUMNS,
    MEANS_COLUMNS,
    RELATIONSHIP_COLUMNS,
    SEXUAL_COLUMNS,
    TYPE_COLUMNS,
)

PASSOS = 3147907
COLUMNS = (
    "NU_NOTIFIC",
    "TP_NOT",
    "ID_AGRAVO",
    "DT_NOTIFIC",
    "SG_UF_NOT",
    "ID_MUNICIP",
    "DT_OCOR",
    "NM_PACIENT",
    "DT_NASC",
    "NU_IDADE_N",
    "CS_SEXO",
    "CS_RACA",
    "ID_CNS_SUS",
    "NM_MAE_PAC",
    "ID_MN_RESI",
    "ORIENT_SEX",
    "IDENT_GEN",
    *DISABILITY_COLUMNS,
    "ID_MN_OCOR",
    "LOCAL_OCOR",
    "OUT_VEZES",
    "LES_AUTOP",
    "VIOL_MOTIV",
    *TYPE_COLUMNS,
    *MEANS_COLUMNS,
    *SEXUAL_COLUMNS,
    *RELATIONSHIP_COLUMNS,
    "AUTOR_SEXO",
    "DT_ENCERRA",
)
DATES = ("DT_NOTIFIC", "DT_OCOR", "DT_NASC", "DT_ENCERRA")
WIDTHS = {
    "NU_NOTIFIC": 7,
    "ID_AGRAVO": 4,
    "SG_UF_NOT": 2,
    "ID_MUNICIP": 6,
    "ID_MN_RESI": 6,
    "ID_MN_OCOR": 6,
    "NU_IDADE_N": 4,
    "NM_PACIENT": 70,
    "NM_MAE_PAC": 70,
    "ID_CNS_SUS": 15,
    "VIOL_MOTIV": 2,
    "LOCAL_OCOR": 2,
}


def provisional_cns(rng):
    """A CNS that passes the check (starts with 7: weighted sum of 15 digits ≡ 0 mod 11)."""
    while True:
        digits = "7" + "".join(str(rng.randrange(10)) for _ in range(13))
        total = sum(int(d) * w for d, w in zip(digits, range(15, 1, -1), strict=True))
        last = (11 - total % 11) % 11
        if last < 10:
            return digits + str(last)


def rows(count, *, seed=16, municipality=PASSOS, first_number=1, year=2025):
    """``count`` notifications of ``municipality``, each with one to three kinds of violence."""
    fake = Faker("pt_BR")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    six = str(municipality)[:6]
    out = []
    for n in range(count):
        notified = date(year, 1, 1) + timedelta(days=rng.randrange(300))
        occurred = notified - timedelta(days=rng.randrange(10))
        age = rng.choice([rng.randrange(0, 18), rng.randrange(18, 90)])
        born = occurred - timedelta(days=age * 365 + rng.randrange(300))
        sex = rng.choice("FFM")
        row = dict.fromkeys(COLUMNS, "")
        types = rng.sample(range(len(TYPE_COLUMNS)), rng.choice((1, 1, 2, 3)))
        for i, column in enumerate(TYPE_COLUMNS):
            row[column] = "1" if i in types else "2"
        sexual = "1" in row["VIOL_SEXU"]
        for i, column in enumerate(SEXUAL_COLUMNS):
            row[column] = ("1" if i == rng.randrange(5) else "2") if sexual else "8"
        for column in MEANS_COLUMNS:
            row[column] = "1" if rng.random() < 0.2 else "2"
        relation = rng.choice(RELATIONSHIP_COLUMNS[:-2])
        for column in RELATIONSHIP_COLUMNS:
            row[column] = "1" if column == relation else "2"
        for column in DISABILITY_COLUMNS:
            row[column] = "2"
        row.update(
            NU_NOTIFIC=f"{first_number + n:07d}",
            TP_NOT="2",
            ID_AGRAVO="Y09",
            DT_NOTIFIC=notified.isoformat(),
            SG_UF_NOT="31",
            ID_MUNICIP=six,
            DT_OCOR=occurred.isoformat(),
            NM_PACIENT=(fake.name_female() if sex == "F" else fake.name_male()).upper(),
            DT_NASC=born.isoformat(),
            NU_IDADE_N=f"4{age:03d}",
            CS_SEXO=sex,
            CS_RACA=rng.choice("12345"),
            ID_CNS_SUS=provisional_cns(rng) if rng.random() < 0.6 else "",
            NM_MAE_PAC=fake.name_female().upper(),
            ID_MN_RESI=six,
            ORIENT_SEX=rng.choice("1189"),
            IDENT_GEN=rng.choice("889"),
            ID_MN_OCOR=six,
            LOCAL_OCOR=rng.choice(["01", "01", "03", "06", "99"]),
            OUT_VEZES=rng.choice("129"),
            LES_AUTOP="2",
            VIOL_MOTIV=rng.choice(["01", "06", "88", "99"]),
            AUTOR_SEXO=rng.choice("1129"),
        )
        out.append(row)
    return out


def _display_date(iso):
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""


def write_csv(records, path, *, encoding="utf-8", delimiter=";", columns=COLUMNS):
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(columns)
        for record in records:
            writer.writerow(
                [
                    _display_date(record.get(c, "")) if c in DATES else record.get(c, "")
                    for c in columns
                ]
            )
    return path


def write_dbf(records, path, *, columns=COLUMNS, announce=None):
    """A dBase III file (latin-1) as SINAN writes; ``announce`` overrides the record count in
    the header (a file cut short)."""
    layout = [
        (c, b"D" if c in DATES else b"C", 8 if c in DATES else WIDTHS.get(c, 1)) for c in columns
    ]
    header_length = 32 + 32 * len(layout) + 1
    record_length = 1 + sum(width for _c, _k, width in layout)
    with open(path, "wb") as out:
        out.write(
            struct.pack(
                "<BBBBIHH20x",
                0x03,
                125,
                1,
                1,
                len(records) if announce is None else announce,
                header_length,
                record_length,
            )
        )
        for name, kind, width in layout:
            out.write(struct.pack("<11sc4xBB14x", name.encode("ascii"), kind, width, 0))
        out.write(b"\r")
        for record in records:
            out.write(b" ")
            for name, kind, width in layout:
                value = record.get(name, "") or ""
                if kind == b"D":
                    value = value.replace("-", "")
                out.write(str(value)[:width].ljust(width).encode("latin-1", "replace"))
        out.write(b"\x1a")
    return path


def implode_literals(data):
    """``data`` as a PKWARE DCL "implode" stream that uses no back-references: a header (uncoded
    literals, 4 KB dictionary), then each byte as a 0 flag bit and its eight bits, then the end
    code (a length/distance flag, the inverted 7-bit canonical code of length symbol 15 and
    eight extra bits of ones: length 519). Bits are packed from the least significant. Enough
    to make DATASUS-style DBC files for the tests; real DBC files use back-references too."""
    out = bytearray([0, 4])
    buffer = count = 0

    def put(value, bits):
        nonlocal buffer, count
        buffer |= value << count
        count += bits
        while count >= 8:
            out.append(buffer & 0xFF)
            buffer >>= 8
            count -= 8

    for byte in data:
        put(0, 1)
        put(byte, 8)
    put(1, 1)
    put(0, 7)  # code 1111111 of symbol 15, every bit inverted
    put(0xFF, 8)
    if count:
        out.append(buffer & 0xFF)
    return bytes(out)


def write_dbc(records, path, **kwargs):
    """A DATASUS DBC: the DBF's header as it is, four bytes (a CRC the readers skip), then the
    records compressed."""
    dbf = path.with_suffix(".tmp-dbf")
    write_dbf(records, dbf, **kwargs)
    raw = dbf.read_bytes()
    dbf.unlink()
    header_length = struct.unpack("<H", raw[8:10])[0]
    path.write_bytes(raw[:header_length] + b"\0\0\0\0" + implode_literals(raw[header_length:]))
    return path
