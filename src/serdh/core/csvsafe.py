"""CSV cells that a spreadsheet will not run (OWASP "CSV Injection").

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)`` can leak the sheet or
run a command). Such cells get a leading apostrophe, which spreadsheets show as text. Numbers
written by the application itself are not text cells and pass unchanged.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose text cells are neutralized."""

    def __init__(self, buffer, **options):
        self._writer = csv.writer(buffer, **options)

    def writerow(self, row):
        return self._writer.writerow([cell(value) for value in row])
