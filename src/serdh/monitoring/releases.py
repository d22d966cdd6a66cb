"""Releases of the open data: what the public sees is frozen, versioned and dated.

A month is *closed* ``SERDH_RELEASE_CLOSING_DAYS`` days (default 30) after it ends: by then
the network has registered most of what happened in it. A release holds the protected tables
(monitoring.opendata) of every month closed at its date, as published; it is never
recomputed. The worker publishes one when a new month closes (``publish_due``); an
extraordinary correction is published with ``serdh monitoring release --note``. Each release
says what changed since the one before (months added, cells of earlier months that moved
because cases were corrected or registered late), and every release stays downloadable.

Live numbers never reach the public: registering a case changes nothing published until
the next release, and then only through the cell-key method, so two releases differ by noise
as much as by cases.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from serdh.core import audit, replica

from . import opendata
from .models import Release

MONTH_TYPE = "violacoes-por-mes-e-tipo"
YEAR_TYPE = "violacoes-por-ano-e-tipo"


def closing_days():
    return getattr(settings, "SERDH_RELEASE_CLOSING_DAYS", 30)


def closed_through(today=None):
    """The last month (day 1) closed on ``today``."""
    today = today or timezone.localdate()
    last = today.replace(day=1) - timedelta(days=1)  # end of last month
    while last + timedelta(days=closing_days()) > today:
        last = last.replace(day=1) - timedelta(days=1)
    return last.replace(day=1)


def latest():
    return Release.objects.order_by("-number").first()


def tables_for(last, with_truth=False):
    """{slug: {"header", "rows"}} of every dataset for the months closed through ``last``
    (``with_truth``: also {slug: ProtectedTable}, for measuring, never published)."""
    out, protected = {}, {}
    months = opendata.DATASETS[MONTH_TYPE].build(last)
    for slug, dataset in opendata.DATASETS.items():
        grid = months if slug == MONTH_TYPE else dataset.build(last)
        decided = None
        if slug == YEAR_TYPE:
            decided = opendata.year_type_linked(grid, months, protected[MONTH_TYPE].cells)
        header, rows, protected[slug] = opendata.table(dataset, grid, decided)
        out[slug] = {"header": header, "rows": rows}
    return (out, protected) if with_truth else out


# Where each dataset's period is on its lines (a month AAAA-MM, a year, or "Total").
PERIOD_COLUMN = {MONTH_TYPE: 0, YEAR_TYPE: 0, "violacoes-por-municipio-e-ano": 2}


def _comparable(period, previous, last):
    """Whether a line's period covers the same months in ``previous`` and now."""
    if last == previous.closed_through:
        return True
    if period == opendata.TOTAL:
        return False
    if len(period) == 7:  # a month
        return period <= f"{previous.closed_through:%Y-%m}"
    return int(period) < previous.closed_through.year


def _changed_cells(previous, last, tables):
    """How many published figures of periods ``previous`` already covered show another value
    now: late registrations and corrections (and their noise)."""
    changed = 0
    for slug, table in tables.items():
        where = PERIOD_COLUMN.get(slug)
        old = {tuple(r[:-1]): r[-1] for r in previous.tables.get(slug, {}).get("rows", [])}
        for row in table["rows"]:
            key = tuple(row[:-1])
            if key in old and old[key] != row[-1] and _comparable(row[where], previous, last):
                changed += 1
    return changed


def _month_name(month):
    name = date_format(month, "F \\d\\e Y")
    return name.lower() if translation.get_language().startswith("pt") else name


def _note(previous, last, tables, extra=""):
    if previous is None:
        text = _("Primeira versão: meses fechados até %(m)s.") % {"m": _month_name(last)}
    else:
        parts = []
        if last > previous.closed_through:
            parts.append(_("Inclui %(m)s.") % {"m": _month_name(last)})
        changed = _changed_cells(previous, last, tables)
        if changed:
            parts.append(
                _(
                    "%(n)d números já publicados mudaram: casos de meses anteriores foram "
                    "registrados depois ou corrigidos."
                )
                % {"n": changed}
            )
        text = " ".join(parts) or _("Sem mudanças nos números.")
    return f"{text} {extra}".strip()


def publish(note="", user=None, today=None, force=False):
    """A new release for the months closed on ``today``; None when nothing would change
    (unless ``force``). ``note`` is added to the generated release note."""
    last = closed_through(today)
    # The tables are the heavy read: from the replica when it is fresh (months closed weeks
    # ago, so a few seconds of lag change nothing), unless the caller is inside a transaction.
    with replica.reading_from_replica():
        tables = tables_for(last)
    return _publish(last, tables, note, user, force)


@transaction.atomic
def _publish(last, tables, note, user, force):
    previous = latest()
    if (
        not force
        and previous is not None
        and previous.closed_through == last
        and previous.tables == tables
    ):
        return None
    release = Release.objects.create(
        number=(previous.number + 1) if previous else 1,
        published_at=timezone.now(),
        closed_through=last,
        note=_note(previous, last, tables, note),
        tables=tables,
        published_by=user,
    )
    audit.record(
        "monitoring.release_published",
        obj=release,
        data={"number": release.number, "closed_through": f"{last:%Y-%m}"},
    )
    return release


def publish_due(today=None):
    """The worker's periodic job: a release when a month has closed since the last one."""
    previous = latest()
    if previous is not None and previous.closed_through >= closed_through(today):
        return None
    return publish(today=today)


def rows_of(release, slug):
    """The published rows of one dataset of a release (empty when it has none)."""
    if release is None:
        return []
    return release.tables.get(slug, {}).get("rows", [])
