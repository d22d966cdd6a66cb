"""Public open-data pages: the releases with their notes, the data dictionary and how the
numbers are protected, and the files of every release (frozen: monitoring.releases)."""

import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from serdh.core import csvsafe, replica

from . import disclosure, opendata, releases
from .models import Release


@require_GET
@replica.reading_from_replica()
def index(request):
    history = list(Release.objects.restrict(request.user).order_by("-number")[:24])
    return render(
        request,
        "monitoring/open_data.html",
        {
            "datasets": opendata.DATASETS.values(),
            "release": history[0] if history else None,
            "history": history,
            "threshold": disclosure.threshold(),
            "noise": disclosure.spread(),
            "closing_days": releases.closing_days(),
        },
    )


@require_GET
@replica.reading_from_replica()
def download(request, slug, number=None):
    dataset = opendata.DATASETS.get(slug)
    releases_seen = Release.objects.restrict(request.user)
    release = (
        releases_seen.order_by("-number").first()
        if number is None
        else releases_seen.filter(number=number).first()
    )
    if dataset is None or release is None or slug not in release.tables:
        raise Http404
    table = release.tables[slug]
    buffer = io.StringIO()
    writer = csvsafe.SafeWriter(buffer)
    writer.writerow(table["header"])
    for row in table["rows"]:
        writer.writerow(row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-v{release.number}-{release.closed_through:%Y-%m}.csv"'
    )
    return response
