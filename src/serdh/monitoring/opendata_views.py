"""Public open-data pages: the list of files with their data dictionary, and the files."""

import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from serdh.core import csvsafe

from . import disclosure, opendata


@require_GET
def index(request):
    return render(
        request,
        "monitoring/open_data.html",
        {"datasets": opendata.DATASETS.values(), "threshold": disclosure.threshold()},
    )


@require_GET
def download(request, slug):
    dataset = opendata.DATASETS.get(slug)
    if dataset is None:
        raise Http404
    header, rows = opendata.table(dataset)
    buffer = io.StringIO()
    writer = csvsafe.SafeWriter(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    return response
