"""Reads of the RMA: the months of a unit, the units an actor answers for, punctuality, and the
state's board of who sent what (as DHIS2 shows reporting rates: expected, sent on time, late,
missing)."""

from collections import Counter as Tally
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from serdh.core import access

from . import catalog, months, services
from .choices import Punctuality
from .models import MonthlyReport
from .policies import territory_filter


def visible_units(user):
    """The CRAS and CREAS whose RMA the user may read."""
    lookups = territory_filter(access.actor_for(user), prefix="")
    if lookups is None:
        return services.units().none()
    return services.units().filter(**lookups).select_related("municipality__adhesion")


def unit_or_404(user, pk):
    unit = visible_units(user).filter(pk=pk).first()
    if unit is None:
        from serdh.core.views import deny

        deny("network.organization", pk)
    return unit


def month_or_404(year, month):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    value = months.parse(f"{year}-{month}")
    if value > months.last_closed():
        raise Http404
    return value


def expected_from(unit):
    """The first month a unit owes an RMA through SER-DH: that of its municipality's adhesion."""
    adhesion = getattr(unit.municipality, "adhesion", None)
    activated = adhesion.activated_at if adhesion else None
    return months.first_day(activated) if activated else None


def punctuality(report, month, today=None, since=None):
    today = today or timezone.localdate()
    if since is not None and month < since:
        return Punctuality.NOT_EXPECTED
    due = months.due_date(month)
    if report is not None and report.first_submitted_at is not None:
        sent = timezone.localtime(report.first_submitted_at).date()
        return Punctuality.ON_TIME if sent <= due else Punctuality.LATE
    return Punctuality.MISSING if today > due else Punctuality.PENDING


def recent_months(count, today=None):
    month = months.last_closed(today)
    out = []
    for _ in range(count):
        out.append(month)
        month = months.previous_month(month)
    return out


@dataclass
class Row:
    unit: object
    cells: list  # [(month, report or None, punctuality)]


def board(user, month_list, *, municipality=None, form=""):
    """One row per unit, one cell per month; and, per month, the tally of punctuality."""
    units = (
        visible_units(user)
        .select_related("municipality__adhesion")
        .order_by("municipality__name", "name")
    )
    if municipality:
        units = units.filter(municipality_id=municipality)
    if form:
        units = units.filter(kind=form)
    units = list(units)
    reports = {
        (r.organization_id, r.month): r
        for r in MonthlyReport.objects.filter(organization__in=units, month__in=month_list).only(
            "organization_id", "month", "status", "first_submitted_at", "submitted_at"
        )
    }
    rows, tallies = [], {m: Tally() for m in month_list}
    for unit in units:
        cells, since = [], expected_from(unit)
        for month in month_list:
            report = reports.get((unit.pk, month))
            state = punctuality(report, month, since=since)
            tallies[month][state] += 1
            cells.append((month, report, state))
        rows.append(Row(unit, cells))
    summary = []
    for month in month_list:
        tally = tallies[month]
        expected = len(units) - tally[Punctuality.NOT_EXPECTED]
        sent = tally[Punctuality.ON_TIME] + tally[Punctuality.LATE]
        summary.append(
            {
                "month": month,
                "due": months.due_date(month),
                "expected": expected,
                "on_time": tally[Punctuality.ON_TIME],
                "late": tally[Punctuality.LATE],
                "missing": tally[Punctuality.MISSING],
                "pending": tally[Punctuality.PENDING],
                "rate": round(100 * sent / expected) if expected else None,
                "rate_on_time": round(100 * tally[Punctuality.ON_TIME] / expected)
                if expected
                else None,
            }
        )
    return rows, summary


def report_rows(report):
    """The form's blocks with each item's figures, for the page and the PDF; and the figures
    by column code."""
    form = catalog.form(report.form)
    figures = {f.code: f for f in report.figures.all()}
    blocks = []
    for block in form.blocks:
        groups = []
        for group in block.groups:
            items = [
                {
                    "item": item,
                    "figure": figures.get(item.code),
                    "cells": [(cell, figures.get(cell.code)) for cell in item.cells],
                }
                for item in group.items
            ]
            groups.append({"group": group, "items": items})
        blocks.append({"block": block, "groups": groups})
    return form, blocks, figures
