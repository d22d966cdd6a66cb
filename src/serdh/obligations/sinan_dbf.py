"""The notifications a health service recorded, as a dBase III file with SINAN's column names
(the DATASUS microdata layout, VIOLBRyy), so that what was typed in SIMA is not typed again.

Written here (the format is small and fixed: a header, one 32-byte descriptor per column, fixed-
width records, latin-1 like SINAN's own files); read back in the tests by an independent reader
(dbfread). No names, mother's names or card numbers: the export carries the codes the microdata
carry."""

import struct
from datetime import date

from . import sinan

WIDTHS = {
    "NU_NOTIFIC": 7,
    "ID_AGRAVO": 4,
    "SEM_NOT": 6,
    "NU_ANO": 4,
    "SG_UF_NOT": 2,
    "ID_MUNICIP": 6,
    "ID_MN_RESI": 6,
    "ID_MN_OCOR": 6,
    "NU_IDADE_N": 4,
    "CS_ESCOL_N": 2,
    "VIOL_MOTIV": 2,
    "LOCAL_OCOR": 2,
}
DATES = ("DT_NOTIFIC", "DT_OCOR", "DT_NASC")
COLUMNS = (
    "NU_NOTIFIC",
    "TP_NOT",
    "ID_AGRAVO",
    "DT_NOTIFIC",
    "SEM_NOT",
    "NU_ANO",
    "SG_UF_NOT",
    "ID_MUNICIP",
    "TPUNINOT",
    "DT_OCOR",
    "DT_NASC",
    "NU_IDADE_N",
    "CS_SEXO",
    "CS_GESTANT",
    "CS_RACA",
    "CS_ESCOL_N",
    "ID_MN_RESI",
    "ORIENT_SEX",
    "IDENT_GEN",
    "DEF_TRANS",
    *sinan.DISABILITY_COLUMNS,
    "ID_MN_OCOR",
    "LOCAL_OCOR",
    "OUT_VEZES",
    "LES_AUTOP",
    "VIOL_MOTIV",
    *sinan.TYPE_COLUMNS,
    *sinan.MEANS_COLUMNS,
    *sinan.SEXUAL_COLUMNS,
    *(column for column, _label in sinan.PROCEDURES),
    "NUM_ENVOLV",
    *sinan.RELATIONSHIP_COLUMNS,
    "AUTOR_SEXO",
    "AUTOR_ALCO",
    "CICL_VID",
    *(column for column, _label in sinan.REFERRALS),
    "REL_TRAB",
    "REL_CAT",
)


def _descriptor(name):
    kind = b"D" if name in DATES else b"C"
    width = 8 if name in DATES else WIDTHS.get(name, 1)
    return struct.pack("<11sc4xBB14x", name.encode("ascii"), kind, width, 0), width


def _value(name, value, width):
    if name in DATES:
        return (value.replace("-", "") if value else "").ljust(8).encode("ascii")
    return str(value or "")[:width].ljust(width).encode("latin-1", "replace")


def write(records, stream, today=None):
    """``records``: iterable of {column: value} (sinan.columns); dates as ISO strings."""
    records = list(records)
    today = today or date.today()
    descriptors = [_descriptor(name) for name in COLUMNS]
    header_length = 32 + 32 * len(COLUMNS) + 1
    record_length = 1 + sum(width for _d, width in descriptors)
    stream.write(
        struct.pack(
            "<BBBBIHH20x",
            0x03,
            today.year - 1900,
            today.month,
            today.day,
            len(records),
            header_length,
            record_length,
        )
    )
    for descriptor, _width in descriptors:
        stream.write(descriptor)
    stream.write(b"\r")
    for record in records:
        stream.write(b" ")
        for name, (_d, width) in zip(COLUMNS, descriptors, strict=True):
            stream.write(_value(name, record.get(name, ""), width))
    stream.write(b"\x1a")
