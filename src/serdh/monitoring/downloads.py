"""The managers' table downloads (dashboard tables and the table builder): CSV for
spreadsheets in Portuguese and XLSX, from rows of text and numbers."""

import csv
import io

from django.http import HttpResponse

from serdh.core import csvsafe

from . import xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _number(value):
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def csv_response(rows, name):
    """Rows as a CSV download (``;``-separated, decimal comma, UTF-8 with BOM). Text (an
    organization's name, say) is neutralized against formula injection; numbers are
    formatted by us and pass as they are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow(
            [
                ""
                if value is None
                else csvsafe.cell(value)
                if isinstance(value, str)
                else _number(value)
                for value in row
            ]
        )
    return attachment("\ufeff" + buffer.getvalue(), "text/csv; charset=utf-8", f"{name}.csv")


def xlsx_response(rows, name, sheet_name="Tabela"):
    """Rows as an XLSX spreadsheet (numbers as numbers)."""
    return attachment(xlsx.workbook(rows, sheet_name=sheet_name), XLSX_TYPE, f"{name}.xlsx")
