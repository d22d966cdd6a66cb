"""Reading an uploaded file row by row, whatever its format: CSV (UTF-8 or the latin-1 that
SINAN and spreadsheets often write, ``;`` or ``,``), dBase (DBF, SINAN's own export) and
DATASUS's compressed DBC. Rows stream from disk: a file of a million rows is never in memory.

A row is ``(index, number, {COLUMN: text})``: ``index`` counts data rows from 0 (where an
import resumes), ``number`` is what the report shows (the spreadsheet's line, the header being
line 1; a DBF's record number).
"""

import csv
import os
import struct
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _

from serdh.core.errors import ServiceError

DBF_VERSIONS = {0x03, 0x83, 0x30, 0xF5, 0x8B}  # dBase III (with or without memo), FoxPro
CSV_SAMPLE = 64 * 1024


class FileRefused(ServiceError):
    """The whole file cannot be read: nothing of it is imported."""


@dataclass
class Source:
    path: Path
    format: str
    encoding: str
    columns: list
    total: int
    delimiter: str = ","  # CSV
    data_path: Path | None = None  # DBF: the file read (a DBC's decompressed copy)
    fields: tuple = ()  # DBF: (name, kind, offset, width) of each column
    header_length: int = 0  # DBF
    record_length: int = 0  # DBF

    def rows(self, start=0):
        """Each row as (index, number, {COLUMN: text}); a deleted DBF record as
        (index, number, None). A file that turns out unreadable half-way raises FileRefused."""
        reader = {"csv": _csv_rows, "dbf": _dbf_rows, "dbc": _dbf_rows, "xlsx": _xlsx_rows}[
            self.format
        ]
        try:
            yield from reader(self, start)
        except csv.Error as exc:
            raise FileRefused(
                _("O CSV tem uma aspa sem par ou um campo longo demais: confira o arquivo.")
            ) from exc


def sniff_format(head):
    if head[:1] and head[0] in DBF_VERSIONS and len(head) >= 32:
        return "dbf"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    return "csv"


def open_source(path, *, declared="", xlsx=False):
    """A Source for ``path``; FileRefused says, in Portuguese, why a file cannot be read."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(CSV_SAMPLE)
    if not head:
        raise FileRefused(_("O arquivo está vazio."))
    if declared == "dbc" or path.suffix.lower() == ".dbc":
        return _open_dbc(path)
    kind = sniff_format(head)
    if kind == "dbf":
        return _open_dbf(path)
    if kind == "xlsx" and xlsx:
        return _open_xlsx(path)
    if kind == "xlsx":
        raise FileRefused(
            _("Este é um arquivo do Excel (XLSX): para este tipo de importação, envie CSV ou DBF.")
        )
    return _open_csv(path, head)


# CSV ---------------------------------------------------------------------------------------


def _encoding_of(path):
    """UTF-8 when the whole file decodes as UTF-8, else latin-1 (cp1252's printable subset);
    a file with NUL bytes is not text (UTF-16, a spreadsheet, a binary file)."""
    utf8 = True
    with path.open("rb") as handle:
        pending = b""
        while chunk := handle.read(1 << 20):
            if b"\x00" in chunk:
                raise FileRefused(
                    _(
                        "O arquivo não é um texto CSV legível (tem bytes nulos: UTF-16, "
                        "planilha ou arquivo binário?). Salve como CSV UTF-8 ou latin-1."
                    )
                )
            if utf8:
                data = pending + chunk
                try:
                    data.decode("utf-8")
                    pending = b""
                except UnicodeDecodeError as exc:
                    # A character cut at the chunk's end is not an error; anything else is.
                    if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
                        pending = data[exc.start :]
                    else:
                        utf8 = False
    if utf8 and not pending:
        return "utf-8"
    return "latin-1"


def _text_encoding(name):
    return "utf-8-sig" if name == "utf-8" else name  # a BOM is not part of the header


def _dialect(text):
    first = text.splitlines()[0] if text else ""
    return ";" if first.count(";") > first.count(",") else ","


def _open_csv(path, head):
    encoding = _encoding_of(path)
    sample = head.decode(_text_encoding(encoding), errors="replace")
    delimiter = _dialect(sample)
    with path.open(encoding=_text_encoding(encoding), newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader)
            total = sum(1 for row in reader if any(cell.strip() for cell in row))
        except StopIteration as exc:
            raise FileRefused(_("O arquivo está vazio.")) from exc
        except csv.Error as exc:
            raise FileRefused(
                _("O CSV tem uma aspa sem par ou um campo longo demais: confira o arquivo.")
            ) from exc
    columns = [c.strip().upper() for c in header]
    return Source(path, "csv", encoding, columns, total, delimiter=delimiter)


def _csv_rows(source, start):
    with source.path.open(encoding=_text_encoding(source.encoding), newline="") as handle:
        reader = csv.reader(handle, delimiter=source.delimiter)
        next(reader)
        index = 0
        # The number a spreadsheet shows: the header is row 1 and every record, blank or
        # spread over several lines by a quoted line break, is one row.
        for number, line in enumerate(reader, start=2):
            if not any(cell.strip() for cell in line):
                continue
            if index >= start:
                yield (
                    index,
                    number,
                    {
                        column: (line[i].strip() if i < len(line) else "")
                        for i, column in enumerate(source.columns)
                    },
                )
            index += 1


def parse_date(text):
    """A date as files write it: ISO (a DBF's, as read here), AAAAMMDD or DD/MM/AAAA.
    ValueError otherwise; None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    if len(text) == 10 and text[2] == "/" and text[5] == "/":
        return date(int(text[6:]), int(text[3:5]), int(text[:2]))
    if len(text) == 8 and text.isdigit():
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return date.fromisoformat(text)


# XLSX --------------------------------------------------------------------------------------


def cell_text(value):
    """A spreadsheet cell as text: dates as DD/MM/AAAA, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet(book):
    return book["casos"] if "casos" in book.sheetnames else book.worksheets[0]


def _open_xlsx(path):
    """An Excel workbook, read as a stream (openpyxl's read-only mode): the sheet "casos" of the
    template, or else the first sheet."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or disguised file: say so, whatever the library says
        raise FileRefused(_("Não foi possível abrir a planilha (arquivo danificado?).")) from exc
    try:
        rows = _sheet(book).iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise FileRefused(_("A planilha está vazia."))
        total = sum(1 for row in rows if any(cell_text(c) for c in row))
    finally:
        book.close()
    columns = [cell_text(c).upper() for c in header]
    return Source(path, "xlsx", "", columns, total)


def _xlsx_rows(source, start):
    from openpyxl import load_workbook

    book = load_workbook(source.path, read_only=True, data_only=True)
    try:
        yield from _xlsx_records(book, source, start)
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl on a damaged sheet: say so, whatever the library says
        raise FileRefused(_("Não foi possível ler a planilha (arquivo danificado?).")) from exc
    finally:
        book.close()


def _xlsx_records(book, source, start):
    index = 0
    for number, row in enumerate(_sheet(book).iter_rows(values_only=True), start=1):
        if number == 1:
            continue
        cells = [cell_text(c) for c in row]
        if not any(cells):
            continue
        if index >= start:
            yield (
                index,
                number,
                {
                    column: (cells[i] if i < len(cells) else "")
                    for i, column in enumerate(source.columns)
                },
            )
        index += 1


# DBF and DBC ------------------------------------------------------------------------------


def _open_dbf(path, data_path=None):
    """The header of a dBase file: its columns, record count and layout, and a check that the
    file holds every record it announces (a cut download is refused whole)."""
    data_path = data_path or path
    with data_path.open("rb") as handle:
        header = handle.read(32)
        if len(header) < 32 or header[0] not in DBF_VERSIONS:
            raise FileRefused(_("O arquivo não é um DBF (dBase) válido."))
        count, header_length, record_length = struct.unpack("<IHH", header[4:12])
        fields = []
        offset = 1
        while True:
            descriptor = handle.read(32)
            if not descriptor or descriptor[:1] == b"\r":
                break
            if len(descriptor) < 32:
                raise FileRefused(_("O cabeçalho do DBF está incompleto: o arquivo foi cortado."))
            name = descriptor[:11].split(b"\x00", 1)[0].decode("ascii", "replace").strip()
            kind = chr(descriptor[11])
            width = descriptor[16]
            fields.append((name.upper(), kind, offset, width))
            offset += width
    if offset != record_length or not fields:
        raise FileRefused(_("O cabeçalho do DBF não confere com o tamanho dos registros."))
    size = data_path.stat().st_size
    if size < header_length + count * record_length:
        found = max(0, (size - header_length) // record_length)
        raise FileRefused(
            _(
                "O arquivo está incompleto: o cabeçalho anuncia %(count)s registros e há "
                "%(found)s. Baixe ou exporte o arquivo de novo."
            )
            % {"count": count, "found": found}
        )
    return Source(
        path,
        "dbf",
        "latin-1",
        [f[0] for f in fields],
        count,
        data_path=data_path,
        fields=tuple(fields),
        header_length=header_length,
        record_length=record_length,
    )


def _dbf_text(raw, kind):
    text = raw.decode("latin-1").strip()
    if kind == "D" and len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text


def _dbf_rows(source, start):
    with source.data_path.open("rb") as handle:
        handle.seek(source.header_length + start * source.record_length)
        for index in range(start, source.total):
            record = handle.read(source.record_length)
            if len(record) < source.record_length:
                raise FileRefused(
                    _("O arquivo terminou antes do registro %(n)s.") % {"n": index + 1}
                )
            if record[:1] == b"*":  # deleted in dBase: not a record
                yield index, index + 1, None
                continue
            yield (
                index,
                index + 1,
                {
                    name: _dbf_text(record[offset : offset + width], kind)
                    for name, kind, offset, width in source.fields
                },
            )


def _open_dbc(path):
    """DATASUS's DBC is a DBF whose records are compressed (PKWARE DCL implode): decompressed
    once, beside the upload, then read as a DBF."""
    import datasus_dbc

    target = path.with_suffix(".dbf")
    if not target.exists():
        # Decompressed under another name and renamed when whole: a worker killed half-way
        # leaves no half-written DBF for the next one to trust.
        partial = path.with_suffix(f".{os.getpid()}.partial")
        try:
            datasus_dbc.decompress(str(path), str(partial))
            os.replace(partial, target)
        except Exception as exc:  # the library says little; the user needs to know what to do
            partial.unlink(missing_ok=True)
            raise FileRefused(
                _(
                    "Não foi possível descompactar o DBC (arquivo cortado ou não é um DBC do "
                    "DATASUS)."
                )
            ) from exc
    source = _open_dbf(path, data_path=target)
    source.format = "dbc"
    return source
