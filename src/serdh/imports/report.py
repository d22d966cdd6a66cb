"""The row-by-row report of a batch as CSV (row, column, value, problem), in Portuguese, safe to
open in a spreadsheet (core.csvsafe neutralises formulas)."""

import csv

from django.utils.translation import gettext as _

from serdh.core.csvsafe import cell


def write_csv(batch, out):
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("linha"), _("coluna"), _("valor"), _("problema")])
    for problem in batch.problems.order_by("row", "pk").iterator(chunk_size=2000):
        writer.writerow(
            [problem.row, cell(problem.column), cell(problem.value), cell(problem.problem)]
        )
